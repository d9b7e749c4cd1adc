-- A claim is tied to its worker's database session: each worker holds a session-level advisory lock
-- (lock space 'driftless worker', key from this sequence) for as long as it lives, and stamps its key
-- on the jobs it claims. PostgreSQL releases the lock the moment that session ends, so a RUNNING job
-- whose key is no longer locked is free at once; the lease (lease_until) stays the fallback for a
-- connection the server still believes open. Jobs claimed before this migration have no key and wait
-- for their lease, as before.
create sequence worker_key_seq;
alter table job add column lease_key bigint;
