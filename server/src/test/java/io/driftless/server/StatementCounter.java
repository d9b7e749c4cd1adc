package io.driftless.server;

import java.util.concurrent.Callable;

import org.hibernate.resource.jdbc.spi.StatementInspector;

import io.quarkus.hibernate.orm.PersistenceUnitExtension;

/**
 * Counts the SQL statements Hibernate prepares on the current thread while {@link #count} runs a call,
 * so a test can prove a page costs a fixed number of statements. Other threads (workers, the reaper)
 * are not counted: the count is per thread, not Hibernate's global statistics.
 */
@PersistenceUnitExtension
public class StatementCounter implements StatementInspector {

    private static final ThreadLocal<int[]> COUNTING = new ThreadLocal<>();

    @Override
    public String inspect(String sql) {
        int[] counter = COUNTING.get();
        if (counter != null) {
            counter[0]++;
        }
        return sql;
    }

    /** The call's result and how many statements it prepared on this thread. */
    public record Counted<T>(T result, int statements) {
    }

    public static <T> Counted<T> count(Callable<T> call) throws Exception {
        int[] counter = new int[1];
        COUNTING.set(counter);
        try {
            T result = call.call();
            return new Counted<>(result, counter[0]);
        } finally {
            COUNTING.remove();
        }
    }
}
