package io.driftless.api.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A live object that differs from what its revision rendered. */
@Entity
@Table(name = "drift_event")
public class DriftEvent {

    public enum Kind {
        /** Changed by hand: the live object no longer matches the rendered one. */
        EDITED,
        /** Deleted by hand while its revision is live. */
        DELETED,
        /** Added by hand in a sealed namespace, without Driftless's labels. */
        UNMANAGED
    }

    /** How the drift was found. */
    public enum Cause {
        /** A watch reported the change as it happened. */
        WATCH("found by a watch"),
        /** The resync compared the cluster with the database (at start, then every resync interval). */
        RESYNC("found at resync");

        private final String label;

        Cause(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "environment_id", nullable = false, updatable = false)
    public UUID environmentId;

    @Column(name = "revision_id", nullable = false, updatable = false)
    public UUID revisionId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Kind kind;

    @Column(name = "object_kind", nullable = false, updatable = false)
    public String objectKind;

    @Column(name = "object_name", nullable = false, updatable = false)
    public String objectName;

    @Column(updatable = false)
    public String detail;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Cause cause = Cause.WATCH;

    @Column(name = "detected_at", nullable = false, updatable = false)
    public Instant detectedAt;

    @Column(name = "healed_at")
    public Instant healedAt;
}
