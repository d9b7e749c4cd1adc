package io.driftless.api.rest;

import java.util.regex.Pattern;

import io.driftless.api.security.Access;
import io.driftless.api.service.NotFoundProblem;

/** The repository a {@code /repos/{owner}/{repo}/…} path names. */
final class RepositoryNames {

    private static final Pattern REPOSITORY = Pattern.compile(Patterns.REPOSITORY);

    private RepositoryNames() {
    }

    /**
     * owner/name, once the caller is known to be allowed it.
     *
     * @throws NotFoundProblem when it is no repository name
     * @throws io.driftless.api.security.ForbiddenProblem when the caller's scope does not cover it
     */
    static String require(String owner, String repo, Access access) {
        String repository = owner + "/" + repo;
        if (!REPOSITORY.matcher(repository).matches()) {
            throw new NotFoundProblem("'" + repository + "' is not a repository name of the form owner/name.");
        }
        access.requireRepository(repository);
        return repository;
    }
}
