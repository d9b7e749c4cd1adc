import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An open-loop load on GET /edge/check, as ingress-nginx would send it: one request every 1/rate seconds
 * from a fixed-rate scheduler, whatever the answers take (a slow answer does not delay the next request,
 * so it cannot hide itself by lowering the rate). Latency is measured from the request's scheduled time,
 * so time spent waiting for a free connection counts too.
 *
 * <p>Usage: java bench/EdgeLoad.java URL ORIGINAL_URL COOKIE_NAME COOKIES_FILE RATE SECONDS EXPECTED_STATUS
 * COOKIES_FILE holds one cookie value a line; request i sends line i mod n (one line: a cache hit after the
 * first request; distinct lines: each a miss). Prints one line: p50 p90 p99 (ms) achieved-rate errors.
 */
public class EdgeLoad {

    public static void main(String[] args) throws Exception {
        URI check = URI.create(args[0]);
        String original = args[1];
        String cookieName = args[2];
        List<String> cookies = java.nio.file.Files.readAllLines(java.nio.file.Path.of(args[3])).stream()
                .filter(l -> !l.isBlank()).toList();
        int rate = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        int expected = Integer.parseInt(args[6]);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
        // warm up: connections, JIT, the server's first decisions
        for (int i = 0; i < Math.min(2000, cookies.size() * 2); i++) {
            client.send(request(check, original, cookieName, cookies.get(i % cookies.size())),
                    HttpResponse.BodyHandlers.discarding());
        }
        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        ConcurrentLinkedQueue<CompletableFuture<?>> pending = new ConcurrentLinkedQueue<>();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long periodNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        ticker.scheduleAtFixedRate(() -> {
            int i = sent.getAndIncrement();
            if (i >= total) {
                return;
            }
            long due = start + i * periodNanos; // the scheduled time, not when the ticker got round to it
            HttpRequest request = request(check, original, cookieName, cookies.get(i % cookies.size()));
            pending.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                latencies[i] = System.nanoTime() - due;
                if (e != null || r.statusCode() != expected) {
                    errors.incrementAndGet();
                }
            }));
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        while (sent.get() < total) {
            Thread.sleep(50);
        }
        ticker.shutdown();
        long lastSent = System.nanoTime();
        for (CompletableFuture<?> f : new ArrayList<>(pending)) {
            try {
                f.join();
            } catch (RuntimeException ignored) {
                // counted as an error above
            }
        }
        double achieved = total / ((lastSent - start) / 1e9);
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        System.out.printf("%.2f %.2f %.2f %.0f %d%n", ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), achieved,
                errors.get());
        System.exit(0);
    }

    private static double ms(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))] / 1e6;
    }

    private static HttpRequest request(URI check, String original, String cookieName, String cookie) {
        return HttpRequest.newBuilder(check).header("X-Original-URL", original)
                .header("Cookie", cookieName + "=" + cookie).timeout(Duration.ofSeconds(10)).GET().build();
    }
}
