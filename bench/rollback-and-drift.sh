#!/usr/bin/env bash
# Measures, on the packaged server with its simulated cluster (kubelet delay 0):
#   - rollback latency: POST /environments/{id}/rollback -> the alias Service in the cluster points
#     at the target revision (median, p90 of N rollbacks, alternating between two revisions);
#   - drift-detection latency: a hand edit of a Deployment through the API server -> the drift is
#     recorded by Driftless (median, p90 of M edits).
# Usage: bench/rollback-and-drift.sh [N=50] [M=20]. Only loopback traffic; stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-50}
M=${2:-20}
JAR=server/target/quarkus-app/quarkus-run.jar
[ -f "$JAR" ] || ./mvnw -B -q package -DskipTests
DATA=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export DRIFTLESS_ADMIN_TOKEN="dl_bench_$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')"
java -Ddriftless.data-dir="$DATA" -Dquarkus.http.port="$PORT" \
     -Ddriftless.cluster.simulated.kubelet-delay=0s -jar "$JAR" >"$DATA/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 600); do
  curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && break
  kill -0 $PID 2>/dev/null || { cat "$DATA/server.log"; exit 1; }
  sleep 0.1
done
CLUSTER=$(awk '/server:/ {gsub(/"/, "", $2); print $2; exit}' "$DATA/kubeconfig")

python3 - "$PORT" "$CLUSTER" "$N" "$M" <<'PY'
import json, os, random, statistics, sys, time, urllib.request
port, cluster, n, m = int(sys.argv[1]), sys.argv[2].rstrip("/"), int(sys.argv[3]), int(sys.argv[4])
api = f"http://127.0.0.1:{port}/api/v1"
image = "registry.example.com/shop@sha256:" + "0123456789abcdef" * 4

def call(method, url, body=None, ctype="application/json"):
    req = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"content-type": ctype,
                                          "authorization": "Bearer " + os.environ["DRIFTLESS_ADMIN_TOKEN"]})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read())

def until(check, limit=30):
    end = time.perf_counter() + limit
    while time.perf_counter() < end:
        if check():
            return
        time.sleep(0.001)
    raise SystemExit("timed out")

def stats(name, xs):
    xs = sorted(xs)
    print(f"{name} over {len(xs)}: median {statistics.median(xs):.1f} ms, p90 {xs[int(0.9 * (len(xs) - 1))]:.1f} ms, "
          f"max {xs[-1]:.1f} ms")

env = None
revisions = []
for _ in range(2):
    body = {"repository": "bench/shop", "branch": "rollback", "commit": "%040x" % random.getrandbits(160), "image": image}
    posted = call("POST", f"{api}/environments", body)
    env = posted["environmentId"]
    revisions.append(posted["revisionId"])
    until(lambda: call("GET", f"{api}/environments/{env}")["currentRevisionId"] == posted["revisionId"])
state = call("GET", f"{api}/environments/{env}")
name = state["name"]
namespaces = {r["id"]: r["namespace"] for r in state["revisions"]}
alias_url = f"{cluster}/api/v1/namespaces/driftless-routing/services/{name}"
until(lambda: namespaces[revisions[1]] in call("GET", alias_url)["spec"]["externalName"])

times = []
for i in range(n):
    target = revisions[i % 2]
    t0 = time.perf_counter()
    call("POST", f"{api}/environments/{env}/rollback", {"revision": target})
    until(lambda: namespaces[target] in call("GET", alias_url)["spec"]["externalName"])
    times.append((time.perf_counter() - t0) * 1000)
stats("rollback (POST -> alias re-pointed in the cluster)", times)

current = call("GET", f"{api}/environments/{env}")["currentRevisionId"]
deployment_url = f"{cluster}/apis/apps/v1/namespaces/{namespaces[current]}/deployments/app"
def drift_count():
    return sum(len(r["drifts"]) for r in call("GET", f"{api}/environments/{env}")["revisions"])
times = []
for i in range(m):
    before = drift_count()
    t0 = time.perf_counter()
    call("PATCH", deployment_url, {"spec": {"replicas": 3 + i}}, "application/merge-patch+json")
    until(lambda: drift_count() > before)
    times.append((time.perf_counter() - t0) * 1000)
    time.sleep(0.05)  # let the heal land before the next edit
stats("drift detection (hand edit -> drift recorded)", times)
PY
