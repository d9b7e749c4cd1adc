package io.driftless.worker.deploy;

import jakarta.enterprise.context.ApplicationScoped;

import io.driftless.worker.config.WorkerConfig;

/** The name this worker signs its job leases with. */
@ApplicationScoped
public class WorkerIdentity {

    private final String id;

    public WorkerIdentity(WorkerConfig config) {
        this.id = config.id().orElseGet(() -> hostName() + "-" + ProcessHandle.current().pid());
    }

    public String id() {
        return id;
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "worker";
            }
        }
        return host;
    }
}
