#!/usr/bin/env bash
# The environment list at scale: N environments (default 10,000) with R revisions each (default 10:
# 100,000), written straight into the packaged server's embedded database, then the list page asked
# for by a logged-in person: the first page, a page deep in the list (by its cursor), a branch-text
# search and a repository filter, each K times (default 50) one after another. Reports p50 and p90 of
# the time to the first byte on loopback (the server's time) for each.
# The reaper and the resync are kept out of the way (their intervals are long) so the figures are the
# page's alone. Usage: bench/ui-scale.sh [N=10000] [R=10] [K=50]   Only loopback traffic; stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
R=${2:-10}
K=${3:-50}
./mvnw -B -q install -DskipTests
./mvnw -B -q -pl server dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CP="$(cat server/target/bench-classpath.txt)"
JAR=server/target/quarkus-app/quarkus-run.jar
DATA=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PASSWORD="bench-$(python3 -c 'import secrets; print(secrets.token_urlsafe(12))')"
java -Xmx1g -Ddriftless.data-dir="$DATA" -Dquarkus.http.port="$PORT" -Ddriftless.auth.admin-password="$PASSWORD" \
     -Ddriftless.worker.resync-interval=24h -Ddriftless.lifecycle.interval=24h -jar "$JAR" >"$DATA/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 900); do curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done
PG=$(grep -o 'embedded PostgreSQL 15 is up on port [0-9]*' "$DATA/server.log" | awk '{print $NF}')
java -cp "$CP" bench/SeedEnvironments.java "jdbc:postgresql://localhost:$PG/postgres" "$N" "$R"
JAR_COOKIES="$DATA/cookies"
# the login form carries a CSRF token: read it from the form, as a browser would
LOGIN_PAGE=$(curl -s -c "$JAR_COOKIES" -b "$JAR_COOKIES" "http://127.0.0.1:$PORT/login")
CSRF=$(printf '%s' "$LOGIN_PAGE" | python3 -c 'import re,sys; m=re.search(r"type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\"", sys.stdin.read()); print(m.group(1)+"="+m.group(2))')
curl -s -o /dev/null -c "$JAR_COOKIES" -b "$JAR_COOKIES" --data-urlencode "j_username=admin" \
     --data-urlencode "j_password=$PASSWORD" -d "$CSRF" "http://127.0.0.1:$PORT/j_security_check"
python3 - "$PORT" "$K" "$JAR_COOKIES" <<'PY'
import re, statistics, subprocess, sys
port, k, cookies = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
base = f"http://127.0.0.1:{port}"
def ttfb(path):
    out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-b", cookies, "-w", "%{http_code} %{time_starttransfer}",
                          base + path], capture_output=True, text=True, check=True).stdout.split()
    if out[0] != "200":
        sys.exit(f"{path} answered {out[0]}")
    return float(out[1]) * 1000
def page(path):
    return subprocess.run(["curl", "-s", "-b", cookies, base + path], capture_output=True, text=True).stdout
first = page("/")
rows = first.count("data-environment=")
cursor = None
path = "/"
for _ in range(100):  # 100 pages of 50 in: the middle of 10,000
    m = re.search(r'rel="next" href="/\?after=([^"]+)"', page(path))
    if not m:
        break
    cursor = m.group(1)
    path = "/?after=" + cursor
cases = [("first page", "/"), ("page 101 (keyset cursor)", path), ("branch search 'scale-77'", "/?q=scale-77"),
         ("one repository", "/?repository=scale/app42")]
print(f"list page: {rows} rows a page")
for name, p in cases:
    for _ in range(5):
        ttfb(p)  # warm up
    times = sorted(ttfb(p) for _ in range(k))
    p50 = statistics.median(times)
    p90 = times[int(len(times) * 0.9) - 1]
    print(f"{name:28s} p50 {p50:6.1f} ms   p90 {p90:6.1f} ms   ({k} runs)")
PY
