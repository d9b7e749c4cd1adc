package io.driftless.server;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * When a process-level test fails, prints the last lines of each server log it started (they stay
 * whole under {@code target/it-logs}), so the failure explains itself in CI's output.
 */
final class KeepServerLogs implements AfterEachCallback {

    private static final int TAIL = 200;

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (context.getExecutionException().isPresent()) {
                for (ServerProcess server : ServerProcess.STARTED) {
                    List<String> lines = Files.readAllLines(server.log);
                    System.err.printf("%n==== %s failed; last %d of %d lines of %s ====%n",
                            context.getDisplayName(), Math.min(TAIL, lines.size()), lines.size(), server.log);
                    lines.subList(Math.max(0, lines.size() - TAIL), lines.size()).forEach(System.err::println);
                }
            }
        } catch (IOException e) {
            System.err.println("could not read a server log: " + e);
        } finally {
            ServerProcess.STARTED.clear();
        }
    }
}
