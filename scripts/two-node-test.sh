#!/usr/bin/env bash
# The two-node test (issue 10): two Glimpse processes on one PostgreSQL database and one store,
# clients spread over both with mixed create/upload/PATCH/member/delete traffic, then an audit
# through both nodes: every acknowledged change present, nothing duplicated, data written through
# one node read back through the other, each delayed delete scrubbed once, and the store holding
# exactly the objects the records reference. The load and the audit are bench/TwoNodeTest.java,
# run by the JDK from source with the server jar on its class path (for Jackson).
#
# Usage: scripts/two-node-test.sh [--seconds S] [--clients N] [--swift]
#   --swift keeps the data in the Swift of scripts/swift-up.sh (its env file,
#   /var/tmp/glimpse-swift/env or GLIMPSE_SWIFT_ENV) instead of one shared file store directory.
#   GLIMPSE_JAR=path overrides the jar; KEEP=1 keeps the data directory, the nodes' logs and the database.
# PostgreSQL at 127.0.0.1:5432 (user postgres, trust); unreachable, the test is skipped unless
# GLIMPSE_REQUIRE_SERVICES=1. The last line is `two-node-test: P passed, F failed`.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/glimpse-server.sh
source "$HERE/lib/glimpse-server.sh"

ARGS=()
while (($#)); do
  case "$1" in
    --seconds | --clients) ARGS+=("$1" "$2"); shift 2 ;;
    --swift)
      SWIFT_ENV=${GLIMPSE_SWIFT_ENV:-/var/tmp/glimpse-swift/env}
      if [[ ! -r $SWIFT_ENV ]]; then
        echo "two-node-test: no Swift ($SWIFT_ENV is missing; run scripts/swift-up.sh)"
        if [[ "${GLIMPSE_REQUIRE_SERVICES:-0}" == 1 ]]; then echo "two-node-test: 0 passed, 1 failed"; exit 1; fi
        echo "two-node-test: skipped"
        exit 0
      fi
      ARGS+=(--swift-env "$SWIFT_ENV"); shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

PSQL=(psql -X -q -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1)
if ! command -v psql >/dev/null || ! "${PSQL[@]}" -c 'SELECT 1' >/dev/null 2>&1; then
  if [[ "${GLIMPSE_REQUIRE_SERVICES:-0}" == 1 ]]; then
    echo "two-node-test: PostgreSQL is not reachable at 127.0.0.1:5432 (GLIMPSE_REQUIRE_SERVICES=1)"
    echo "two-node-test: 0 passed, 1 failed"
    exit 1
  fi
  echo "two-node-test: PostgreSQL is not reachable at 127.0.0.1:5432; skipped"
  exit 0
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/glimpse-two-node.XXXXXX")"
DB="glimpse_two_node_$(date +%s)_$$"
cleanup() {
  local rc=$?
  if [[ "${KEEP:-0}" == 1 ]]; then
    echo "two-node-test: kept $WORK and the database $DB"
  else
    "${PSQL[@]}" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

JAR="$(glimpse_jar)" || { echo "two-node-test: 0 passed, 1 failed"; exit 1; }
cp "$JAR" "$WORK/glimpse.jar"
"${PSQL[@]}" -c "CREATE DATABASE $DB" >/dev/null
started=$(now_ms)
set +e
java -cp "$WORK/glimpse.jar" "$HERE/../bench/TwoNodeTest.java" --jar "$WORK/glimpse.jar" --dir "$WORK" \
  --connection "postgresql://postgres@127.0.0.1:5432/$DB" "${ARGS[@]}"
status=$?
set -e
if [[ $status != 0 ]]; then
  for n in 0 1; do
    echo "two-node-test: last lines of node $n's log:"
    tail -n 15 "$WORK/node-$n.log" 2>/dev/null || true
  done
fi
echo "two-node-test: took $((($(now_ms) - started) / 1000)) s"
exit $status
