#!/usr/bin/env bash
# Measures builds on the embedded defaults (simulated builder and registry), kubelet and build delay 0:
#   - request -> DEPLOYING on a cache hit: one branch builds a tree, then N more branches at the same
#     commit (the same tree) each find its image in the registry; median and p90 over N, each waiting
#     with the long poll (?wait=DEPLOYING);
#   - N branches of a new tree asked for at once: how many build Jobs ran (target: 1).
# Usage: bench/build-cache.sh [N=20]
# Builds the server if its jar is missing. Only loopback traffic; stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD/bench${PYTHONPATH:+:$PYTHONPATH}"  # driftless_api.call
N=${1:-20}
. bench/server.sh
start_server -Ddriftless.cluster.simulated.kubelet-delay=0s -Ddriftless.cluster.simulated.build-delay=0s

python3 - "$PORT" "$N" <<'PY'
import json, os, random, statistics, sys, time, urllib.request
from concurrent.futures import ThreadPoolExecutor
port, n = int(sys.argv[1]), int(sys.argv[2])
base = f"http://127.0.0.1:{port}/api/v1"
from driftless_api import call
spec = {"version": 1, "services": {"web": {"build": {"context": ".", "target": "runtime"}, "port": 8080,
                                           "expose": True}}}
def ask(branch, commit, wait):
    t0 = time.perf_counter()
    revision = call("POST", f"{base}/environments", {"repository": "bench/shop", "branch": branch,
                                                     "commit": commit, "spec": spec})["revisionId"]
    phase = call("GET", f"{base}/revisions/{revision}?wait={wait}&timeout=60s")["phase"]
    return revision, phase, (time.perf_counter() - t0) * 1000
commit = "%040x" % random.getrandbits(160)
first, phase, _ = ask("bench/warm", commit, "READY")
assert phase == "READY", phase
times, statuses = [], []
for i in range(n):
    revision, phase, ms = ask(f"bench/hit/{i}", commit, "DEPLOYING")
    if phase not in ("DEPLOYING", "READY"):
        sys.exit(f"revision {revision} ended {phase}")
    times.append(ms)
    statuses += [b["status"] for b in call("GET", f"{base}/revisions/{revision}/builds")]
times.sort()
print(f"cache hit, request -> DEPLOYING over {n}: median {statistics.median(times):.0f} ms, "
      f"p90 {times[int(0.9 * (n - 1))]:.0f} ms, max {times[-1]:.0f} ms; builds: "
      + ", ".join(f"{s} {statuses.count(s)}" for s in sorted(set(statuses))))
shared = "%040x" % random.getrandbits(160)
with ThreadPoolExecutor(max_workers=n) as pool:
    revisions = list(pool.map(lambda i: ask(f"bench/shared/{i}", shared, "READY")[0], range(n)))
builds = [b for r in revisions for b in call("GET", f"{base}/revisions/{r}/builds")]
jobs = {b["id"] for b in builds if b["status"] == "SUCCEEDED"}
print(f"{n} branches of one new tree at once: {len(jobs)} build Job(s); "
      + ", ".join(f"{s} {sum(1 for b in builds if b['status'] == s)}" for s in sorted({b['status'] for b in builds})))
PY
