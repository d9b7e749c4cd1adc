-- Jobs not bound to an environment (e.g. processing a GitHub delivery) have no environment: they are
-- not serialised with anything (the claim's "older job of the same environment" test never matches NULL).
alter table job alter column environment_id drop not null;

-- The digest a revision's image was pinned to by the worker, written once before its first deploy.
-- The requested reference (image) stays as asked; NULL means not pinned (yet, or on a simulated cluster).
alter table revision add column pinned_image varchar(700);

-- Every GitHub webhook delivery accepted, keyed by X-GitHub-Delivery so that a replay creates nothing.
create table github_delivery (
    id           bigserial primary key,
    delivery_id  varchar(100) not null,
    event        varchar(60)  not null,
    payload      text         not null,
    received_at  timestamptz  not null,
    processed_at timestamptz,
    outcome      text,
    constraint github_delivery_once unique (delivery_id)
);

-- How a repository's webhook-triggered revisions are built: its image template and port.
create table repository_settings (
    repository     varchar(200) primary key,
    image_template varchar(512) not null,
    port           integer      not null,
    updated_at     timestamptz  not null,
    updated_by     varchar(100) not null
);

-- A commit of a fork's pull request: untrusted until approved (by an admin or the trusted label).
create table fork_request (
    id              bigserial primary key,
    repository      varchar(200)  not null,
    pull_request    integer       not null,
    head_repository varchar(200)  not null,
    branch          varchar(1024) not null,
    commit_sha      varchar(40)   not null,
    state           varchar(20)   not null,
    requested_at    timestamptz   not null,
    decided_at      timestamptz,
    decided_by      varchar(100),
    environment_id  uuid references environment (id),
    revision_id     uuid references revision (id),
    constraint fork_request_once unique (repository, pull_request, commit_sha)
);
create index fork_request_pull on fork_request (repository, pull_request, id);
