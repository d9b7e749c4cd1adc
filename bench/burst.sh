#!/usr/bin/env bash
# A burst of N environment requests against the packaged server on its embedded defaults (simulated
# cluster, kubelet delay 0), then the same objects created by a bare fabric8 client (the limit), and
# optionally the burst again with a second, worker-only process killed midway.
# Reports: time until all READY, throughput, request->READY p50/p95/p99 (from the recorded phase
# times), the server's CPU time and peak RSS, the Driftless/bare ratio, duplicates, recovery time.
# With "kill", the worker-only process (20 job slots) is killed with SIGKILL once it holds 20 running
# jobs, and bench/Takeover.java reports when another worker had taken them over and finished them;
# the lease stays at its default (2 min), so the figure is the session rule's, not the lease's.
# Usage: [BURST_NO_BUILD=1] [BURST_A_OPTS=...] bench/burst.sh [N=200] [kill]   Only loopback traffic; stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD/bench${PYTHONPATH:+:$PYTHONPATH}"  # driftless_api.call
N=${1:-200}
MODE=${2:-}
# BURST_NO_BUILD=1 reuses the jar and classpath of an earlier run (no install into ~/.m2)
if [ -z "${BURST_NO_BUILD:-}" ] || [ ! -f server/target/bench-classpath.txt ]; then
  ./mvnw -B -q install -DskipTests
  ./mvnw -B -q -pl server dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
fi
CP="$(cat server/target/bench-classpath.txt)"
JAR=server/target/quarkus-app/quarkus-run.jar
DATA=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
export DATA
OPTS=(-Ddriftless.cluster.simulated.kubelet-delay=0s -Ddriftless.worker.poll-interval=500ms)
export DRIFTLESS_ADMIN_TOKEN="dl_bench_$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')"
# BURST_A_OPTS: extra options for the first process, e.g. -Ddriftless.worker.concurrency=24 to give it
# free slots when the second is killed (then the first takeover measures detection alone)
java -Xmx1g -Ddriftless.data-dir="$DATA" -Dquarkus.http.port="$PORT" "${OPTS[@]}" ${BURST_A_OPTS:-} -jar "$JAR" >"$DATA/a.log" 2>&1 &
PID=$!
PIDB=
cleanup() { kill $PID $PIDB 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT
wait_ready() { for _ in $(seq 1 900); do curl -fs "http://127.0.0.1:$1/q/health/ready" >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }
wait_ready "$PORT" || { cat "$DATA/a.log"; exit 1; }
if [ "$MODE" = kill ]; then
  PG=$(grep -o 'embedded PostgreSQL 15 is up on port [0-9]*' "$DATA/a.log" | awk '{print $NF}')
  PORTB=$(free_port)
  mkdir -p "$DATA/b"
  java -Xmx1g -Ddriftless.data-dir="$DATA/b" -Dquarkus.http.port="$PORTB" "${OPTS[@]}" -Ddriftless.roles=worker \
       -Ddriftless.worker.concurrency=20 -Ddriftless.cluster=kubeconfig -Dkubeconfig="$DATA/kubeconfig" -Ddriftless.worker.id=worker-b \
       -Dquarkus.datasource.jdbc.url="jdbc:postgresql://localhost:$PG/postgres" \
       -Dquarkus.datasource.username=postgres -Dquarkus.datasource.password=postgres -jar "$JAR" >"$DATA/b.log" 2>&1 &
  PIDB=$!
  wait_ready "$PORTB" || { cat "$DATA/b.log"; exit 1; }
fi
cpu_ms() { awk '{print ($14 + $15) * 1000 / '"$(getconf CLK_TCK)"'}' /proc/$1/stat; }
CPU0=$(cpu_ms $PID)
TAKEOVER=
if [ "$MODE" = kill ]; then
  java -cp "$CP" bench/Takeover.java "jdbc:postgresql://localhost:$PG/postgres" "$PIDB" worker-b 20 >"$DATA/takeover.txt" 2>&1 &
  TAKEOVER=$!
  for _ in $(seq 1 300); do grep -q '^watching' "$DATA/takeover.txt" 2>/dev/null && break; sleep 0.1; done
fi

python3 - "$PORT" "$N" "$DATA/kubeconfig" <<'PY'
import concurrent.futures, datetime, json, os, random, re, signal, statistics, sys, time, urllib.request
port, n, kubeconfig = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
api = f"http://127.0.0.1:{port}/api/v1"
image = "registry.example.com/shop@sha256:" + "0123456789abcdef" * 4
repo = "burst%d/shop" % random.getrandbits(24)
from driftless_api import call
def ready_count():
    return call("GET", f"{api}/environments?repository={repo}&phase=READY&size=1")["total"]
t0 = time.perf_counter()
with concurrent.futures.ThreadPoolExecutor(16) as pool:
    ids = list(pool.map(lambda i: call("POST", f"{api}/environments", {"repository": repo, "branch": f"b/{i}",
        "commit": "%040x" % random.getrandbits(160), "image": image})["environmentId"], range(n)))
while ready_count() < n:
    time.sleep(0.2)  # the poll is a counted list query; every 20 ms it cost the server a few per cent
total = time.perf_counter() - t0
lat = []
revisions = 0
for i in ids:
    env = call("GET", f"{api}/environments/{i}")
    revisions += len(env["revisions"])
    phases = {p["phase"]: p["at"] for p in env["revisions"][0]["phases"]}
    at = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
    lat.append((at(phases["READY"]) - at(phases["QUEUED"])).total_seconds() * 1000)
lat.sort()
pct = lambda p: lat[min(len(lat) - 1, int(p / 100 * len(lat)))]
print(f"burst of {n}: all READY in {total * 1000:.0f} ms, {n / total:.1f} environments/s")
print(f"request -> READY: p50 {pct(50):.0f} ms, p95 {pct(95):.0f} ms, p99 {pct(99):.0f} ms")
cluster = re.search(r"server: *\"?([^\"\s]+)", open(kubeconfig).read()).group(1)
namespaces = call("GET", f"{cluster}/api/v1/namespaces")["items"]
ours = [ns for ns in namespaces if (ns["metadata"].get("annotations") or {}).get("driftless.io/repository") == repo]
print(f"revisions: {revisions} for {n} environments (duplicates: {revisions - n}); "
      f"namespaces in the cluster: {len(ours)} (duplicates: {len(ours) - n})")
with open(os.environ.get("BURST_OUT", "/dev/null"), "w") as f:
    f.write(str(int(total * 1000)))
with open(os.environ["DATA"] + "/driftless_ms", "w") as f:
    f.write(str(int(total * 1000)))
PY
if [ -n "$TAKEOVER" ]; then
  wait "$TAKEOVER" || true
  grep -v '^TAKEOVER_MS=\|^watching' "$DATA/takeover.txt"
  echo "the killed worker's last log line, and the first takeovers in the survivor's log:"
  tail -1 "$DATA/b/b.log" 2>/dev/null || tail -1 "$DATA/b.log"
  grep -m3 'taken over from worker-b' "$DATA/a.log" || true
fi
echo "server CPU time during the burst: $(( $(cpu_ms $PID | cut -d. -f1) - ${CPU0%.*} )) ms; peak RSS: $(( $(awk '/VmHWM/ {print $2}' /proc/$PID/status) / 1024 )) MiB"
BARE_OUT=$(java -cp "$CP" bench/BareClient.java "$DATA/kubeconfig" "$N" 4 2>/dev/null)
echo "$BARE_OUT" | grep -v '^BARE_MS='
BARE=$(echo "$BARE_OUT" | sed -n 's/^BARE_MS=//p')
python3 -c "print('overhead against the bare fabric8 client: %.2f (Driftless %d ms / bare %d ms)' % ($(cat "$DATA/driftless_ms") / $BARE, $(cat "$DATA/driftless_ms"), $BARE))"
