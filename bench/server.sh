# Sourced by the benchmarks: builds the server if its jar is missing, starts it on its embedded
# defaults in a fresh data directory with the Java options given, waits until it is ready, and stops it
# (and removes the data) when the benchmark exits. Sets PORT, PID, DATA and DRIFTLESS_ADMIN_TOKEN.
start_server() {
  local jar=server/target/quarkus-app/quarkus-run.jar
  [ -f "$jar" ] || ./mvnw -B -q package -DskipTests
  DATA=$(mktemp -d)
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  export DRIFTLESS_ADMIN_TOKEN="dl_bench_$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')"
  java -Ddriftless.data-dir="$DATA" -Dquarkus.http.port="$PORT" "$@" -jar "$jar" >"$DATA/server.log" 2>&1 &
  PID=$!
  trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && break
    kill -0 $PID 2>/dev/null || { cat "$DATA/server.log"; exit 1; }
    sleep 0.1
  done
  sleep 3
}
