-- API tokens: only a SHA-256 of the secret is kept (the secret is shown once, at creation). Each token
-- has one role, a repository scope ('*' or owner/name, one per line) and an expiry.
create table api_token (
    id            uuid         primary key,
    name          varchar(100) not null,
    role          varchar(20)  not null,
    repositories  text         not null,
    secret_hash   varchar(64)  not null unique,
    created_at    timestamptz  not null,
    created_by    varchar(200) not null,
    expires_at    timestamptz  not null,
    revoked_at    timestamptz,
    last_used_at  timestamptz
);

-- People who log in to the UI with a password (the embedded default: one admin, password printed once).
create table app_user (
    username      varchar(100) primary key,
    password_hash varchar(300) not null,
    role          varchar(20)  not null,
    created_at    timestamptz  not null
);
