package io.driftless.api.naming;

import jakarta.enterprise.context.ApplicationScoped;

/** Turns names into hosts and URLs under the configured base domain. */
@ApplicationScoped
public class Urls {

    private final UrlConfig config;

    public Urls(UrlConfig config) {
        this.config = config;
    }

    public String host(String label) {
        return Names.host(label, config.baseDomain());
    }

    public String url(String label) {
        return config.scheme() + "://" + host(label) + "/";
    }
}
