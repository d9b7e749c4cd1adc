-- Builds from source: one row per build of one service's image, keyed by the content it is built from
-- (cache_key: the source tree, Dockerfile, target, args, platform and builder version). A build is
-- RUNNING, SUCCEEDED, FAILED, CACHED (an image for the key was in the registry already: no Job) or
-- CANCELLED. At most one build of a key runs at a time: revisions that need it meanwhile share it.
create table build (
    id              uuid         primary key,
    cache_key       varchar(64)  not null,
    repository      varchar(255) not null,
    head_repository varchar(255) not null,
    service         varchar(63)  not null,
    commit_sha      varchar(40)  not null,
    tree_id         varchar(64)  not null,
    inputs          text         not null,
    destination     varchar(700) not null,
    status          varchar(16)  not null,
    reason          text,
    image           varchar(800),
    namespace       varchar(63),
    log             text         not null default '',
    log_truncated   boolean      not null default false,
    created_at      timestamptz  not null,
    started_at      timestamptz,
    finished_at     timestamptz
);
create unique index build_one_running_per_key on build (cache_key) where status = 'RUNNING';
create index build_by_status on build (status);

-- Which build gave each built service of a revision its image.
create table revision_build (
    revision_id uuid        not null references revision (id) on delete cascade,
    service     varchar(63) not null,
    build_id    uuid        not null references build (id),
    primary key (revision_id, service)
);
create index revision_build_by_build on revision_build (build_id);
