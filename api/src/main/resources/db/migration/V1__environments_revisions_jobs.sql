-- One environment per (base repository, head repository, branch) that is not torn down.
create table environment (
    id                  uuid primary key,
    repository          varchar(200)  not null,
    head_repository     varchar(200)  not null,
    branch              varchar(1024) not null,
    pull_request        integer,
    slug                varchar(63)   not null,
    status              varchar(20)   not null,
    latest_revision_id  uuid,
    current_revision_id uuid,
    created_at          timestamptz   not null,
    updated_at          timestamptz   not null,
    torn_down_at        timestamptz,
    version             bigint        not null default 0
);
create unique index environment_live_key on environment (repository, head_repository, branch)
    where status <> 'TORN_DOWN';
create index environment_newest on environment (created_at desc, id desc);
create index environment_repository on environment (repository, created_at desc);

-- Immutable revisions: the spec columns never change after insert; only the phase moves.
create table revision (
    id             uuid primary key,
    environment_id uuid         not null references environment (id),
    number         integer      not null,
    commit_sha     varchar(40)  not null,
    image          varchar(512) not null,
    port           integer      not null,
    spec_hash      varchar(64)  not null,
    name           varchar(63)  not null,
    requested_by   varchar(100) not null,
    phase          varchar(20)  not null,
    failure_reason text,
    created_at     timestamptz  not null,
    updated_at     timestamptz  not null,
    version        bigint       not null default 0,
    constraint revision_spec_once unique (environment_id, spec_hash),
    constraint revision_number_once unique (environment_id, number)
);
create index revision_phase on revision (phase);

alter table environment add constraint environment_latest_fk
    foreign key (latest_revision_id) references revision (id);
alter table environment add constraint environment_current_fk
    foreign key (current_revision_id) references revision (id);

-- Every phase a revision went through, with when and why.
create table revision_phase_change (
    id          bigserial primary key,
    revision_id uuid        not null references revision (id),
    phase       varchar(20) not null,
    at          timestamptz not null,
    reason      text
);
create index revision_phase_change_revision on revision_phase_change (revision_id, id);

-- Durable worker work, claimed with FOR UPDATE SKIP LOCKED under a lease.
create table job (
    id             bigserial primary key,
    kind           varchar(20)  not null,
    environment_id uuid         not null references environment (id),
    revision_id    uuid references revision (id),
    state          varchar(20)  not null,
    attempts       integer      not null default 0,
    run_after      timestamptz  not null,
    lease_owner    varchar(100),
    lease_until    timestamptz,
    last_error     text,
    created_at     timestamptz  not null,
    finished_at    timestamptz
);
create index job_runnable on job (run_after, id) where state in ('QUEUED', 'RUNNING');
