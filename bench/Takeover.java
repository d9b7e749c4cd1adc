import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Crash recovery, measured from the database: waits until the worker process PID holds at least MIN
 * running jobs (as OWNER), kills it with SIGKILL, then polls the job table every 5 ms and reports when
 * the first and the last of those jobs were taken by another worker, and when the last one was
 * finished. The first takeover is the detection; the rest waits for the other worker's free slots.
 * Usage: java -cp CLASSPATH bench/Takeover.java JDBC_URL PID OWNER MIN
 */
public class Takeover {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        long pid = Long.parseLong(args[1]);
        String owner = args[2];
        int min = Integer.parseInt(args[3]);
        try (Connection db = DriverManager.getConnection(url, "postgres", "postgres")) {
            System.out.println("watching " + owner);
            System.out.flush();
            List<Long> held = List.of();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (held.size() < min && System.nanoTime() < deadline) {
                held = ids(db, "select id from job where state = 'RUNNING' and lease_owner = ?", owner);
            }
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            long killed = System.nanoTime();
            System.out.printf("killed %s holding %d running jobs%n", owner, held.size());
            Long[] array = held.toArray(Long[]::new);
            long firstAt = -1;
            long takenAt = -1;
            long doneAt = -1;
            while (doneAt < 0 && System.nanoTime() - killed < 300_000_000_000L) {
                int stillHis = count(db, "select count(*) from job where id = any(?) and state = 'RUNNING' and lease_owner = ?",
                        array, owner);
                int unfinished = count(db, "select count(*) from job where id = any(?) and state in ('QUEUED', 'RUNNING')",
                        array, null);
                long now = System.nanoTime();
                if (stillHis < held.size() && firstAt < 0) {
                    firstAt = now;
                }
                if (stillHis == 0 && takenAt < 0) {
                    takenAt = now;
                }
                if (unfinished == 0) {
                    doneAt = now;
                }
                Thread.sleep(5);
            }
            System.out.printf("recovery: of the %d jobs, the first was taken over %d ms after the kill, the last %d ms"
                    + " after it (as another worker's slots came free), all finished %d ms after it%n",
                    held.size(), (firstAt - killed) / 1_000_000, (takenAt - killed) / 1_000_000,
                    (doneAt - killed) / 1_000_000);
            System.out.println("TAKEOVER_MS=" + (takenAt - killed) / 1_000_000 + " FINISHED_MS=" + (doneAt - killed) / 1_000_000);
        }
    }

    static List<Long> ids(Connection db, String sql, String owner) throws Exception {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, owner);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        }
    }

    static int count(Connection db, String sql, Long[] ids, String owner) throws Exception {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setArray(1, db.createArrayOf("bigint", ids));
            if (owner != null) {
                query.setString(2, owner);
            }
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
