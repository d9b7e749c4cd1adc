package io.driftless.api.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A bearer secret to check against the API tokens. */
public class ApiTokenRequest extends BaseAuthenticationRequest {

    private final String secret;

    public ApiTokenRequest(String secret) {
        this.secret = secret;
    }

    public String secret() {
        return secret;
    }
}
