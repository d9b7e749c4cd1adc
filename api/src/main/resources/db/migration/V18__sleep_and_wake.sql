-- The activity clock: the last request to an environment's preview that /edge/check let pass. Each api
-- process keeps it in memory and writes it at most once per driftless.edge.activity-flush per host, so a
-- busy preview costs no write per request. A sleeping revision keeps its phase (SLEEPING, WAKING) in
-- revision.phase like any other; its replicas to restore are its rendered ones, so nothing else is stored.
alter table environment add column last_request_at timestamptz;
