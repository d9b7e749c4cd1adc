package io.driftless.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * When a process-level test fails, prints the last lines of each log of a process it started (they
 * stay whole under {@code target/it-logs}), so the failure explains itself in CI's output.
 */
final class KeepServerLogs implements AfterEachCallback {

    private static final int TAIL = 200;

    /** The logs of the processes started by the test running now. */
    private static final List<Path> LOGS = new CopyOnWriteArrayList<>();

    static void keep(Path log) {
        if (!LOGS.contains(log)) {
            LOGS.add(log);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (context.getExecutionException().isPresent()) {
                for (Path log : LOGS) {
                    List<String> lines = Files.readAllLines(log);
                    System.err.printf("%n==== %s failed; last %d of %d lines of %s ====%n",
                            context.getDisplayName(), Math.min(TAIL, lines.size()), lines.size(), log);
                    lines.subList(Math.max(0, lines.size() - TAIL), lines.size()).forEach(System.err::println);
                }
            }
        } catch (IOException e) {
            System.err.println("could not read a process's log: " + e);
        } finally {
            LOGS.clear();
        }
    }
}
