-- A revision describes a stack (spec version 3): the resolved spec as canonical JSON, and, when it was
-- read from the repository, the exact file and its path at that commit. Revisions asked for before
-- stacks (version 2) keep their image and port columns and have no spec.
alter table revision add column spec text;
alter table revision add column spec_file text;
alter table revision add column spec_path varchar(255);

-- The image each service of a stack runs, pinned by digest before the first deploy; written once per
-- (revision, service) so a revision never runs two different images.
create table revision_image (
    revision_id  uuid         not null references revision (id) on delete cascade,
    service      varchar(63)  not null,
    pinned_image varchar(700) not null,
    pinned_at    timestamptz  not null default now(),
    primary key (revision_id, service)
);
