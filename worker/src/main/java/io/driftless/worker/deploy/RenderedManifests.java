package io.driftless.worker.deploy;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.driftless.api.service.EnvironmentService;
import io.driftless.api.service.ManifestSource;
import io.driftless.worker.render.Manifests;

/**
 * The manifests of a revision as the worker renders them: what runs is exactly what is shown, except
 * secret values, which are never shown.
 */
@ApplicationScoped
public class RenderedManifests implements ManifestSource {

    private final EnvironmentService environments;
    private final Deployer deployer;

    public RenderedManifests(EnvironmentService environments, Deployer deployer) {
        this.environments = environments;
        this.deployer = deployer;
    }

    @Override
    public String manifests(UUID revisionId) {
        return Manifests.yamlRedacted(deployer.renderedWithHooks(environments.deployTarget(revisionId)));
    }
}
