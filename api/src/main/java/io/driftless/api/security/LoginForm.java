package io.driftless.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.csrf.reactive.runtime.CsrfTokenUtils;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

/**
 * What a post of the login form must carry besides the password: the CSRF token of the page it came from.
 *
 * <p>
 * Quarkus's CSRF filter guards the pages' own forms, but the login form posts to {@code j_security_check}, which
 * form authentication answers before any page's filter runs. So the check is made here, the same way: the field
 * named {@code quarkus.rest-csrf.form-field-name} must match the cookie {@code quarkus.rest-csrf.cookie-name}
 * that the login page set (signed first when {@code quarkus.rest-csrf.token-signature-key} is set). Without it a
 * page elsewhere could log a browser in to an account of the attacker's choosing.
 */
@ApplicationScoped
public class LoginForm {

    /** The post did not come from Driftless's own login page: answered 400 like other forms' missing tokens. */
    public static class Forged extends RuntimeException {
        public Forged() {
            super("the login form's CSRF token is missing or wrong", null, false, false);
        }
    }

    private final String cookieName;
    private final String fieldName;
    private final Optional<String> signatureKey;

    public LoginForm(@ConfigProperty(name = "quarkus.rest-csrf.cookie-name", defaultValue = "csrf-token") String cookieName,
            @ConfigProperty(name = "quarkus.rest-csrf.form-field-name", defaultValue = "csrf-token") String fieldName,
            @ConfigProperty(name = "quarkus.rest-csrf.token-signature-key") Optional<String> signatureKey) {
        this.cookieName = cookieName;
        this.fieldName = fieldName;
        this.signatureKey = signatureKey;
    }

    /** Refuses a post whose token is missing or does not match its cookie. */
    public void verify(RoutingContext context) {
        if (context == null) {
            throw new Forged();
        }
        Cookie cookie = context.request().getCookie(cookieName);
        String token = context.request().getFormAttribute(fieldName);
        if (cookie == null || token == null || token.isEmpty()) {
            throw new Forged();
        }
        String expected;
        try {
            expected = signatureKey.map(key -> CsrfTokenUtils.signCsrfToken(token, key)).orElse(token);
        } catch (RuntimeException e) {
            // not a token the page made (signing decodes it as base64)
            throw new Forged();
        }
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                cookie.getValue().getBytes(StandardCharsets.UTF_8))) {
            throw new Forged();
        }
    }
}
