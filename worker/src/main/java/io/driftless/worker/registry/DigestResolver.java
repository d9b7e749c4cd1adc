package io.driftless.worker.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.driftless.api.spec.ImageReference;
import io.driftless.worker.jobs.PassingFailure;

/**
 * Resolves an image tag to the digest of its manifest through the registry HTTP API (the OCI
 * distribution spec): {@code HEAD /v2/<name>/manifests/<tag>} and its {@code Docker-Content-Digest}, with
 * the anonymous (or basic-authenticated) bearer-token dance a 401 asks for. Written on the JDK's HTTP
 * client because the few Java registry clients (jib-core) pull in far more than two requests need.
 *
 * <p>Failures: a 404 or a refused access is {@link ImageNotResolvable} (permanent); a 5xx, 408, 429 (with
 * its Retry-After), a timeout or no answer is a {@link PassingFailure}, tried again. {@link #find} asks
 * the same question only to learn whether the manifest is there: a 404 is its answer, not a failure.
 */
public final class DigestResolver {

    /** Every manifest kind a tag may name: multi-platform indexes first, then single manifests. */
    static final String ACCEPT = String.join(", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128}");
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Basic credentials for one registry. */
    public record Credentials(String username, String password) {

        String header() {
            return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    private final HttpClient http;
    private final Set<String> insecureHosts;
    private final Map<String, Credentials> credentials;
    private final Duration timeout;

    /** A resolver with the configured insecure hosts, credentials and timeout. */
    public static DigestResolver of(RegistryConfig config) {
        Map<String, Credentials> credentials = config.credentials().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey,
                        e -> new Credentials(e.getValue().username(), e.getValue().password())));
        return new DigestResolver(config.insecureHosts().orElse(Set.of()), credentials, config.timeout());
    }

    public DigestResolver(Set<String> insecureHosts, Map<String, Credentials> credentials, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.insecureHosts = Set.copyOf(insecureHosts);
        this.credentials = Map.copyOf(credentials);
        this.timeout = timeout;
    }

    /** The digest ({@code sha256:<hex>}) the image's tag names now. */
    public String resolve(ImageReference image) {
        if (image.digest().isPresent()) {
            return image.digest().get();
        }
        HttpResponse<byte[]> response = manifest(image);
        if (response.statusCode() == 200) {
            return digestIn(response);
        }
        throw failure(response.statusCode(), response, image, "manifest " + image.manifestReference());
    }

    /**
     * Whether the registry has the manifest the reference names (by tag or by digest; a digest is asked
     * too), and its digest when it has.
     *
     * @return empty when the registry answers 404
     * @throws PassingFailure for any other trouble, refused access included: whether the manifest is
     *                        there is then unknown, and the caller may ask again later
     */
    public Optional<String> find(ImageReference image) {
        HttpResponse<byte[]> response;
        try {
            response = manifest(image);
        } catch (ImageNotResolvable refused) {
            // the token dance failed: no credentials for a basic challenge, or the token service refused
            throw new PassingFailure(refused.getMessage(), Optional.empty(), refused);
        }
        int status = response.statusCode();
        if (status == 200) {
            return Optional.of(digestIn(response));
        }
        if (status == 404) {
            return Optional.empty();
        }
        RuntimeException failure = failure(status, response, image, "manifest " + image.manifestReference());
        if (failure instanceof PassingFailure passing) {
            throw passing;
        }
        throw new PassingFailure("whether registry " + image.registry() + " has " + image.original()
                + " is unknown: " + failure.getMessage(), Optional.empty(), failure);
    }

    /** The registry's last answer for the manifest: a HEAD, after the token dance a 401 asks for. */
    private HttpResponse<byte[]> manifest(ImageReference image) {
        URI manifest = URI.create(scheme(image.registry()) + "://" + image.registry() + "/v2/" + image.repository()
                + "/manifests/" + image.manifestReference());
        Optional<Credentials> basic = Optional.ofNullable(credentials.get(image.registry()));
        HttpResponse<byte[]> response = send(manifest, "HEAD", null, image);
        if (response.statusCode() == 401) {
            String authorization = authorize(response, basic, image);
            if (authorization != null) {
                response = send(manifest, "HEAD", authorization, image);
                if (response.statusCode() == 200 && digestOf(response).isEmpty()) {
                    response = send(manifest, "GET", authorization, image);
                }
            }
        } else if (response.statusCode() == 200 && digestOf(response).isEmpty()) {
            response = send(manifest, "GET", null, image);
        }
        return response;
    }

    /** The digest of a 200 answer for a manifest. */
    private static String digestIn(HttpResponse<byte[]> response) {
        Optional<String> digest = digestOf(response);
        if (digest.isPresent()) {
            return digest.get();
        }
        // no Docker-Content-Digest: the digest is the SHA-256 of the manifest's bytes, by definition
        return "sha256:" + HexFormat.of().formatHex(sha256(response.body()));
    }

    private String authorize(HttpResponse<?> challenged, Optional<Credentials> basic, ImageReference image) {
        String challenge = challenged.headers().firstValue("WWW-Authenticate").orElse("");
        String scheme = challenge.split(" ", 2)[0].toLowerCase(Locale.ROOT);
        if (scheme.equals("basic")) {
            return basic.map(Credentials::header).orElseThrow(() -> new ImageNotResolvable("Registry "
                    + image.registry() + " asks for credentials to read " + image.original()
                    + "; set driftless.registry.credentials.\"" + image.registry() + "\".username and .password"));
        }
        if (!scheme.equals("bearer")) {
            throw new ImageNotResolvable("Registry " + image.registry() + " answered 401 without a usable challenge ("
                    + (challenge.isEmpty() ? "none" : challenge) + ") for " + image.original());
        }
        Map<String, String> params = new HashMap<>();
        Matcher m = PARAM.matcher(challenge);
        while (m.find()) {
            params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
        }
        String realm = params.get("realm");
        if (realm == null) {
            throw new ImageNotResolvable("Registry " + image.registry() + " asked for a bearer token without a realm");
        }
        StringBuilder url = new StringBuilder(realm);
        char sep = realm.contains("?") ? '&' : '?';
        for (String key : new String[] {"service", "scope"}) {
            String value = params.get(key);
            if (key.equals("scope") && value == null) {
                value = "repository:" + image.repository() + ":pull";
            }
            if (value != null) {
                url.append(sep).append(key).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        HttpResponse<byte[]> token = send(URI.create(url.toString()), "GET", basic.map(Credentials::header).orElse(null),
                image);
        if (token.statusCode() != 200) {
            throw failure(token.statusCode(), token, image, "a token from " + realm);
        }
        try {
            JsonNode body = JSON.readTree(token.body());
            JsonNode value = body.hasNonNull("token") ? body.get("token") : body.get("access_token");
            if (value == null || value.asText().isEmpty()) {
                throw new ImageNotResolvable("The token service " + realm + " of " + image.registry()
                        + " answered without a token");
            }
            return "Bearer " + value.asText();
        } catch (IOException e) {
            throw new ImageNotResolvable("The token service " + realm + " of " + image.registry()
                    + " answered something that is not JSON");
        }
    }

    private RuntimeException failure(int status, HttpResponse<?> response, ImageReference image, String what) {
        String answer = "HTTP " + status;
        if (status == 404) {
            return new ImageNotResolvable("Image " + image.original() + " not found: registry " + image.registry()
                    + " has no " + what + " of " + image.repository() + " (" + answer + ")");
        }
        if (status == 401 || status == 403) {
            return new ImageNotResolvable("Registry " + image.registry() + " refused to give " + what + " of "
                    + image.repository() + " (" + answer + "); check driftless.registry.credentials.\""
                    + image.registry() + "\"");
        }
        if (status == 429) {
            return new PassingFailure("Registry " + image.registry() + " rate-limits us (" + answer + ") asking for "
                    + what + " of " + image.repository(), retryAfter(response));
        }
        if (status == 408 || status >= 500) {
            return new PassingFailure("Registry " + image.registry() + " failed (" + answer + ") asking for " + what
                    + " of " + image.repository(), retryAfter(response));
        }
        return new ImageNotResolvable("Registry " + image.registry() + " answered " + answer + " asking for " + what
                + " of " + image.repository());
    }

    private HttpResponse<byte[]> send(URI uri, String method, String authorization, ImageReference image) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", ACCEPT)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            // timeouts and refused connections alike: the registry may answer later
            throw new PassingFailure("Registry " + image.registry() + " did not answer " + method + " " + uri + ": "
                    + e, Optional.empty(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PassingFailure("interrupted asking registry " + image.registry(), Optional.empty(), e);
        }
    }

    private String scheme(String registry) {
        return insecureHosts.contains(registry) ? "http" : "https";
    }

    private static Optional<String> digestOf(HttpResponse<?> response) {
        return response.headers().firstValue("Docker-Content-Digest").map(String::trim)
                .filter(d -> DIGEST.matcher(d).matches());
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v.trim())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
