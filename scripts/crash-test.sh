#!/usr/bin/env bash
# The crash test (issue 8): the built server under load — uploads of tens of MiB (v2 with
# Content-Length and chunked, v1), PATCHes, creates and deletes — is killed with SIGKILL at a random
# moment, restarted on the same data, and audited once the recovery window has passed: no
# acknowledged write lost, no image left saving, no orphaned or temporary file in the store. Several
# rounds on H2 and on PostgreSQL (a fresh database per run). The load and the audit are
# bench/CrashTest.java, run by the JDK from source.
#
# Usage: scripts/crash-test.sh [--rounds N] [--databases "h2 postgresql"]
#   GLIMPSE_JAR=path overrides the jar; KEEP=1 keeps the data directories; CRASH_SEED=n repeats a
#   run; CRASH_SETTLE=s changes how long the audit waits for recovery (default 40 s).
# PostgreSQL at 127.0.0.1:5432 (user postgres, trust), as the tests use it; unreachable, it is
# skipped unless GLIMPSE_REQUIRE_SERVICES=1. The last line is `crash-test: N passed, M failed`; the
# exit status is non-zero on any failure.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/glimpse-server.sh
source "$HERE/lib/glimpse-server.sh"

ROUNDS=3
DATABASES="h2 postgresql"
while (($#)); do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --databases) DATABASES="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/glimpse-crash-test.XXXXXX")"
PG_DB=""
PSQL=(psql -X -q -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1)
cleanup() {
  local rc=$?
  if [[ -n "$PG_DB" ]]; then
    "${PSQL[@]}" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  if [[ "${KEEP:-0}" == 1 ]]; then echo "crash-test: kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PASSED=0
FAILED=0
JAR="$(glimpse_jar)" || { echo "crash-test: 0 passed, 1 failed"; exit 1; }
cp "$JAR" "$WORK/glimpse.jar"
started=$(now_ms)

for db in $DATABASES; do
  dir="$WORK/$db"
  mkdir -p "$dir"
  args=(--jar "$WORK/glimpse.jar" --dir "$dir" --label "$db" --rounds "$ROUNDS")
  [[ -n "${CRASH_SEED:-}" ]] && args+=(--seed "$CRASH_SEED")
  [[ -n "${CRASH_SETTLE:-}" ]] && args+=(--settle "$CRASH_SETTLE")
  case "$db" in
    h2) ;;
    postgresql)
      if ! command -v psql >/dev/null || ! "${PSQL[@]}" -c 'SELECT 1' >/dev/null 2>&1; then
        if [[ "${GLIMPSE_REQUIRE_SERVICES:-0}" == 1 ]]; then
          echo "crash-test[postgresql]: PostgreSQL is not reachable at 127.0.0.1:5432 (GLIMPSE_REQUIRE_SERVICES=1)"
          FAILED=$((FAILED + 1))
        else
          echo "crash-test[postgresql]: PostgreSQL is not reachable at 127.0.0.1:5432; skipped"
        fi
        continue
      fi
      PG_DB="glimpse_crash_$(date +%s)_$$"
      "${PSQL[@]}" -c "CREATE DATABASE $PG_DB" >/dev/null
      args+=(--connection "postgresql://postgres@127.0.0.1:5432/$PG_DB")
      ;;
    *) echo "unknown database $db" >&2; exit 2 ;;
  esac
  out="$dir/crash-test.out"
  set +e
  java "$HERE/../bench/CrashTest.java" "${args[@]}" 2>&1 | tee "$out"
  status=${PIPESTATUS[0]}
  set -e
  line="$(grep -E "^crash-test\[$db\]: [0-9]+ passed, [0-9]+ failed" "$out" | tail -n 1 || true)"
  if [[ -n "$line" ]]; then
    PASSED=$((PASSED + $(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")))
    FAILED=$((FAILED + $(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")))
  fi
  if [[ $status != 0 && ( -z "$line" || "$line" == *", 0 failed" ) ]]; then
    echo "crash-test[$db]: the run ended with status $status; server log: $dir/server.log"
    tail -n 20 "$dir/server.log" 2>/dev/null || true
    FAILED=$((FAILED + 1))
  fi
  if [[ -n "$PG_DB" ]]; then
    "${PSQL[@]}" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null
    PG_DB=""
  fi
done

echo "crash-test: took $((($(now_ms) - started) / 1000)) s"
echo "crash-test: $PASSED passed, $FAILED failed"
((FAILED == 0))
