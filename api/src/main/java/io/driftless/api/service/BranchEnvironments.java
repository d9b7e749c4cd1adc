package io.driftless.api.service;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.driftless.api.domain.Environment;
import io.driftless.api.domain.EnvironmentRepository;

/** Finds an environment by what a bot knows: repository, fork and branch. */
@ApplicationScoped
public class BranchEnvironments {

    private final EnvironmentRepository environments;

    public BranchEnvironments(EnvironmentRepository environments) {
        this.environments = environments;
    }

    /**
     * The branch's environment: the live one, or once it is torn down the last one it had (so that a bot
     * can see its teardown confirmed). Empty when the branch never had one.
     */
    @Transactional
    public Optional<UUID> find(String repository, String headRepository, String branch) {
        return environments.find("repository = ?1 and headRepository = ?2 and branch = ?3 "
                + "order by createdAt desc, id desc", repository, headRepository, branch)
                .firstResultOptional()
                .map((Environment e) -> e.id);
    }
}
