package io.driftless.web;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.driftless.api.edge.PreviewHosts;
import io.driftless.api.service.SleepAndWake;
import io.driftless.api.service.SleepAndWake.State;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The wake page. While an environment sleeps its alias routes every path of its host to Driftless; a request
 * there (it passed the edge check already) wakes the environment and is answered at once with a page that
 * shows the live status from {@code /_driftless/wake-status} and reloads the same URL when the revision is
 * READY again, so the request is not lost, only delayed. Its 503 with Retry-After tells crawlers and scripts to
 * come back rather than take the page for the preview. Requests to any other host, and the other
 * {@code /_driftless/} paths of a preview host (sign-in callback, share links), go on as usual.
 */
@ApplicationScoped
public class WakePage {

    private static final Logger LOG = Logger.getLogger(WakePage.class);

    /** Before authentication and the UI's routes: a preview host's path is never one of Driftless's own pages. */
    static final int PRIORITY = 900;
    static final String STATUS = "/_driftless/wake-status";
    private static final String ASSETS = "/_driftless/driftless.";
    private static final String REROUTED = "driftless.wake-page-asset";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance waking(String name, String phase);
    }

    private final PreviewHosts hosts;
    private final SleepAndWake sleeps;

    public WakePage(PreviewHosts hosts, SleepAndWake sleeps) {
        this.hosts = hosts;
        this.sleeps = sleeps;
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, PRIORITY);
    }

    private void filter(RoutingContext context) {
        Optional<String> label = hosts.label(PreviewHosts.withoutPort(context.request().host()));
        String path = context.request().path();
        if (label.isEmpty()) {
            context.next();
            return;
        }
        if (path.equals(ASSETS + "js") || path.equals(ASSETS + "css")) {
            context.put(REROUTED, true);
            context.reroute(path.substring("/_driftless".length())); // the page's own script and style
            return;
        }
        if (Boolean.TRUE.equals(context.get(REROUTED))) {
            context.next(); // the reroute above comes through this filter again
            return;
        }
        if (path.startsWith("/_driftless/") && !path.equals(STATUS)) {
            context.next();
            return;
        }
        String host = PreviewHosts.withoutPort(context.request().host());
        context.vertx().<Optional<State>>executeBlocking(() -> path.equals(STATUS) ? sleeps.byLabel(label.get())
                : wake(label.get(), host), false).onComplete(result -> {
                    if (result.failed()) {
                        LOG.warnf("wake page of %s failed: %s", host, result.cause().getMessage());
                        context.fail(result.cause());
                    } else if (result.result().isEmpty()) {
                        context.next(); // no live environment has the host: Driftless's own answer (404)
                    } else if (path.equals(STATUS)) {
                        State s = result.result().get();
                        context.response().putHeader("Content-Type", "application/json")
                                .putHeader("Cache-Control", "no-store")
                                .end(new JsonObject().put("phase", String.valueOf(s.phase())).put("ready", s.ready())
                                        .encode());
                    } else {
                        State s = result.result().get();
                        String html = Templates.waking(label.get(), String.valueOf(s.phase()).toLowerCase(
                                java.util.Locale.ROOT)).render();
                        context.response().setStatusCode(503).putHeader("Retry-After", "2")
                                .putHeader("Cache-Control", "no-store")
                                .putHeader("Content-Type", "text/html; charset=utf-8").end(html);
                    }
                });
    }

    /** Wakes the environment of the host if it sleeps; its state after that. */
    private Optional<State> wake(String label, String host) {
        Optional<State> state = sleeps.byLabel(label);
        if (state.isPresent() && state.get().phase() != null && state.get().phase().isAsleep()) {
            return Optional.of(sleeps.wake(state.get().environmentId(), io.driftless.api.domain.AuditEvent.API,
                    "woken by a request to " + host));
        }
        return state;
    }
}
