package io.driftless.api.domain;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class RepositorySettingsRepository implements PanacheRepositoryBase<RepositorySettings, String> {
}
