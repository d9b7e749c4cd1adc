-- Drift is found two ways: a watch reports a change as it happens (WATCH), or the level-triggered
-- resync compares the whole cluster with the database at start and every resync interval (RESYNC),
-- which finds what happened while no worker was watching.
alter table drift_event add column cause varchar(20) not null default 'WATCH';
