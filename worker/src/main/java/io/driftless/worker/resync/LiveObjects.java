package io.driftless.worker.resync;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Objects read from the cluster, found again by kind, namespace and name. */
public final class LiveObjects {

    private final Map<String, HasMetadata> byKey = new HashMap<>();

    public static LiveObjects of(Collection<? extends HasMetadata> objects) {
        LiveObjects live = new LiveObjects();
        objects.forEach(live::add);
        return live;
    }

    public void add(HasMetadata object) {
        byKey.put(key(object), object);
    }

    public Optional<HasMetadata> find(HasMetadata like) {
        return Optional.ofNullable(byKey.get(key(like)));
    }

    public int size() {
        return byKey.size();
    }

    /** {@code Kind/namespace/name}; the namespace is empty for cluster-scoped kinds. */
    static String key(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return object.getKind() + "/" + (namespace == null ? "" : namespace) + "/" + object.getMetadata().getName();
    }
}
