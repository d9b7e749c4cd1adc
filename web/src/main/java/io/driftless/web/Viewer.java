package io.driftless.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

import io.driftless.api.policy.Reaper;
import io.driftless.api.policy.Reaper.ReaperState;
import io.driftless.api.security.Caller;
import io.driftless.api.security.Identities;
import io.driftless.api.security.Role;
import io.quarkus.security.identity.SecurityIdentity;

/** Who looks at a page, for the header ({@code inject:viewer} in templates). */
@Named("viewer")
@RequestScoped
public class Viewer {

    private final SecurityIdentity identity;
    private final Reaper reaper;
    private ReaperState reaperState;

    public Viewer(SecurityIdentity identity, Reaper reaper) {
        this.identity = identity;
        this.reaper = reaper;
    }

    public boolean isLoggedIn() {
        return identity != null && !identity.isAnonymous();
    }

    /** The viewer's name as the audit trail has it ({@code user:<name>}); the principal also holds a session stamp. */
    public String getName() {
        if (!isLoggedIn()) {
            return "";
        }
        Caller caller = identity.getAttribute(Identities.CALLER);
        return caller != null ? caller.name() : identity.getPrincipal().getName();
    }

    /**
     * Whether the viewer may change the repository's environments (extend, roll back, redeploy, tear down): a
     * GitHub user with read permission only sees them without those buttons.
     */
    public boolean actsOn(String repository) {
        Caller caller = isLoggedIn() ? identity.getAttribute(Identities.CALLER) : null;
        return caller == null || caller.actsOn(repository);
    }

    /** Admins see the Policies and Audit pages, pin environments, and are told when the reaper is paused. */
    public boolean isAdmin() {
        return isLoggedIn() && identity.hasRole(Role.ADMIN);
    }

    /**
     * The paused reaper, for the banner on every page an admin opens; null when it runs or the viewer is
     * no admin (whose pages then ask the database nothing more).
     */
    public ReaperState getPausedReaper() {
        if (!isAdmin()) {
            return null;
        }
        if (reaperState == null) {
            reaperState = reaper.state();
        }
        return reaperState.paused() ? reaperState : null;
    }
}
