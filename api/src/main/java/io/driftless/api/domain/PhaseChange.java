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

/** A revision entered a phase at a time, for a reason. Append-only history. */
@Entity
@Table(name = "revision_phase_change")
public class PhaseChange {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "revision_id", nullable = false, updatable = false)
    public UUID revisionId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public RevisionPhase phase;

    @Column(nullable = false, updatable = false)
    public Instant at;

    @Column(updatable = false)
    public String reason;
}
