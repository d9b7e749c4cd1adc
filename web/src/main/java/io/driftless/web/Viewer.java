package io.driftless.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

import io.quarkus.security.identity.SecurityIdentity;

/** Who looks at a page, for the header ({@code inject:viewer} in templates). */
@Named("viewer")
@RequestScoped
public class Viewer {

    private final SecurityIdentity identity;

    public Viewer(SecurityIdentity identity) {
        this.identity = identity;
    }

    public boolean isLoggedIn() {
        return identity != null && !identity.isAnonymous();
    }

    public String getName() {
        return isLoggedIn() ? identity.getPrincipal().getName() : "";
    }
}
