package io.driftless.worker.deploy;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.driftless.api.naming.Urls;
import io.driftless.api.service.RepositorySecrets;
import io.driftless.api.service.Views.DeployTarget;
import io.driftless.worker.config.WorkerConfig;
import io.driftless.worker.render.RevisionModel;

/**
 * What a stack revision renders from, put together from what the database holds: the spec, the images
 * pinned so far, where it is served, and the values of the secrets its spec grants it (read here, at
 * render time, so they are only ever in memory and in the revision's own Secret).
 */
@ApplicationScoped
public class RevisionModels {

    private final Urls urls;
    private final WorkerConfig config;
    private final RepositorySecrets secrets;

    public RevisionModels(Urls urls, WorkerConfig config, RepositorySecrets secrets) {
        this.urls = urls;
        this.config = config;
        this.secrets = secrets;
    }

    /**
     * The model with the values of the secrets the revision was granted, for creating its objects.
     *
     * @throws MissingSecret when a granted secret was deleted since the revision was asked for
     */
    public RevisionModel of(DeployTarget t) {
        Map<String, String> values = t.spec().secrets().isEmpty() ? Map.of()
                : secrets.values(t.repository(), t.spec().secrets().keySet());
        for (String name : t.spec().secrets().keySet()) {
            if (!values.containsKey(name)) {
                throw new MissingSecret("secret " + name + " of " + t.repository()
                        + " was deleted after this revision was asked for; store it again and ask again");
            }
        }
        return model(t, values);
    }

    /**
     * The model for comparing with the cluster: the same objects, but no secret is read (the Secret itself
     * is never compared, ADR 0007), so rendering for drift detection does not depend on the store.
     */
    public RevisionModel withoutSecretValues(DeployTarget t) {
        Map<String, String> placeholders = new java.util.TreeMap<>();
        t.spec().secrets().keySet().forEach(name -> placeholders.put(name, ""));
        return model(t, placeholders);
    }

    /** A granted secret that is no longer stored: the revision cannot be created as it was asked for. */
    public static class MissingSecret extends RuntimeException {
        public MissingSecret(String message) {
            super(message);
        }
    }

    private RevisionModel model(DeployTarget t, Map<String, String> values) {
        return new RevisionModel(t.environmentId(), t.revisionId(), t.repository(), t.branch(), t.commit(),
                t.specHash(), t.name(), urls.host(t.name()), config.ingressClass(), t.spec().stack(), t.seal(),
                t.pinnedImages(), values);
    }
}
