package io.driftless.api.domain;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class AuditEventRepository implements PanacheRepository<AuditEvent> {

    /** Oldest first. */
    public List<AuditEvent> listByEnvironment(UUID environmentId) {
        return list("environmentId = ?1 order by id", environmentId);
    }
}
