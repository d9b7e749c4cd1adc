package io.driftless.api.edge;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

/** The edge's signer, from {@code driftless.edge.key}. */
@ApplicationScoped
public class EdgeKeys {

    private static final Logger LOG = Logger.getLogger(EdgeKeys.class);

    @Produces
    @Singleton
    EdgeSigner signer(EdgeConfig config) {
        return config.key().filter(k -> !k.isBlank()).map(EdgeSigner::of).orElseGet(() -> {
            // DriftlessMain keeps a key under the data directory; only a process started otherwise gets here
            LOG.warn("driftless.edge.key is not set: preview sign-ins and cookies are signed with a key of this "
                    + "process only, and end when it stops. Set DRIFTLESS_EDGE_KEY in every api process.");
            return EdgeSigner.random();
        });
    }
}
