#!/usr/bin/env bash
# GET /edge/check under load, as ingress-nginx asks it for every request to a protected preview: on the
# packaged server with its embedded defaults, a preview whose repository's access is `link`, a browser's
# cookie from one of its share links, then a fixed-rate load from h2load (nghttp2's load generator, in C, so
# that the generator does not take the two cores from the server; installed if missing) at RATE requests
# per second for SECONDS, over HTTP/1.1 keep-alive connections on loopback. h2load sends each connection's
# requests at a fixed rate and logs every request's latency; 20 connections share the rate, so a slow
# answer delays little else, and the achieved rate is reported: a server that cannot keep up shows there.
#   - hit:  one cookie, decisions cached (driftless.edge.cache-ttl, 5s): what nearly every request costs;
#   - miss: the cache off (cache-ttl 0s): every request is one SQL statement.
# Each mode runs RUNS times on a fresh server; reports each run and the median of each figure.
# Usage: bench/edge-check.sh [RUNS=3] [RATE=1000] [SECONDS=20]   Only loopback traffic; stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD/bench${PYTHONPATH:+:$PYTHONPATH}"  # driftless_api.call
RUNS=${1:-3}
RATE=${2:-1000}
SECONDS_=${3:-20}
source bench/server.sh

one_run() { # $1: hit | miss; prints "p50 p90 p99 rate errors"
  local ttl=5s
  [ "$1" = miss ] && ttl=0s
  start_server -Xmx1g -Ddriftless.edge.cache-ttl=$ttl -Ddriftless.cluster.simulated.kubelet-delay=0s \
      -Dquarkus.log.level=WARN
  local out
  out=$(python3 - "$PORT" <<'PY'
import json, os, random, sys, time, urllib.error, urllib.parse, urllib.request
port = int(sys.argv[1])
api = f"http://127.0.0.1:{port}/api/v1"
from driftless_api import call
image = "registry.example.com/shop@sha256:" + "0123456789abcdef" * 4
posted = call("POST", f"{api}/environments", {"repository": "bench/edge", "branch": "main",
                                               "commit": "%040x" % random.getrandbits(160), "image": image})
env = posted["environmentId"]
for _ in range(3000):
    state = call("GET", f"{api}/environments/{env}")
    if state["phase"] == "READY":
        break
    time.sleep(0.01)
else:
    sys.exit("the preview never got READY")
call("PUT", f"{api}/repos/bench/edge/policy", {"access": "link"})
link = call("POST", f"{api}/environments/{env}/share-links", {"expiresIn": "1d"})["url"]
# open the link as the browser would, on the preview's host: its answer sets the host's cookie
parsed = urllib.parse.urlsplit(link)
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None
opener = urllib.request.build_opener(NoRedirect)
req = urllib.request.Request(f"http://127.0.0.1:{port}{parsed.path}?{parsed.query}", headers={"host": parsed.hostname})
try:
    opener.open(req)
    sys.exit("the share link did not redirect")
except urllib.error.HTTPError as e:
    cookie = e.headers["set-cookie"].split(";", 1)[0].split("=", 1)
print(state["url"], cookie[0], cookie[1])
PY
)
  read -r URL NAME VALUE <<<"$out"
  local connections=20 log="$DATA/requests.tsv"
  # warm up (JIT, connections, the first decision), then the measured run
  h2load --h1 -c "$connections" -n 20000 -H "X-Original-URL: $URL" -H "Cookie: $NAME=$VALUE" \
      "http://127.0.0.1:$PORT/edge/check" >/dev/null
  h2load --h1 -c "$connections" --rps $((RATE / connections)) -D "$SECONDS_" --log-file "$log" \
      -H "X-Original-URL: $URL" -H "Cookie: $NAME=$VALUE" "http://127.0.0.1:$PORT/edge/check" >/dev/null
  # the log: start (µs since the epoch), status, latency (µs), one request a line
  python3 - "$log" "$SECONDS_" <<'PY'
import sys
rows = [l.split("\t") for l in open(sys.argv[1]) if l.strip()]
lat = sorted(int(r[2]) for r in rows)
errors = sum(1 for r in rows if r[1] != "200")
q = lambda p: lat[min(len(lat) - 1, round(p * (len(lat) - 1)))] / 1000
print(f"{q(0.50):.2f} {q(0.90):.2f} {q(0.99):.2f} {len(rows) / float(sys.argv[2]):.0f} {errors}")
PY
}

command -v h2load >/dev/null || apt-get install -y nghttp2-client >/dev/null

[ -f server/target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
for mode in hit miss; do
  results=()
  for run in $(seq 1 "$RUNS"); do
    line=$( (one_run "$mode") | tail -1)
    echo "$mode run $run: p50/p90/p99 ms, achieved req/s, errors: $line"
    results+=("$line")
  done
  printf '%s\n' "${results[@]}" | python3 -c '
import statistics, sys
rows = [list(map(float, l.split())) for l in sys.stdin if l.strip()]
m = [statistics.median(c) for c in zip(*rows)]
print(f"'"$mode"' (median of {len(rows)}): p50 {m[0]:.2f} ms, p90 {m[1]:.2f} ms, p99 {m[2]:.2f} ms, "
      f"{m[3]:.0f} req/s achieved, {m[4]:.0f} errors")'
done
