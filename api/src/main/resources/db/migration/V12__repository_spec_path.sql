-- A repository's previews can come from a spec file in it (read at each head commit) instead of an
-- image template: where that file is, and the template (with its port) becomes optional. A port is
-- the template's: there is one exactly when there is a template.
alter table repository_settings add column spec_path text not null default 'driftless.yaml';
alter table repository_settings alter column image_template drop not null;
alter table repository_settings alter column port drop not null;
alter table repository_settings add constraint repository_settings_port_with_template
    check ((image_template is null) = (port is null));
