package io.driftless.api.domain;

/** The life of an environment as a whole; the phase of its latest revision says the rest. */
public enum EnvironmentStatus {
    ACTIVE,
    TEARING_DOWN,
    TORN_DOWN
}
