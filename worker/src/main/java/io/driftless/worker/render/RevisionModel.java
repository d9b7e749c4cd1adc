package io.driftless.worker.render;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import io.driftless.api.spec.SealPolicy;
import io.driftless.api.spec.StackSpec;
import io.driftless.api.spec.StackSpec.ServiceSpec;

/**
 * Everything a stack (spec version 3) revision's objects are rendered from. Nothing else goes in, so
 * equal models give byte-identical objects; maps are copied sorted so no caller's insertion order leaks.
 *
 * @param name          the revision's DNS-1123 name, used for its namespace
 * @param host          the revision's own host, routed to the exposed service
 * @param stack         the services and hooks, as validated
 * @param seal          the isolation the revision's namespace gets
 * @param images        service name to the image reference to run, pinned by the worker; a service
 *                      not in it runs its {@code image} as written
 * @param secretValues  secret name to value, only the secrets this revision is granted (forks get none)
 */
public record RevisionModel(UUID environmentId, UUID revisionId, String repository, String branch, String commit,
        String specHash, String name, String host, Optional<String> ingressClass, StackSpec stack, SealPolicy seal,
        Map<String, String> images, Map<String, String> secretValues) implements RevisionIdentity {

    public RevisionModel {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(seal, "seal");
        images = Collections.unmodifiableSortedMap(new TreeMap<>(images));
        secretValues = Collections.unmodifiableSortedMap(new TreeMap<>(secretValues));
        for (String service : images.keySet()) {
            if (!stack.services().containsKey(service)) {
                throw new IllegalArgumentException("an image is pinned for " + service
                        + ", which the stack does not have");
            }
        }
    }

    /** The image {@code service} runs: the pinned reference, or the one the stack wrote. */
    public String image(ServiceSpec service) {
        return images.getOrDefault(service.name(), service.image());
    }

    /** The secrets the stack refers to and the revision is granted, by name: what its Secret holds. */
    public SortedMap<String, String> granted() {
        SortedMap<String, String> granted = new TreeMap<>();
        stack.secretNames().stream().filter(secretValues::containsKey)
                .forEach(secret -> granted.put(secret, secretValues.get(secret)));
        return granted;
    }

    /** The secrets the stack refers to but the revision is not granted: their variables are left unset. */
    public SortedSet<String> withheld() {
        SortedSet<String> withheld = new TreeSet<>(stack.secretNames());
        withheld.removeAll(secretValues.keySet());
        return withheld;
    }

    /** Names the granted secrets, never their values: a model may end up in a log line or an exception. */
    @Override
    public String toString() {
        return "RevisionModel[revisionId=" + revisionId + ", name=" + name + ", specHash=" + specHash + ", images="
                + images + ", secrets=" + secretValues.keySet() + "]";
    }
}
