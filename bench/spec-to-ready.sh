#!/usr/bin/env bash
# Measures what a stack costs the platform on the embedded defaults with kubelet delay 0 (every
# Deployment available and every Job complete at once, so only Driftless's own work is timed):
#   - request -> READY for N sequential single-image requests (a one-service stack), and
#   - request -> READY for N sequential 5-service specs with two hooks (migrate, seed), whose services
#     start in dependency order (3 waves) and whose hooks run one after the other;
# medians over N of each, interleaved, and the overhead of the spec over the single image; then how
# fast hostile files (too big, too many services, an alias bomb, deep nesting) are refused.
# Usage: bench/spec-to-ready.sh [N=20]
# Builds the server if its jar is missing. Only loopback traffic; stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD/bench${PYTHONPATH:+:$PYTHONPATH}"  # driftless_api.call
N=${1:-20}
. bench/server.sh
start_server -Ddriftless.cluster.simulated.kubelet-delay=0s

python3 - "$PORT" "$N" <<'PY'
import json, os, random, statistics, sys, time, urllib.error, urllib.request
port, n = int(sys.argv[1]), int(sys.argv[2])
base = f"http://127.0.0.1:{port}/api/v1"
digest = "@sha256:" + "0123456789abcdef" * 4
from driftless_api import call
def service(name, port, depends=(), expose=False):
    s = {"image": f"registry.example.com/{name}{digest}", "port": port,
         "env": {"MODE": "preview", "DATABASE_URL": "postgres://app:preview@db:5432/app"}}
    if depends:
        s["dependsOn"] = list(depends)
    if expose:
        s["expose"] = True
    return s
spec = {"version": 1,
        "services": {"db": service("db", 5432) | {"storage": "1Gi"},
                     "cache": service("cache", 6379),
                     "api": service("api", 8081, ["db", "cache"]),
                     "worker": service("worker", 8082, ["db", "cache"]),
                     "web": service("web", 8080, ["api"], expose=True)},
        "hooks": {"migrate": {"service": "api", "command": ["./migrate"]},
                  "seed": {"service": "api", "command": ["./seed"]}}}
def once(i, kind):
    body = {"repository": "bench/shop", "branch": f"bench/{kind}/{i}", "commit": "%040x" % random.getrandbits(160)}
    if kind == "spec":
        body["spec"] = spec
    else:
        body["image"] = "registry.example.com/shop" + digest
    t0 = time.perf_counter()
    revision = call("POST", f"{base}/environments", body)["revisionId"]
    phase = call("GET", f"{base}/revisions/{revision}?wait=READY&timeout=60s")["phase"]
    if phase != "READY":
        sys.exit(f"{kind} revision {revision} ended {phase}")
    return (time.perf_counter() - t0) * 1000
single, stack = [], []
for i in range(n):  # interleaved, so both see the same machine
    single.append(once(i, "single"))
    stack.append(once(i, "spec"))
ms, mk = statistics.median(single), statistics.median(stack)
print(f"single image, request -> READY over {n}: median {ms:.0f} ms (min {min(single):.0f}, max {max(single):.0f})")
print(f"5 services + 2 hooks, request -> READY over {n}: median {mk:.0f} ms (min {min(stack):.0f}, max {max(stack):.0f})")
print(f"spec overhead over the single image: {mk - ms:.0f} ms at the median ({mk / ms:.1f}x)")

# hostile files to POST /specs/validate: each must be refused (400) quickly; median of 5 tries each
def validate(text):
    req = urllib.request.Request(f"{base}/specs/validate", method="POST", data=text.encode(),
                                 headers={"content-type": "application/yaml",
                                          "authorization": "Bearer " + os.environ["DRIFTLESS_ADMIN_TOKEN"]})
    t0 = time.perf_counter()
    try:
        urllib.request.urlopen(req).read()
        status = 200
    except urllib.error.HTTPError as e:
        e.read()
        status = e.code
    return status, (time.perf_counter() - t0) * 1000
laughs = "a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
hostile = {
    "300 KiB file": "version: 1\n" + "# padding\n" * 30000,
    "31 services": "version: 1\nservices:\n" + "".join(
        f"  s{i}: {{image: 'nginx:1', port: 80}}\n" for i in range(31)),
    "billion laughs": laughs,
    "nesting 1000 deep": "version: 1\nservices: " + "[" * 1000 + "]" * 1000 + "\n",
}
for name, text in hostile.items():
    runs = [validate(text) for _ in range(5)]
    codes = {c for c, _ in runs}
    print(f"hostile {name}: HTTP {sorted(codes)}, median {statistics.median(t for _, t in runs):.0f} ms, "
          f"max {max(t for _, t in runs):.0f} ms")
PY
