package io.driftless.api.domain;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class ForkRequestRepository implements PanacheRepository<ForkRequest> {

    /** The request of this commit of the pull request, locked for the caller's transaction. */
    public Optional<ForkRequest> findForUpdate(String repository, int pullRequest, String commit) {
        return find("repository = ?1 and pullRequest = ?2 and commitSha = ?3", repository, pullRequest, commit)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    /** The newest request of the pull request (its head as last seen), if any. */
    public Optional<ForkRequest> newest(String repository, int pullRequest) {
        return find("repository = ?1 and pullRequest = ?2 order by id desc", repository, pullRequest)
                .firstResultOptional();
    }

    public List<ForkRequest> pending(String repository, int pullRequest) {
        return list("repository = ?1 and pullRequest = ?2 and state = ?3", repository, pullRequest,
                ForkRequest.State.PENDING);
    }
}
