package io.driftless.api.config;

import java.time.InstantSource;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.DefaultBean;

/**
 * The time policy decisions are made at: the system clock, replaceable by any other {@link InstantSource}
 * bean (tests move time instead of sleeping).
 */
public class ClockProducer {

    @Produces
    @Singleton
    @DefaultBean
    InstantSource clock() {
        return InstantSource.system();
    }
}
