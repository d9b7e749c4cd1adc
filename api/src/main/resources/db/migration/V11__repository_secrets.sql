-- Secrets an admin stores per repository and a stack refers to by name (env: {X: {secret: NAME}}).
-- Only AES-256-GCM ciphertext is kept, under a key that is not in the database; the additional data
-- bound into each ciphertext is repository, name and version, so a row copied onto another secret or
-- version does not decrypt. The repository is kept lower-case (GitHub compares names without case).
-- A deleted secret leaves a tombstone (deleted_at set, no ciphertext) so that its version number is
-- never handed out again: a revision's spec hash covers (name, version), and a reused version would
-- make a new value look like a revision that already exists.
create table repository_secret (
    repository  text         not null,
    name        text         not null,
    version     integer      not null,
    ciphertext  bytea,
    nonce       bytea,
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null,
    updated_by  text         not null,
    deleted_at  timestamptz,
    primary key (repository, name),
    constraint repository_secret_version_positive check (version >= 1),
    constraint repository_secret_sealed_unless_deleted
        check ((deleted_at is null) = (ciphertext is not null and nonce is not null))
);

-- Audit events about a repository rather than one environment (a secret stored or deleted): the
-- environment is then absent and the repository names what was acted on.
alter table audit_event alter column environment_id drop not null;
alter table audit_event add column repository text;
alter table audit_event add constraint audit_event_subject
    check (environment_id is not null or repository is not null);
create index audit_event_repository on audit_event (repository, id) where repository is not null;
