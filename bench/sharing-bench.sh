#!/usr/bin/env bash
# Sharing benchmark. (1) Share IMAGES images with PROJECTS projects and have every project accept
# them all: the Glance way (one request per membership and per answer) against the batch API
# (/v1/cloudimages/members), in requests and seconds, on a fresh server. (2) Latency of
# GET /v2/images for a project of a Keystone domain with DOMAIN_IMAGES images shared with that
# domain (seeded over JDBC with the server stopped; 1% of them accepted by the project, half as
# many more shared with another domain). Prints figures; asserts nothing.
#
# Usage: bench/sharing-bench.sh [--images 100] [--projects 100] [--domain-images 10000]
#        [--requests 500] [--concurrency 4] [--parts "share list"]
#        GLIMPSE_JAR=path overrides the jar; BENCH_DB=postgres runs part 2 on a fresh PostgreSQL
#        database at 127.0.0.1:5432 (user postgres) instead of H2.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../scripts/lib/glimpse-server.sh
source "$HERE/../scripts/lib/glimpse-server.sh"

IMAGES=100
PROJECTS=100
DOMAIN_IMAGES=10000
REQUESTS=500
CONCURRENCY=4
PARTS="share list"
while (($#)); do
  case "$1" in
    --images) IMAGES="$2"; shift 2 ;;
    --projects) PROJECTS="$2"; shift 2 ;;
    --domain-images) DOMAIN_IMAGES="$2"; shift 2 ;;
    --requests) REQUESTS="$2"; shift 2 ;;
    --concurrency) CONCURRENCY="$2"; shift 2 ;;
    --parts) PARTS="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/glimpse-sharing-bench.XXXXXX")"
PGDB=""
cleanup() {
  local rc=$?
  glimpse_stop
  if [[ -n "$PGDB" ]]; then
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $PGDB WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

JAR="$(glimpse_jar)"
cp "$JAR" "$WORK/glimpse.jar"
export GLIMPSE_JAR="$WORK/glimpse.jar"
echo "sharing-bench: machine: $(nproc) cores; $(java -version 2>&1 | head -n 1)"

# 1. batch against one at a time
if [[ " $PARTS " == *" share "* ]]; then
export GLIMPSE_DATABASE__CONNECTION="h2:$WORK/share/db/glimpse"
export GLIMPSE_GLANCE_STORE__FILESYSTEM_STORE_DATADIR="$WORK/share/images"
glimpse_start "$WORK/share-server"
echo "sharing-bench: sharing $IMAGES images with $PROJECTS projects and accepting them, $CONCURRENCY connections (H2)"
java "$HERE/SharingBench.java" share "$GLIMPSE_URL" --images "$IMAGES" --projects "$PROJECTS" \
  --concurrency "$CONCURRENCY"
glimpse_stop
fi

# 2. listing with DOMAIN_IMAGES images shared with the caller's domain
[[ " $PARTS " == *" list "* ]] || exit 0
if [[ "${BENCH_DB:-h2}" == postgres ]]; then
  PGDB="glimpse_sharing_bench_$$"
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $PGDB" >/dev/null
  export GLIMPSE_DATABASE__CONNECTION="postgresql://postgres@127.0.0.1:5432/$PGDB"
  JDBC="jdbc:postgresql://127.0.0.1:5432/$PGDB?user=postgres"
else
  export GLIMPSE_DATABASE__CONNECTION="h2:$WORK/list/db/glimpse"
  JDBC="jdbc:h2:file:$WORK/list/db/glimpse"
fi
export GLIMPSE_GLANCE_STORE__FILESYSTEM_STORE_DATADIR="$WORK/list/images"
glimpse_start "$WORK/list-server1"
glimpse_stop
t0=$(now_ms)
java -cp "$GLIMPSE_JAR" "$HERE/SharingBench.java" seed "$JDBC" "$DOMAIN_IMAGES" bench-domain bench-me
echo "sharing-bench: seeded $DOMAIN_IMAGES domain-shared images in $((($(now_ms) - t0) / 1000)) s (${BENCH_DB:-h2})"
glimpse_start "$WORK/list-server2"
for query in "limit=25" "limit=25&member_status=pending" "limit=25&member_status=all" \
  "limit=25&member_status=accepted&sort_key=name&sort_dir=asc"; do
  java "$HERE/SharingBench.java" list "$GLIMPSE_URL" --project bench-me --domain bench-domain \
    --query "$query" --requests "$REQUESTS" --concurrency "$CONCURRENCY"
done
echo "sharing-bench: server peak RSS $(($(glimpse_peak_rss_kib) / 1024)) MiB"
