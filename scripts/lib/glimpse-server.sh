# shellcheck shell=bash disable=SC2034
# Shared helpers for the scripts under scripts/ and bench/: find the built jar, start Glimpse on a
# free loopback port in a fresh directory, wait for it, read its memory use, stop it.
# Source it from bash; it defines functions only and changes no shell options.
#
#   glimpse_start WORKDIR [java options...]   sets GLIMPSE_PID, GLIMPSE_PORT, GLIMPSE_URL, GLIMPSE_LOG
#                                             (on GLIMPSE_START_PORT when set, else a free port)
#   glimpse_stop                              stops the server started by glimpse_start
#   glimpse_peak_rss_kib                      VmHWM of the server, in KiB
#
# The jar is GLIMPSE_JAR when set, else server/target/glimpse-api.jar of this checkout (built
# with `mvn -q -o install -DskipTests` when there is none). It is copied into WORKDIR before it is
# started, so a rebuild of the checkout while the server runs cannot pull classes from under it.
# Extra environment (GLIMPSE_*) set by the caller reaches the server as configuration overrides.
# With Keystone, GLIMPSE_PROBE_TOKEN is sent as X-Auth-Token by the readiness probe.

GLIMPSE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# The runnable (shaded) server jar under server/target, or nothing.
glimpse_built_jar() {
  local jar="$GLIMPSE_ROOT/server/target/glimpse-api.jar"
  [[ -f $jar ]] && echo "$jar"
  return 0
}

glimpse_jar() {
  if [[ -n "${GLIMPSE_JAR:-}" ]]; then
    [[ -f "$GLIMPSE_JAR" ]] || { echo "GLIMPSE_JAR=$GLIMPSE_JAR does not exist" >&2; return 1; }
    echo "$GLIMPSE_JAR"
    return 0
  fi
  local jar
  jar="$(glimpse_built_jar)"
  if [[ -z "$jar" ]]; then
    echo "no server jar under server/target; building it (mvn -q -o install -DskipTests)" >&2
    (cd "$GLIMPSE_ROOT" && { mvn -q -o install -DskipTests || mvn -q install -DskipTests; }) >&2 \
      || return 1
    jar="$(glimpse_built_jar)"
    [[ -n "$jar" ]] || { echo "the build produced no server jar under server/target" >&2; return 1; }
  fi
  echo "$jar"
}

# glimpse_start WORKDIR [java options...]
# Data (H2 database and file store) go under WORKDIR unless the caller already set
# GLIMPSE_DATABASE__CONNECTION / GLIMPSE_GLANCE_STORE__FILESYSTEM_STORE_DATADIR.
glimpse_start() {
  local workdir="$1"
  shift
  local jar
  jar="$(glimpse_jar)" || return 1
  mkdir -p "$workdir"
  cp "$jar" "$workdir/glimpse.jar"
  GLIMPSE_LOG="$workdir/server.log"
  : >"$GLIMPSE_LOG"
  (
    cd "$workdir" || exit 1
    export GLIMPSE_DEFAULT__BIND_HOST=127.0.0.1
    export GLIMPSE_DEFAULT__BIND_PORT="${GLIMPSE_START_PORT:-0}"
    export GLIMPSE_DATABASE__CONNECTION="${GLIMPSE_DATABASE__CONNECTION:-h2:$workdir/db/glimpse}"
    export GLIMPSE_GLANCE_STORE__FILESYSTEM_STORE_DATADIR="${GLIMPSE_GLANCE_STORE__FILESYSTEM_STORE_DATADIR:-$workdir/images}"
    exec java "$@" -jar "$workdir/glimpse.jar" </dev/null >"$GLIMPSE_LOG" 2>&1
  ) &
  GLIMPSE_PID=$!
  GLIMPSE_PORT=""
  local i
  for ((i = 0; i < 600; i++)); do
    if ! kill -0 "$GLIMPSE_PID" 2>/dev/null; then
      echo "Glimpse exited during start-up; its log ($GLIMPSE_LOG):" >&2
      tail -n 40 "$GLIMPSE_LOG" >&2
      GLIMPSE_PID=""
      return 1
    fi
    if [[ -z "$GLIMPSE_PORT" ]]; then
      GLIMPSE_PORT="$(sed -n 's#.*listening on http://127\.0\.0\.1:\([0-9][0-9]*\).*#\1#p' "$GLIMPSE_LOG" \
        | head -n 1 || true)"
    fi
    if [[ -n "$GLIMPSE_PORT" ]] \
      && curl -fs -o /dev/null -m 5 ${GLIMPSE_PROBE_TOKEN:+-H "X-Auth-Token: $GLIMPSE_PROBE_TOKEN"} \
        "http://127.0.0.1:$GLIMPSE_PORT/v2/images?limit=1"; then
      GLIMPSE_URL="http://127.0.0.1:$GLIMPSE_PORT"
      return 0
    fi
    sleep 0.1
  done
  echo "Glimpse did not answer within 60 s; its log ($GLIMPSE_LOG):" >&2
  tail -n 40 "$GLIMPSE_LOG" >&2
  glimpse_stop
  return 1
}

glimpse_peak_rss_kib() {
  [[ -n "${GLIMPSE_PID:-}" ]] || { echo 0; return; }
  awk '/^VmHWM:/ {print $2}' "/proc/$GLIMPSE_PID/status" 2>/dev/null || echo 0
}

glimpse_stop() {
  [[ -n "${GLIMPSE_PID:-}" ]] || return 0
  if kill -0 "$GLIMPSE_PID" 2>/dev/null; then
    kill -TERM "$GLIMPSE_PID" 2>/dev/null || true
    local i
    for ((i = 0; i < 150; i++)); do
      kill -0 "$GLIMPSE_PID" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$GLIMPSE_PID" 2>/dev/null; then
      echo "Glimpse (pid $GLIMPSE_PID) ignored SIGTERM for 15 s; killing it" >&2
      kill -KILL "$GLIMPSE_PID" 2>/dev/null || true
    fi
  fi
  wait "$GLIMPSE_PID" 2>/dev/null || true
  GLIMPSE_PID=""
}

# Milliseconds since the epoch.
now_ms() { date +%s%3N; }

# MB/s (10^6 bytes per second) for BYTES moved in MILLIS milliseconds, one decimal.
mb_per_s() { awk -v b="$1" -v ms="$2" 'BEGIN { if (ms <= 0) ms = 1; printf "%.1f", b / 1e6 / (ms / 1000) }'; }
