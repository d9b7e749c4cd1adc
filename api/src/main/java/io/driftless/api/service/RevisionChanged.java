package io.driftless.api.service;

import java.util.UUID;

import io.driftless.api.domain.RevisionPhase;

/** A revision entered a phase. Fired after commit for live pages and bots. */
public record RevisionChanged(UUID environmentId, UUID revisionId, RevisionPhase phase) {
}
