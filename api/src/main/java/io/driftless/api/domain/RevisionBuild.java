package io.driftless.api.domain;

import java.io.Serializable;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Which build gave a revision's built service its image. */
@Entity
@Table(name = "revision_build")
@IdClass(RevisionBuild.Key.class)
public class RevisionBuild {

    @Id
    @Column(name = "revision_id")
    public UUID revisionId;

    @Id
    public String service;

    @Column(name = "build_id", nullable = false)
    public UUID buildId;

    /** The composite id: a class with the id fields' names, as JPA wants. */
    public static class Key implements Serializable {
        public UUID revisionId;
        public String service;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && java.util.Objects.equals(revisionId, k.revisionId)
                    && java.util.Objects.equals(service, k.service);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(revisionId, service);
        }
    }
}
