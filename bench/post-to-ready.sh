#!/usr/bin/env bash
# Measures the platform's own overhead on the embedded defaults:
#   - server start-up time (process start -> health ready) and idle RSS;
#   - POST -> READY for N sequential requests (median, p90, max), with the kubelet delay given.
# Usage: bench/post-to-ready.sh [N=20] [kubelet delay=1s]
# Builds the server if its jar is missing. Only loopback traffic; stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD/bench${PYTHONPATH:+:$PYTHONPATH}"  # driftless_api.call
N=${1:-20}
DELAY=${2:-1s}
JAR=server/target/quarkus-app/quarkus-run.jar
[ -f "$JAR" ] || ./mvnw -B -q package -DskipTests
DATA=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
LOG="$DATA/server.log"

start_ns=$(date +%s%N)
export DRIFTLESS_ADMIN_TOKEN="dl_bench_$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')"
java -Ddriftless.data-dir="$DATA" -Dquarkus.http.port="$PORT" \
     -Ddriftless.cluster.simulated.kubelet-delay="$DELAY" -jar "$JAR" >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 600); do
  curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && break
  kill -0 $PID 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.1
done
ready_ns=$(date +%s%N)
echo "start-up (process start -> ready, includes embedded PostgreSQL): $(( (ready_ns - start_ns) / 1000000 )) ms"
sleep 5
echo "idle RSS after start-up: $(( $(awk '/VmRSS/ {print $2}' /proc/$PID/status) / 1024 )) MiB"

python3 - "$PORT" "$N" <<'PY'
import json, os, random, statistics, sys, time, urllib.request
port, n = int(sys.argv[1]), int(sys.argv[2])
base = f"http://127.0.0.1:{port}/api/v1"
image = "registry.example.com/shop@sha256:" + "0123456789abcdef" * 4
from driftless_api import call
times = []
for i in range(n):
    body = {"repository": "bench/shop", "branch": f"bench/{i}", "commit": "%040x" % random.getrandbits(160),
            "image": image}
    t0 = time.perf_counter()
    revision = call("POST", f"{base}/environments", body)["revisionId"]
    # a bot's way to wait: the long poll answers the moment the revision is READY (or FAILED)
    phase = call("GET", f"{base}/revisions/{revision}?wait=READY&timeout=60s")["phase"]
    if phase != "READY":
        sys.exit(f"revision {revision} ended {phase}")
    times.append((time.perf_counter() - t0) * 1000)
times.sort()
print(f"POST -> READY over {n} requests: median {statistics.median(times):.0f} ms, "
      f"p90 {times[int(0.9 * (n - 1))]:.0f} ms, min {times[0]:.0f} ms, max {times[-1]:.0f} ms")
PY
