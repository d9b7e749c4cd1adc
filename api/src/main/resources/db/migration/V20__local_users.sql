-- Local users: an admin adds people who log in to the UI with a password, each with a role and the
-- repositories they may see (owner/name per line, lower case, or '*', as API tokens carry them).
alter table app_user add column repositories text not null default '*';
alter table app_user alter column repositories drop default;
-- Changed whenever the user's sessions must end (password reset, disabled): the session cookie carries
-- the value it was issued with, and one that no longer matches is refused. (md5 of random rather than
-- gen_random_uuid(), which PostgreSQL before 13 has only with pgcrypto.)
alter table app_user add column session_stamp varchar(64) not null default md5(random()::text || clock_timestamp()::text);
alter table app_user alter column session_stamp drop default;
-- Set while the user may not log in.
alter table app_user add column disabled_at timestamptz;
-- Who added the user (null for the admin Driftless created on its first start) and when the password was set.
alter table app_user add column created_by varchar(200);
alter table app_user add column password_set_at timestamptz;
update app_user set password_set_at = created_at;
alter table app_user alter column password_set_at set not null;
