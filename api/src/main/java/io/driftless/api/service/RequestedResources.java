package io.driftless.api.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The CPU and memory a revision's Deployments ask the scheduler for while they run, read from its rendered
 * manifests: per pod the larger of its containers' summed requests and its largest init container's (as the
 * scheduler counts), times the Deployment's replicas. A container that asks for no CPU or memory gets the
 * namespace's LimitRange default request, which the same manifests carry, as admission would give it. Exact
 * for what Driftless renders, and pure: the rendered YAML is all it reads.
 *
 * @param milliCpu    CPU in thousandths of a core
 * @param memoryBytes memory in bytes
 */
public record RequestedResources(long milliCpu, long memoryBytes) {

    public static final RequestedResources NONE = new RequestedResources(0, 0);

    public RequestedResources plus(RequestedResources other) {
        return new RequestedResources(milliCpu + other.milliCpu, memoryBytes + other.memoryBytes);
    }

    private RequestedResources times(long n) {
        return new RequestedResources(milliCpu * n, memoryBytes * n);
    }

    private RequestedResources max(RequestedResources other) {
        return new RequestedResources(Math.max(milliCpu, other.milliCpu), Math.max(memoryBytes, other.memoryBytes));
    }

    /** CPU as people read it: "250m", "1.5 cores", "0". */
    public String cpu() {
        if (milliCpu < 1000) {
            return milliCpu == 0 ? "0" : milliCpu + "m";
        }
        String cores = BigDecimal.valueOf(milliCpu).movePointLeft(3).stripTrailingZeros().toPlainString();
        return cores + (milliCpu == 1000 ? " core" : " cores");
    }

    /** Memory in binary units, one decimal at most: "512 MiB", "1.5 GiB", "0". */
    public String memory() {
        String[] units = { "B", "KiB", "MiB", "GiB", "TiB" };
        BigDecimal value = BigDecimal.valueOf(memoryBytes);
        int unit = 0;
        while (unit < units.length - 1 && value.compareTo(BigDecimal.valueOf(1024)) >= 0) {
            value = value.divide(BigDecimal.valueOf(1024));
            unit++;
        }
        return memoryBytes == 0 ? "0"
                : value.setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + " " + units[unit];
    }

    /** What the Deployments of these rendered manifests (multi-document YAML) request while they run. */
    public static RequestedResources ofDeployments(String manifests) {
        List<Map<?, ?>> documents = new java.util.ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(manifests)) {
            if (document instanceof Map<?, ?> map) {
                documents.add(map);
            }
        }
        RequestedResources defaults = documents.stream().filter(d -> "LimitRange".equals(d.get("kind")))
                .flatMap(d -> list(map(d.get("spec")).get("limits")).stream())
                .map(RequestedResources::map).filter(l -> "Container".equals(l.get("type")))
                .map(l -> requests(map(l.get("defaultRequest")), NONE)).findFirst().orElse(NONE);
        RequestedResources total = NONE;
        for (Map<?, ?> d : documents) {
            if (!"Deployment".equals(d.get("kind"))) {
                continue;
            }
            Map<?, ?> spec = map(d.get("spec"));
            Object replicas = spec.get("replicas");
            long count = replicas == null ? 1 : ((Number) replicas).longValue(); // Kubernetes defaults to 1
            Map<?, ?> pod = map(map(spec.get("template")).get("spec"));
            RequestedResources containers = NONE;
            for (Object c : list(pod.get("containers"))) {
                containers = containers.plus(requests(map(map(map(c).get("resources")).get("requests")), defaults));
            }
            RequestedResources init = NONE;
            for (Object c : list(pod.get("initContainers"))) {
                init = init.max(requests(map(map(map(c).get("resources")).get("requests")), defaults));
            }
            total = total.plus(containers.max(init).times(count));
        }
        return total;
    }

    private static RequestedResources requests(Map<?, ?> requests, RequestedResources defaults) {
        Object cpu = requests.get("cpu");
        Object memory = requests.get("memory");
        return new RequestedResources(
                cpu == null ? defaults.milliCpu : quantity(cpu.toString()).movePointRight(3)
                        .setScale(0, RoundingMode.CEILING).longValueExact(),
                memory == null ? defaults.memoryBytes : quantity(memory.toString())
                        .setScale(0, RoundingMode.CEILING).longValueExact());
    }

    /**
     * A Kubernetes quantity ("250m", "0.5", "128Mi", "1G", "1e3") as a number. Hand-written: the api module
     * has no Kubernetes model (fabric8's Quantity lives in the worker), and the suffixes are a short fixed list.
     */
    static BigDecimal quantity(String text) {
        String s = text.trim();
        Map<String, BigDecimal> suffixes = Map.ofEntries(
                Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
                Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
                Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)),
                Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")),
                Map.entry("m", new BigDecimal("1e-3")), Map.entry("k", new BigDecimal("1e3")),
                Map.entry("M", new BigDecimal("1e6")), Map.entry("G", new BigDecimal("1e9")),
                Map.entry("T", new BigDecimal("1e12")), Map.entry("P", new BigDecimal("1e15")),
                Map.entry("E", new BigDecimal("1e18")));
        for (int length = 2; length >= 1; length--) {
            if (s.length() > length) {
                BigDecimal factor = suffixes.get(s.substring(s.length() - length));
                if (factor != null) {
                    return new BigDecimal(s.substring(0, s.length() - length)).multiply(factor);
                }
            }
        }
        return new BigDecimal(s); // a plain number, or one with an exponent (1e3)
    }

    private static Map<?, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? m : Map.of();
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }
}
