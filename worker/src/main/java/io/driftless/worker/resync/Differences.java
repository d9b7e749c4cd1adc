package io.driftless.worker.resync;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.driftless.api.domain.DriftEvent;
import io.driftless.worker.render.Drift;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;

/**
 * The level-triggered comparison: what the database says should exist (rendered objects, in creation
 * order) against what the cluster holds. Pure: no I/O, so it is tested without a server, and a resync
 * of a thousand revisions is a few list calls and this loop.
 */
public final class Differences {

    private Differences() {
    }

    /** One object the database wants, for the revision and environment it belongs to. */
    public record Expected(UUID environmentId, UUID revisionId, HasMetadata object) {
    }

    /**
     * What differs about one object. {@code live} is empty when the object is missing.
     */
    public record Difference(UUID environmentId, UUID revisionId, DriftEvent.Kind kind, HasMetadata desired,
            Optional<HasMetadata> live, String detail) {

        public String objectKind() {
            return desired.getKind();
        }

        public String objectName() {
            String namespace = desired.getMetadata().getNamespace();
            return namespace == null ? desired.getMetadata().getName() : namespace + "/" + desired.getMetadata().getName();
        }
    }

    /**
     * Every expected object that is missing (DELETED) or differs (EDITED, with what differs), in the
     * order expected. A missing namespace stands for everything in it: its objects are not listed one
     * by one. An object expected twice (the shared routing namespace) is compared once.
     */
    public static List<Difference> of(List<Expected> expected, LiveObjects live) {
        List<Difference> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> missingNamespaces = new HashSet<>();
        for (Expected want : expected) {
            HasMetadata desired = want.object();
            if (!seen.add(LiveObjects.key(desired))) {
                continue;
            }
            String namespace = desired.getMetadata().getNamespace();
            if (namespace != null && missingNamespaces.contains(namespace)) {
                continue;
            }
            Optional<HasMetadata> have = live.find(desired);
            if (have.isEmpty()) {
                if (desired instanceof Namespace) {
                    missingNamespaces.add(desired.getMetadata().getName());
                }
                found.add(new Difference(want.environmentId(), want.revisionId(), DriftEvent.Kind.DELETED, desired,
                        Optional.empty(), desired instanceof Namespace ? "the namespace and everything in it are missing"
                                : "missing"));
                continue;
            }
            List<String> changed = Drift.differences(desired, have.get());
            if (!changed.isEmpty()) {
                found.add(new Difference(want.environmentId(), want.revisionId(), DriftEvent.Kind.EDITED, desired,
                        have, String.join("; ", changed)));
            }
        }
        return found;
    }
}
