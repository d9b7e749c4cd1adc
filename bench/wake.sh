#!/usr/bin/env bash
# Wake overhead on the packaged server with its embedded defaults: what Driftless adds to the time its pods
# take to start when a sleeping preview wakes. One environment, put to sleep and woken N times; each time
# the sleep is carried out first (Deployment at zero, alias on the wake page, read from the simulated
# cluster's API server), then the clock starts and:
#   - request: the first request to the preview, as ingress-nginx passes it to Driftless (Host: the preview's
#     host), which answers the waking page and wakes it;
#   - api:     POST /api/v1/environments/{id}/wake.
# The clock stops when the long poll GET /api/v1/revisions/{id}?wait=READY answers, as a waiting bot or the
# wake page sees READY. Overhead = that time minus the simulated kubelet's delay (the pods' start).
# Reports each mode's median, p90 and max over N wakes.
# Usage: bench/wake.sh [N=20] [kubelet delay=1s]   Only loopback traffic; stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20}
DELAY=${2:-1s}
source bench/server.sh
start_server -Xmx1g -Ddriftless.cluster.simulated.kubelet-delay="$DELAY" -Dquarkus.log.level=WARN

python3 - "$PORT" "$N" "$DELAY" "$DATA/kubeconfig" <<'PY'
import json, os, random, re, statistics, sys, time, urllib.error, urllib.request
port, n, delay, kubeconfig = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
delay_ms = float(re.fullmatch(r"([\d.]+)(ms|s)", delay).group(1)) * (1 if delay.endswith("ms") else 1000)
api = f"http://127.0.0.1:{port}/api/v1"
cluster = re.search(r"server: *\"?([^\"\s]+)", open(kubeconfig).read()).group(1)
def call(method, url, body=None, headers=None):
    h = {"content-type": "application/json", "authorization": "Bearer " + os.environ["DRIFTLESS_ADMIN_TOKEN"]}
    h.update(headers or {})
    req = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers=h)
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read())
def until(what, check, patience=60):
    end = time.monotonic() + patience
    while not check():
        if time.monotonic() > end:
            sys.exit("gave up waiting for " + what)
        time.sleep(0.02)
image = "registry.example.com/shop@sha256:" + "0123456789abcdef" * 4
posted = call("POST", f"{api}/environments", {"repository": "bench/wake", "branch": "main",
                                               "commit": "%040x" % random.getrandbits(160), "image": image})
env, revision = posted["environmentId"], posted["revisionId"]
state = call("GET", f"{api}/revisions/{revision}?wait=READY&timeout=60s")
assert state["phase"] == "READY", state
e = call("GET", f"{api}/environments/{env}")
name, namespace = e["name"], e["revisions"][0]["namespace"]
host = re.sub(r"^https?://", "", e["url"]).split("/")[0].split(":")[0]
alias = lambda: call("GET", f"{cluster}/api/v1/namespaces/driftless-routing/services/{name}")["spec"].get("externalName")
deployment = lambda: call("GET", f"{cluster}/apis/apps/v1/namespaces/{namespace}/deployments/app")
until("the alias", lambda: alias() is not None)
serving = alias()

def asleep():
    call("POST", f"{api}/environments/{env}/sleep")
    def carried_out():
        d = deployment()
        return (d["spec"]["replicas"] == 0 and not (d.get("status") or {}).get("availableReplicas")
                and alias() != serving)
    until("the sleep to be carried out", carried_out)

def first_request():
    req = urllib.request.Request(f"http://127.0.0.1:{port}/some/page", headers={"host": host})
    try:
        urllib.request.urlopen(req, timeout=30)
        sys.exit("a sleeping preview answered without the waking page")
    except urllib.error.HTTPError as err:
        if err.code != 503:
            sys.exit(f"the waking page answered {err.code}")

def wake_api():
    call("POST", f"{api}/environments/{env}/wake")

results = {"request": [], "api": []}
for i in range(n):
    for mode, wake in (("request", first_request), ("api", wake_api)):
        asleep()
        t0 = time.perf_counter()
        wake()
        state = call("GET", f"{api}/revisions/{revision}?wait=READY&timeout=60s")
        elapsed = (time.perf_counter() - t0) * 1000
        assert state["phase"] == "READY", state
        results[mode].append(elapsed - delay_ms)
        until("the alias to route back", lambda: alias() == serving)
for mode, overheads in results.items():
    overheads.sort()
    p90 = overheads[min(len(overheads) - 1, int(0.9 * len(overheads)))]
    print(f"wake by {mode}: overhead (-> READY minus the kubelet delay {delay}) over {len(overheads)}: "
          f"median {statistics.median(overheads):.0f} ms, p90 {p90:.0f} ms, max {overheads[-1]:.0f} ms")
PY
