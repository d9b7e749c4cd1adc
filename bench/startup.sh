#!/usr/bin/env bash
# Start-up on the embedded defaults: the first start (which creates the database) once, then RUNS second
# starts on the same data directory. For each: wall time from launch to /q/health/ready answering 200,
# the process's CPU time at that moment, and Quarkus's own "started in" figure. Prints the medians.
#   bench/startup.sh [RUNS] [java options...]     e.g. bench/startup.sh 5 -XX:TieredStopAtLevel=1
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
shift || true
jar=server/target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || ./mvnw -B -q package -DskipTests
DATA=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$DATA"' EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
TICKS=$(getconf CLK_TCK)

# one start: prints "wall_ms cpu_ms quarkus_s"
start_once() {
  local log="$DATA/server-$1.log" t0 now cpu
  t0=$(date +%s%N)
  DRIFTLESS_ADMIN_TOKEN=dl_bench_startup_token_0123456789abcdef \
    java -Ddriftless.data-dir="$DATA" -Dquarkus.http.port="$PORT" "${@:2}" -jar "$jar" >"$log" 2>&1 &
  PID=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$PORT/q/health/ready"; do
    kill -0 $PID 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.02
  done
  now=$(date +%s%N)
  # utime + stime of the JVM (PostgreSQL's own processes are not counted)
  cpu=$(awk -v t="$TICKS" '{ print int(($14 + $15) * 1000 / t) }' "/proc/$PID/stat")
  kill $PID; wait $PID 2>/dev/null || true; PID=
  local q; q=$(grep -o 'started in [0-9.]*s' "$log" | grep -o '[0-9.]*' | head -1)
  echo "$(( (now - t0) / 1000000 )) $cpu ${q:-?}"
}

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

first=$(start_once first "$@")
echo "first start (creates the database): wall ${first%% *} ms"
: >"$DATA/runs"
for i in $(seq 1 "$RUNS"); do
  r=$(start_once "$i" "$@")
  echo "second start $i: wall/cpu ms, quarkus s: $r"
  echo "$r" >>"$DATA/runs"
done
echo "median of $RUNS second starts: wall $(cut -d' ' -f1 "$DATA/runs" | median) ms," \
  "JVM CPU $(cut -d' ' -f2 "$DATA/runs" | median) ms, Quarkus 'started in' $(cut -d' ' -f3 "$DATA/runs" | median) s"
