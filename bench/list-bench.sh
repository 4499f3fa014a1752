#!/usr/bin/env bash
# List benchmark (the sharing case): latency of GET /v2/images?limit=25 for a project that owns 10
# images and has 5 shared with it (accepted memberships), with 1k, 10k and 100k images in the
# database, almost all of them other projects' private/shared/community images it cannot see
# (bench/SeedImages.java describes the data). The caller sees 20 images, fewer than a page, so
# the server must rule out every other row. For each size: a fresh database (H2 file, or a new
# database on the local PostgreSQL or MariaDB) made by starting Glimpse once (its migrations),
# seeded over JDBC with the server stopped — without refreshing the planner statistics on
# PostgreSQL and MariaDB, as a bulk load leaves them — then Glimpse started again and measured over
# HTTP with bench/ApiBench.java: the default listing, member_status=all and a property filter.
# Prints a table; asserts nothing.
#
# Usage: bench/list-bench.sh [--sizes "1000 10000 100000"] [--requests N] [--concurrency C]
#                            [--database h2|postgresql|mariadb]
#        GLIMPSE_JAR=path overrides the jar. 1,000,000 images: --sizes "1000 1000000".
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../scripts/lib/glimpse-server.sh
source "$HERE/../scripts/lib/glimpse-server.sh"

SIZES="1000 10000 100000"
REQUESTS=2000
CONCURRENCY=4
DATABASE=h2
QUERIES=("limit=25" "limit=25&member_status=all" "limit=25&os_distro=fedora")
while (($#)); do
  case "$1" in
    --sizes) SIZES="$2"; shift 2 ;;
    --requests) REQUESTS="$2"; shift 2 ;;
    --concurrency) CONCURRENCY="$2"; shift 2 ;;
    --database) DATABASE="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
PROJECT=bench-me

WORK="$(mktemp -d "${TMPDIR:-/tmp}/glimpse-list-bench.XXXXXX")"
cleanup() {
  local rc=$?
  glimpse_stop
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

JAR="$(glimpse_jar)"
cp "$JAR" "$WORK/glimpse.jar"
export GLIMPSE_JAR="$WORK/glimpse.jar"

echo "list-bench: $DATABASE; GET /v2/images?limit=25 (and member_status=all, os_distro=fedora) as project $PROJECT (roles member,reader);" \
  "$REQUESTS requests per size over $CONCURRENCY connections after 500 warm-up requests"
echo "list-bench: machine: $(nproc) cores; $(java -version 2>&1 | head -n 1)"
ROWS=()
for size in $SIZES; do
  dir="$WORK/db-$size"
  mkdir -p "$dir"
  db="glimpse_list_bench_$size"
  case "$DATABASE" in
    h2)
      export GLIMPSE_DATABASE__CONNECTION="h2:$dir/db/glimpse"
      jdbc="jdbc:h2:file:$dir/db/glimpse;CACHE_SIZE=524288" ;;
    postgresql)
      psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
      export GLIMPSE_DATABASE__CONNECTION="postgresql+psycopg2://postgres@127.0.0.1:5432/$db"
      jdbc="jdbc:postgresql://127.0.0.1:5432/$db" ;;
    mariadb)
      mysql -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db"
      export GLIMPSE_DATABASE__CONNECTION="mysql+pymysql://root@127.0.0.1:3306/$db"
      jdbc="jdbc:mariadb://127.0.0.1:3306/$db" ;;
    *) echo "unknown database $DATABASE" >&2; exit 2 ;;
  esac
  export GLIMPSE_GLANCE_STORE__FILESYSTEM_STORE_DATADIR="$dir/images"
  # 1. the schema, made by the server's own migrations
  glimpse_start "$dir/server1"
  glimpse_stop
  # 2. the rows, over JDBC while the server is stopped
  t0=$(now_ms)
  java -cp "$GLIMPSE_JAR" "$HERE/SeedImages.java" "$jdbc" "$size" "$PROJECT"
  t1=$(now_ms)
  echo "list-bench: seeded $size images in $(((t1 - t0) / 1000)) s"
  # 3. measure, once the server has written the children copies the seeded rows lack (it
  # answers meanwhile, from the child tables; see docs/architecture.md)
  t0=$(now_ms)
  glimpse_start "$dir/server2"
  until grep -q "children copies written for" "$GLIMPSE_LOG"; do
    kill -0 "$GLIMPSE_PID" || { echo "list-bench: the server stopped" >&2; exit 1; }
    sleep 0.5
  done
  t1=$(now_ms)
  echo "list-bench: started and wrote the children copies of $size images in $(((t1 - t0) / 1000)) s"
  for query in "${QUERIES[@]}"; do
    out="$(java "$HERE/ApiBench.java" list "$GLIMPSE_URL" --project "$PROJECT" --label "$size" \
      --query "$query" --requests "$REQUESTS" --concurrency "$CONCURRENCY")"
    echo "$out" | grep -v '^RESULT' || true
    line="$(grep '^RESULT' <<<"$out")"
    val() { sed -n "s/.* $1=\\([^ ]*\\).*/\\1/p" <<<"$line"; }
    ROWS+=("$(printf '%14s %-28s %8s %10s %9s %9s %9s %7s' "$size" "$query" "$(val images_in_page)" \
      "$(val rps)" "$(val p50_ms)" "$(val p90_ms)" "$(val p99_ms)" "$(val errors)")")
  done
  ROWS+=("$(printf '%14s %-28s server peak RSS %s MiB' "$size" "" "$(($(glimpse_peak_rss_kib) / 1024))")")
  glimpse_stop
  case "$DATABASE" in
    postgresql) psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" ;;
    mariadb) mysql -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $db" ;;
  esac
  rm -rf "$dir"
done

echo
printf '%14s %-28s %8s %10s %9s %9s %9s %7s\n' "images in DB" "query" "in page" "req/s" "p50 ms" \
  "p90 ms" "p99 ms" "errors"
for r in "${ROWS[@]}"; do echo "$r"; done
