package io.driftless.api.edge;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.driftless.api.naming.Names;
import io.driftless.api.naming.UrlConfig;

/**
 * Which preview a host or URL is about. A preview host is {@code <label>.<base domain>}, the label being an
 * environment's slug (its alias) or a revision's name (see {@link Names}); anything else is no preview.
 */
@ApplicationScoped
public class PreviewHosts {

    private final UrlConfig urls;

    public PreviewHosts(UrlConfig urls) {
        this.urls = urls;
    }

    /** The host of a URL, lower case and without its port; empty when it does not read as an http(s) URL. */
    public static Optional<String> hostOf(String url) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                return Optional.empty();
            }
            return Optional.of(uri.getHost().toLowerCase(Locale.ROOT));
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * The preview URL a request to the check is about: {@code X-Original-URL} as ingress-nginx sends it, else
     * the URL rebuilt from {@code X-Forwarded-Proto}, {@code -Host} and {@code -Uri} as Traefik's
     * {@code forwardAuth} sends them (ADR 0010). Null when neither says which host.
     */
    public static String originalUrl(String originalUrl, String forwardedProto, String forwardedHost,
            String forwardedUri) {
        if (originalUrl != null && !originalUrl.isBlank()) {
            return originalUrl;
        }
        if (forwardedHost == null || forwardedHost.isBlank()) {
            return null;
        }
        // a proxy chain may list several values; the first is the one the browser asked for
        String proto = forwardedProto == null || forwardedProto.isBlank() ? "https"
                : forwardedProto.split(",", 2)[0].trim();
        String host = forwardedHost.split(",", 2)[0].trim();
        String uri = forwardedUri == null || forwardedUri.isBlank() ? "/" : forwardedUri.trim();
        return proto + "://" + host + (uri.startsWith("/") ? uri : "/" + uri);
    }

    /** A Host header's host, lower case and without its port. */
    public static String withoutPort(String hostHeader) {
        String h = hostHeader == null ? "" : hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            return h;
        }
        int colon = h.lastIndexOf(':');
        return colon >= 0 ? h.substring(0, colon) : h;
    }

    /** The label of a preview host; empty for any other host. */
    public Optional<String> label(String host) {
        String suffix = "." + urls.baseDomain().toLowerCase(Locale.ROOT);
        if (host == null || !host.endsWith(suffix)) {
            return Optional.empty();
        }
        String label = host.substring(0, host.length() - suffix.length());
        return Names.isDns1123Label(label) ? Optional.of(label) : Optional.empty();
    }

    /** http or https, as preview URLs are served. */
    public String scheme() {
        return urls.scheme();
    }

    public boolean secure() {
        return "https".equalsIgnoreCase(urls.scheme());
    }
}
