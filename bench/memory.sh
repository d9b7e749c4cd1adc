#!/usr/bin/env bash
# Idle memory after N environments: starts the packaged server on its embedded defaults with the Java
# options given, creates N environments (kubelet delay 0) and waits until all are READY, lets it sit idle
# for 30 s, then reports the process's resident set (RSS, from /proc) and the JVM's own view of its heap
# and non-heap (from /q/metrics). Compare runs with different options to see what tuning buys.
# Usage: bench/memory.sh [N=50] [java options...]   e.g. bench/memory.sh 50 -XX:+UseSerialGC -Xmx256m
# With MEMORY_NMT=1 it also prints the JVM's native memory tracking summary (committed KiB per area).
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD/bench${PYTHONPATH:+:$PYTHONPATH}"  # driftless_api.call
N=${1:-50}
shift || true
source bench/server.sh
NMT=()
[ -n "${MEMORY_NMT:-}" ] && NMT=(-XX:NativeMemoryTracking=summary)
start_server -Ddriftless.cluster.simulated.kubelet-delay=0s -Dquarkus.log.level=WARN "${NMT[@]}" "$@"
python3 - "$PORT" "$N" <<'PY'
import json, os, random, sys, time, urllib.request
port, n = int(sys.argv[1]), int(sys.argv[2])
api = f"http://127.0.0.1:{port}/api/v1"
from driftless_api import call
image = "registry.example.com/shop@sha256:" + "0123456789abcdef" * 4
ids = [call("POST", f"{api}/environments", {"repository": f"bench/mem{i % 5}", "branch": f"b{i}",
                                            "commit": "%040x" % random.getrandbits(160), "image": image})
       ["environmentId"] for i in range(n)]
deadline = time.time() + 600
while time.time() < deadline:
    if all(call("GET", f"{api}/environments/{i}")["phase"] == "READY" for i in ids):
        break
    time.sleep(1)
else:
    sys.exit("not every environment got READY")
PY
sleep 30
rss_kib=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")
metrics=$(curl -fs -H "Authorization: Bearer $DRIFTLESS_ADMIN_TOKEN" "http://127.0.0.1:$PORT/q/metrics" || true)
mib() { awk -v area="$1" '$1 ~ "^jvm_memory_used_bytes" && $0 ~ "area=\""area"\"" {s += $NF} END {printf "%.0f", s / 1048576}'; }
echo "options: ${*:-(JVM defaults)}"
echo "after $N environments READY and 30 s idle: RSS $((rss_kib / 1024)) MiB; JVM heap used $(mib heap <<<"$metrics") MiB, non-heap $(mib nonheap <<<"$metrics") MiB"
if [ -n "${MEMORY_NMT:-}" ]; then
  echo "threads: $(ls /proc/$PID/task | wc -l); native memory tracking, committed per area:"
  jcmd $PID VM.native_memory summary | grep -E '^-? *[A-Z][A-Za-z ]+ \(reserved=' | sed -E 's/^-? *([A-Za-z ]+) \(reserved=[0-9]+KB, committed=([0-9]+)KB.*/  \1: \2 KiB/'
fi
