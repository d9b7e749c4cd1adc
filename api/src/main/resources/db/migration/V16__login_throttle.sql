-- Failed UI logins, per user name tried ('user:<name>') and per address ('address:<ip>'), in the database so
-- that every web replica counts the same guesses and honours the same lock. A row goes once its window and
-- its lock are over.
create table login_throttle (
    subject       varchar(120) primary key,
    failures      int          not null,
    window_start  timestamptz  not null,
    last_failure  timestamptz  not null,
    locked_until  timestamptz
);
create index login_throttle_last_failure on login_throttle (last_failure);
