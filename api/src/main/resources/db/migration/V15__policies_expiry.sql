-- Expiry and cleanup policy as data: one global row (scope '*') and one row per repository that
-- overrides some fields (scope owner/name, lower case). document holds only the fields set; an unset
-- field of a repository inherits the global one.
create table policy (
    scope      varchar(255) primary key,
    document   text         not null,
    updated_at timestamptz  not null,
    updated_by varchar(255) not null
);

-- What each environment's fate depends on besides its revisions: extensions, a pin, the warning already
-- given (for which expiry time), and the pull request being closed (with a grace period).
alter table environment add column extended_until timestamptz;
alter table environment add column extension_forced boolean not null default false;
alter table environment add column pinned_at timestamptz;
alter table environment add column pinned_by varchar(255);
alter table environment add column pin_reason text;
alter table environment add column pinned_until timestamptz;
alter table environment add column warned_for timestamptz;
alter table environment add column dry_run_for timestamptz;
alter table environment add column pull_request_closed_at timestamptz;
-- Why policy ended it (expired, evicted): told on the pull request and the page.
alter table environment add column ended_by text;
create index environment_active_by_repository on environment (repository) where status = 'ACTIVE';

-- The reaper's one switch: paused past the deletion budget until an admin resumes it.
create table reaper_state (
    id          int          primary key check (id = 1),
    paused_at   timestamptz,
    paused_why  text,
    resumed_at  timestamptz,
    resumed_by  varchar(255),
    last_pass   timestamptz
);
insert into reaper_state (id) values (1);

create index audit_event_action on audit_event (action, id);

-- Events about Driftless as a whole (the global policy changed, the reaper paused) name neither an
-- environment nor a repository. A change records the fields before and after, as JSON.
alter table audit_event drop constraint audit_event_subject;
alter table audit_event add column before_value text;
alter table audit_event add column after_value text;
