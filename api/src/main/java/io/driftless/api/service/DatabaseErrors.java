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
     * pool's own "could not get a connection in time".
     */
    public static boolean isUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
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
        }
        return false;
    }
}
