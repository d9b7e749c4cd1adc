package io.driftless.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.driftless.api.security.Role;
import io.driftless.api.service.AuditQuery;
import io.driftless.api.service.AuditQuery.AuditView;
import io.driftless.api.service.Views.Page;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The audit trail for admins, newest first, filtered by kind, repository and actor: what {@code /api/v1/audit} lists. */
@Path("/audit")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.ADMIN)
public class AuditPages {

    static final int PAGE_SIZE = 50;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AuditQuery audit;

    public AuditPages(AuditQuery audit) {
        this.audit = audit;
    }

    /** One field of a change, before and after, as text. */
    public record Change(String field, String before, String after) {
    }

    /** An event with its change spelled out field by field (empty when it records no change). */
    public record Line(AuditView event, List<Change> changes) {
    }

    /** The filters, as typed; the links to other pages carry them. */
    public record Filters(String kind, String repository, String actor) {

        public String query() {
            return "kind=" + encode(kind) + "&repository=" + encode(repository) + "&actor=" + encode(actor);
        }

        private static String encode(String value) {
            return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Where a page is: its number counted from 1, how many there are, and the neighbours' indexes (null at an end). */
    public record Paging(int number, long pages, Integer newer, Integer older) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance audit(List<Line> lines, Page<AuditView> page, Paging paging, Filters filters,
                Set<String> kinds);
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance list(@QueryParam("kind") String kind, @QueryParam("repository") String repository,
            @QueryParam("actor") String actor, @QueryParam("page") @DefaultValue("0") int page) {
        // an unknown kind in a hand-typed URL shows every kind, as the environment list does with phases
        String wanted = blank(kind) == null || !AuditQuery.KINDS.contains(kind.trim().toUpperCase(Locale.ROOT)) ? null
                : kind.trim().toUpperCase(Locale.ROOT);
        Page<AuditView> events = audit.list(wanted, blank(repository), blank(actor), Math.max(0, page), PAGE_SIZE);
        List<Line> lines = events.items().stream().map(e -> new Line(e, changes(e.before(), e.after()))).toList();
        long pages = Math.max(1, (events.total() + PAGE_SIZE - 1) / PAGE_SIZE);
        int at = events.page();
        Paging paging = new Paging(at + 1, pages, at > 0 ? at - 1 : null, at + 1 < pages ? at + 1 : null);
        return Templates.audit(lines, events, paging, new Filters(wanted == null ? "" : wanted,
                blank(repository) == null ? "" : repository.trim(), blank(actor) == null ? "" : actor.trim()),
                AuditQuery.KINDS);
    }

    /** The fields of two JSON objects that differ, in the order they were written; empty when neither is one. */
    static List<Change> changes(String before, String after) {
        JsonNode b = read(before);
        JsonNode a = read(after);
        if (b == null && a == null) {
            return List.of();
        }
        Set<String> fields = new LinkedHashSet<>();
        if (b != null) {
            b.fieldNames().forEachRemaining(fields::add);
        }
        if (a != null) {
            a.fieldNames().forEachRemaining(fields::add);
        }
        List<Change> changes = new ArrayList<>();
        for (String field : fields) {
            JsonNode was = b == null ? null : b.get(field);
            JsonNode now = a == null ? null : a.get(field);
            if (!java.util.Objects.equals(was, now)) {
                changes.add(new Change(field, text(was), text(now)));
            }
        }
        return changes;
    }

    private static JsonNode read(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(json);
            return node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** A value as a person reads it: text bare, lists joined, objects as "count 20, per 1h", absent as "unset". */
    static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return "unset";
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(text(v)));
            return items.isEmpty() ? "none" : String.join(", ", items);
        }
        if (value.isObject()) {
            List<String> parts = new ArrayList<>();
            value.fields().forEachRemaining(f -> parts.add(f.getKey() + " " + text(f.getValue())));
            return String.join(", ", parts);
        }
        return value.toString();
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
