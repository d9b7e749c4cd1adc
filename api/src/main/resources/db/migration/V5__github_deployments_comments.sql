-- What Driftless has told GitHub, so that a job run again never creates a second Deployment or a
-- second pull-request comment, and never repeats a status GitHub already has.

-- The GitHub Deployment of a revision and the last status posted to it (null before the first).
create table github_deployment (
    revision_id    uuid primary key references revision (id),
    environment_id uuid         not null references environment (id),
    repository     varchar(200) not null,
    deployment_id  bigint       not null,
    reported_state varchar(20),
    created_at     timestamptz  not null,
    updated_at     timestamptz  not null
);
create index github_deployment_environment on github_deployment (environment_id);

-- The one sticky comment of an environment on its pull request, and a hash of the body it shows.
create table github_comment (
    environment_id uuid primary key references environment (id),
    repository     varchar(200) not null,
    pull_request   integer      not null,
    comment_id     bigint       not null,
    body_sha256    varchar(64)  not null,
    updated_at     timestamptz  not null
);
