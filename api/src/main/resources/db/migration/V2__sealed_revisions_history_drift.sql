-- The resolved isolation policy of a revision, part of its spec (NULL for revisions made before it existed).
alter table revision add column seal text;

-- Every phase change, rollback, drift and teardown, with who did it.
create table audit_event (
    id             bigserial primary key,
    environment_id uuid         not null references environment (id),
    revision_id    uuid references revision (id),
    actor          varchar(100) not null,
    action         varchar(40)  not null,
    detail         text,
    at             timestamptz  not null
);
create index audit_event_environment on audit_event (environment_id, id);

-- A managed object found different from what was rendered: edited, deleted, or added by hand.
create table drift_event (
    id             bigserial primary key,
    environment_id uuid         not null references environment (id),
    revision_id    uuid         not null references revision (id),
    kind           varchar(20)  not null,
    object_kind    varchar(60)  not null,
    object_name    varchar(253) not null,
    detail         text,
    detected_at    timestamptz  not null,
    healed_at      timestamptz
);
create index drift_event_revision on drift_event (revision_id, id);
