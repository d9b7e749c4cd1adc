package io.driftless.web;

import java.time.InstantSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.driftless.api.security.LoginForm;
import io.driftless.api.security.LoginThrottle;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Router;

/**
 * Answers a login post that was refused before its password was looked at: 429 with Retry-After while the user
 * name or the address is locked, 400 when its CSRF token is missing or wrong. Form authentication runs before
 * any page, so these come here as failures of the route rather than through a resource; the pages are
 * self-contained (no layout), as no request scope is active here for the layout's header.
 */
@ApplicationScoped
public class LoginRefusals {

    private final InstantSource clock;

    public LoginRefusals(InstantSource clock) {
        this.clock = clock;
    }

    @CheckedTemplate(basePath = "LoginPage")
    static class Templates {
        static native TemplateInstance locked(long minutes);

        static native TemplateInstance forged();
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::refuse);
    }

    private void refuse(RoutingContext context) {
        Throwable failure = context.failure();
        while (failure != null && !(failure instanceof LoginThrottle.Locked) && !(failure instanceof LoginForm.Forged)
                && failure.getCause() != failure) {
            failure = failure.getCause();
        }
        if (failure instanceof LoginThrottle.Locked locked) {
            long seconds = locked.retryAfterSeconds(clock.instant());
            context.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            answer(context, 429, Templates.locked((seconds + 59) / 60).render());
        } else if (failure instanceof LoginForm.Forged) {
            answer(context, 400, Templates.forged().render());
        } else {
            context.next();
        }
    }

    private static void answer(RoutingContext context, int status, String page) {
        context.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=UTF-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(page);
    }
}
