package io.driftless.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A GitHub that remembers: deployments, their statuses and pull-request comments are kept and listed
 * back, as GitHub does, so a test in another process can count what Driftless created. Only the calls
 * Driftless makes are answered; anything else gets 404.
 */
final class FakeGitHub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DEPLOYMENTS = Pattern.compile("/repos/([^/]+/[^/]+)/deployments");
    private static final Pattern STATUSES = Pattern.compile("/repos/([^/]+/[^/]+)/deployments/(\\d+)/statuses");
    private static final Pattern COMMENTS = Pattern.compile("/repos/([^/]+/[^/]+)/issues/(\\d+)/comments");
    private static final Pattern COMMENT = Pattern.compile("/repos/([^/]+/[^/]+)/issues/comments/(\\d+)");

    private final HttpServer server;
    private final AtomicLong ids = new AtomicLong(1);
    /** Every deployment created, by repository. */
    final Map<String, List<ObjectNode>> deployments = new ConcurrentHashMap<>();
    /** Every comment created, by "repository#number". */
    final Map<String, List<ObjectNode>> comments = new ConcurrentHashMap<>();

    FakeGitHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            JsonNode body = read(exchange.getRequestBody());
            Matcher m;
            if ((m = DEPLOYMENTS.matcher(path)).matches()) {
                List<ObjectNode> of = deployments.computeIfAbsent(m.group(1), r -> new ArrayList<>());
                if (method.equals("GET")) {
                    reply(exchange, 200, JSON.createArrayNode().addAll(of));
                } else {
                    ObjectNode created = ((ObjectNode) body).put("id", ids.incrementAndGet());
                    of.add(created);
                    reply(exchange, 201, created);
                }
            } else if ((m = STATUSES.matcher(path)).matches()) {
                reply(exchange, 201, ((ObjectNode) body).put("id", ids.incrementAndGet()));
            } else if ((m = COMMENTS.matcher(path)).matches()) {
                List<ObjectNode> of = comments.computeIfAbsent(m.group(1) + "#" + m.group(2), r -> new ArrayList<>());
                if (method.equals("GET")) {
                    boolean firstPage = page(exchange.getRequestURI().getQuery()) <= 1;
                    ArrayNode page = JSON.createArrayNode();
                    if (firstPage) {
                        page.addAll(of);
                    }
                    reply(exchange, 200, page);
                } else {
                    ObjectNode created = ((ObjectNode) body).put("id", ids.incrementAndGet());
                    of.add(created);
                    reply(exchange, 201, created);
                }
            } else if ((m = COMMENT.matcher(path)).matches() && method.equals("PATCH")) {
                long id = Long.parseLong(m.group(2));
                ObjectNode found = comments.values().stream().flatMap(List::stream)
                        .filter(c -> c.path("id").asLong() == id).findFirst().orElse(null);
                if (found == null) {
                    reply(exchange, 404, JSON.createObjectNode().put("message", "Not Found"));
                } else {
                    found.put("body", body.path("body").asText());
                    reply(exchange, 200, found);
                }
            } else {
                reply(exchange, 404, JSON.createObjectNode().put("message", "Not Found"));
            }
        }
    }

    /** The {@code page} query parameter (not {@code per_page}); 1 when absent. */
    private static int page(String query) {
        if (query != null) {
            for (String parameter : query.split("&")) {
                if (parameter.startsWith("page=")) {
                    return Integer.parseInt(parameter.substring("page=".length()));
                }
            }
        }
        return 1;
    }

    private static JsonNode read(InputStream in) throws IOException {
        byte[] bytes = in.readAllBytes();
        return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
    }

    private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
