package io.driftless.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.vertx.http.runtime.filters.Filters;

/**
 * Adds {@code Strict-Transport-Security} to every answer given over https. The other security headers are
 * static and set by {@code quarkus.http.header.*}; this one cannot be: a browser must only be told to insist on
 * https by an answer that came over https (RFC 6797 8.1), and Driftless is often run over plain http (locally, or
 * in a cluster with TLS at the ingress). Behind such a proxy the scheme is https only when Quarkus is told to
 * trust its {@code X-Forwarded-Proto} ({@code quarkus.http.proxy.proxy-address-forwarding}); otherwise anyone
 * could claim it.
 */
@ApplicationScoped
public class SecurityHeaders {

    /** Runs before authentication, so redirects to the login form and refusals carry it too. */
    static final int PRIORITY = 1000;

    private final String hsts;

    public SecurityHeaders(@ConfigProperty(name = "driftless.http.hsts", defaultValue = "max-age=31536000") String hsts) {
        this.hsts = hsts;
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            // scheme() is the forwarded one only when proxy-address-forwarding is on, else the connection's
            if ("https".equalsIgnoreCase(context.request().scheme()) && !hsts.isBlank()) {
                context.response().headers().set("Strict-Transport-Security", hsts);
            }
            context.next();
        }, PRIORITY);
    }
}
