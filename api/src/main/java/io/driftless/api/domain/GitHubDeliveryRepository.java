package io.driftless.api.domain;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class GitHubDeliveryRepository implements PanacheRepository<GitHubDelivery> {

    public Optional<GitHubDelivery> findByDeliveryId(String deliveryId) {
        return find("deliveryId", deliveryId).firstResultOptional();
    }
}
