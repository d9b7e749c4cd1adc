package io.driftless.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import javax.transaction.xa.XAException;

import org.junit.jupiter.api.Test;

import jakarta.transaction.RollbackException;

class DatabaseErrorsTest {

    @Test
    void aCommitCutOffByADatabaseShuttingDownIsTheDatabaseAway() {
        // as Narayana and Agroal report it: the reason is suppressed, not the cause
        XAException xa = new XAException("Error trying to transactionCommit local transaction");
        xa.initCause(new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        RollbackException rollback = new RollbackException("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(xa);

        assertThat(DatabaseErrors.isUnreachable(new RuntimeException("Error invoking subclass method", rollback)))
                .isTrue();
    }

    @Test
    void aConnectionRefusedIsTheDatabaseAway() {
        assertThat(DatabaseErrors.isUnreachable(new RuntimeException(new SQLException("refused", "08001")))).isTrue();
    }

    @Test
    void aWrongQueryIsNot() {
        RollbackException rollback = new RollbackException("constraint");
        rollback.addSuppressed(new SQLException("duplicate key value", "23505"));

        assertThat(DatabaseErrors.isUnreachable(new RuntimeException(rollback))).isFalse();
        assertThat(DatabaseErrors.isUnreachable(new IllegalStateException("bug"))).isFalse();
    }
}
