-- Jobs of one environment run one at a time within a lane: cluster work (deploy, teardown, route,
-- retire) in one, outbound notifications (GitHub, webhooks) in another, so that a rate-limited
-- notification never holds up a deploy. A job may carry a small JSON payload (e.g. what to report).
alter table job add column lane varchar(20) not null default 'CLUSTER';
alter table job add column payload text;
alter table job alter column kind type varchar(40);
create index job_environment_lane on job (environment_id, lane, id) where state in ('QUEUED', 'RUNNING');
