#!/usr/bin/env bash
# The level-triggered resync with nothing to change: N live READY revisions (default 1000) on the
# packaged server's embedded defaults (simulated cluster, kubelet delay 0), then R resyncs asked for
# through the API one after another. Reports each resync's duration (as the resync measured it and
# as the caller waited for it), the objects compared, the list calls, and the server's CPU time per
# resync. A resync with nothing to change makes one list call per kind and no other call.
# Usage: bench/resync.sh [N=1000] [R=5]   Only loopback traffic; stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD/bench${PYTHONPATH:+:$PYTHONPATH}"  # driftless_api.call
N=${1:-1000}
R=${2:-5}
./mvnw -B -q install -DskipTests
JAR=server/target/quarkus-app/quarkus-run.jar
DATA=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export DRIFTLESS_ADMIN_TOKEN="dl_bench_$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')"
java -Xmx1g -Ddriftless.data-dir="$DATA" -Dquarkus.http.port="$PORT" -Ddriftless.cluster.simulated.kubelet-delay=0s \
     -Ddriftless.worker.resync-interval=24h -Ddriftless.policy.revisions-kept=1 -jar "$JAR" >"$DATA/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 900); do curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done
python3 - "$PORT" "$N" "$R" "$PID" "$(getconf CLK_TCK)" <<'PY'
import concurrent.futures, json, os, random, re, statistics, sys, time, urllib.request
port, n, rounds, pid, tck = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
api = f"http://127.0.0.1:{port}/api/v1"
image = "registry.example.com/shop@sha256:" + "0123456789abcdef" * 4
repo = "resync%d/shop" % random.getrandbits(24)
from driftless_api import call
def cpu_ms():
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / tck
t0 = time.perf_counter()
with concurrent.futures.ThreadPoolExecutor(16) as pool:
    list(pool.map(lambda i: call("POST", f"{api}/environments", {"repository": repo, "branch": f"b/{i}",
        "commit": "%040x" % random.getrandbits(160), "image": image}), range(n)))
while call("GET", f"{api}/environments?repository={repo}&phase=READY&size=1")["total"] < n:
    time.sleep(0.2)
print(f"{n} environments READY in {time.perf_counter() - t0:.0f} s; now {rounds} resyncs with nothing to change")
def finished():
    while True:
        r = call("GET", f"{api}/resync")
        if r["state"] in ("DONE", "FAILED"):
            return r
        time.sleep(0.01)
finished()  # the one queued at start
measured, waited, cpu = [], [], []
for _ in range(rounds):
    c0, w0 = cpu_ms(), time.perf_counter()
    call("POST", f"{api}/resync")
    r = finished()
    waited.append((time.perf_counter() - w0) * 1000)
    cpu.append(cpu_ms() - c0)
    summary = r["summary"]
    measured.append(int(re.search(r"in (\d+) ms", summary).group(1)))
print("last: " + summary)
print(f"resync of {n} revisions: median {statistics.median(measured):.0f} ms as measured by the resync "
      f"(min {min(measured)}, max {max(measured)}), median {statistics.median(waited):.0f} ms as waited for; "
      f"server CPU per resync median {statistics.median(cpu):.0f} ms")
PY
