package io.driftless.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy that can freeze: from then on it forwards nothing and closes nothing, in either
 * direction. To the client the connection goes silent; to the server it stays open, and the proxy's
 * own kernel still answers keepalive probes. That is a half-open connection, as a network partition
 * or a hung host makes one.
 */
final class FreezableProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean frozen;

    FreezableProxy(String host, int port) throws IOException {
        this.target = new InetSocketAddress(host, port);
        this.listener = new ServerSocket(0);
        Thread accepting = new Thread(this::accept, "proxy-accept");
        accepting.setDaemon(true);
        accepting.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    void freeze() {
        frozen = true;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(target.getHostString(), target.getPort());
                sockets.add(client);
                sockets.add(server);
                pump(client.getInputStream(), server.getOutputStream());
                pump(server.getInputStream(), client.getOutputStream());
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(InputStream from, OutputStream to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = from.read(buffer)) >= 0;) {
                    while (frozen) {
                        Thread.sleep(3_600_000); // hold the bytes and the sockets, say nothing
                    }
                    to.write(buffer, 0, n);
                    to.flush();
                }
                if (!frozen) {
                    to.close();
                }
            } catch (IOException | InterruptedException e) {
                // the proxy is closing
            }
        }, "proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
