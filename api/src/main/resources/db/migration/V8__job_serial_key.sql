-- Jobs bound to no environment can still be ordered among themselves: GitHub deliveries of one pull
-- request carry the same serial key and run one at a time, oldest first, like jobs of one environment.
alter table job add column serial_key varchar(300);
create index job_serial_key on job (serial_key, lane, id) where state in ('QUEUED', 'RUNNING') and serial_key is not null;
