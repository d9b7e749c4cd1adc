import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Writes N environments across 100 repositories, each with R revisions (the newest READY and serving,
 * the others SUPERSEDED), straight into Driftless's database, as ui-scale.sh needs: asking the API for
 * 100,000 revisions would measure the workers, not the list page. Every 3rd repository gets a policy of
 * its own, so the page resolves more than the global policy.
 * Usage: java -cp CLASSPATH bench/SeedEnvironments.java JDBC_URL N R
 */
public class SeedEnvironments {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int n = Integer.parseInt(args[1]);
        int r = Integer.parseInt(args[2]);
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement()) {
            long t0 = System.nanoTime();
            s.execute("""
                    insert into environment (id, repository, head_repository, branch, pull_request, slug, status,
                                             created_at, updated_at)
                    select gen_random_uuid(), 'scale/app' || mod(i, 100),
                           case when mod(i, 10) = 0 then 'fork' || i || '/app' || mod(i, 100) else 'scale/app' || mod(i, 100) end,
                           'feature/scale-' || i, case when mod(i, 4) = 0 then null else i end,
                           'scale-' || i, 'ACTIVE', now() - make_interval(secs => i), now()
                    from generate_series(1, %d) i""".formatted(n));
            s.execute("""
                    insert into revision (id, environment_id, number, commit_sha, image, port, spec_hash, name,
                                          requested_by, phase, created_at, updated_at)
                    select gen_random_uuid(), e.id, k, lpad(to_hex(k), 40, 'a'),
                           'registry.example.com/shop@sha256:' || repeat('0123456789abcdef', 4), 8080,
                           md5(e.id::text || k) || md5(k || e.id::text), 'r-' || substr(md5(e.id::text || k), 1, 20),
                           'bench', case when k = %d then 'READY' else 'SUPERSEDED' end,
                           e.created_at + make_interval(secs => k), e.created_at + make_interval(secs => k)
                    from environment e, generate_series(1, %d) k where e.repository like 'scale/%%'""".formatted(r, r));
            s.execute("""
                    update environment e set latest_revision_id = r.id, current_revision_id = r.id
                    from revision r where r.environment_id = e.id and r.number = %d and e.repository like 'scale/%%'"""
                    .formatted(r));
            s.execute("""
                    insert into policy (scope, document, updated_at, updated_by)
                    select 'scale/app' || i, '{"idleExpiry":"' || (24 + i) || 'h"}', now(), 'bench'
                    from generate_series(0, 99, 3) i on conflict do nothing""");
            s.execute("analyze");
            System.out.printf("seeded %d environments and %d revisions in %d ms%n", n, (long) n * r,
                    (System.nanoTime() - t0) / 1_000_000);
        }
    }
}
