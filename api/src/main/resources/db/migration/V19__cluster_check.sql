-- The preflight: what the newest worker check found the cluster to give Driftless, one row per check in the
-- order shown. Workers hold the cluster credentials (the api pods mount none), so a worker writes it and the
-- api and the pages read it. Each check replaces the whole set in one transaction.
create table cluster_check (
    position    int          primary key,
    name        varchar(80)  not null,
    status      varchar(16)  not null,
    detail      text         not null,
    checked_at  timestamptz  not null,
    checked_by  varchar(200) not null
);
