-- Share links of an environment's preview (policy access: link). Only a SHA-256 of the secret is kept:
-- the URL holding it is shown once, when the link is made. Revoked links stay, for the record.
create table share_link (
    id             uuid         primary key,
    environment_id uuid         not null references environment (id),
    secret_hash    varchar(64)  not null unique,
    created_by     varchar(255) not null,
    created_at     timestamptz  not null,
    expires_at     timestamptz  not null,
    revoked_at     timestamptz,
    revoked_by     varchar(255)
);
create index share_link_environment on share_link (environment_id, created_at desc);

-- Sign-in tokens already exchanged for a preview host's cookie: each is single-use, and every api
-- replica must refuse a replay, so the record is in the database. Rows are dropped once expired.
create table edge_token_used (
    nonce      varchar(64) primary key,
    expires_at timestamptz not null
);

-- The edge check finds an environment by the first label of the host it is asked about: the alias's
-- slug or a revision's name. It runs on every request to a preview, so both are indexed.
create index environment_live_slug on environment (slug) where status <> 'TORN_DOWN';
create index revision_name on revision (name);
