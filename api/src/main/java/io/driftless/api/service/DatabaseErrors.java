package io.driftless.api.service;

import java.sql.SQLException;
import java.sql.SQLTransientException;

/** Tells a database that is away (worth waiting for) from a query that is wrong. */
public final class DatabaseErrors {

    private DatabaseErrors() {
    }

    /**
     * Whether anything in the cause chain says the database could not be reached: SQLSTATE class 08
     * (connection exception), 57P01..57P03 (shutting down, starting up), a transient SQL error, or the
     * pool's own "could not get a connection in time". Suppressed exceptions count too: a commit cut
     * off by a database shutting down surfaces as a RollbackException whose reason (an XAException
     * caused by 57P01) is only suppressed, not its cause.
     */
    public static boolean isUnreachable(Throwable failure) {
        return isUnreachable(failure, 0);
    }

    private static boolean isUnreachable(Throwable failure, int depth) {
        for (Throwable t = failure; t != null && depth < 10; t = t.getCause(), depth++) {
            if (t instanceof SQLTransientException
                    || t.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null ? state.startsWith("08") || state.startsWith("57P")
                        : String.valueOf(sql.getMessage()).contains("Acquisition timeout")) {
                    return true;
                }
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (isUnreachable(suppressed, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }
}
