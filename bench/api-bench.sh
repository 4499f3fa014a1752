#!/usr/bin/env bash
# API benchmark: starts Glimpse on a fresh temp dir (loopback, free port) and prints
#  1. requests/second and latency p50/p90/p99 for image create, show and list (limit=25, 100 images
#     visible to the caller), a fixed number of requests each over a few keep-alive connections
#     (bench/ApiBench.java, run by the JDK without a build), after a warm-up;
#  2. upload and download MB/s of a 1 GiB image with curl, next to sha512sum and md5sum of the same
#     file on this machine (the server computes both hashes while it stores an upload).
# Prints figures only; asserts nothing about speed. Needs the JDK, curl and coreutils.
#
# Usage: bench/api-bench.sh [--requests N] [--concurrency C]   (defaults 3000 and 4)
#        GLIMPSE_JAR=path overrides the jar; BENCH_DATA_SIZE=bytes changes the 1 GiB.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../scripts/lib/glimpse-server.sh
source "$HERE/../scripts/lib/glimpse-server.sh"

REQUESTS=3000
CONCURRENCY=4
while (($#)); do
  case "$1" in
    --requests) REQUESTS="$2"; shift 2 ;;
    --concurrency) CONCURRENCY="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
DATA_SIZE="${BENCH_DATA_SIZE:-1073741824}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/glimpse-api-bench.XXXXXX")"
cleanup() {
  local rc=$?
  glimpse_stop
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

glimpse_start "$WORK/server"
echo "api-bench: Glimpse at $GLIMPSE_URL (pid $GLIMPSE_PID, H2 file database, file store in $WORK)"
echo "api-bench: machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo);" \
  "$(java -version 2>&1 | head -n 1)"
echo

echo "== API requests ($REQUESTS per scenario, $CONCURRENCY connections, after 500 warm-up requests each)"
java "$HERE/ApiBench.java" api "$GLIMPSE_URL" --requests "$REQUESTS" --concurrency "$CONCURRENCY"
echo

echo "== image data ($DATA_SIZE bytes)"
FILE="$WORK/data.bin"
if command -v openssl >/dev/null; then
  { openssl enc -aes-128-ctr -nosalt -pass pass:glimpse-bench -pbkdf2 </dev/zero 2>/dev/null || true; } \
    | head -c "$DATA_SIZE" >"$FILE"
else
  head -c "$DATA_SIZE" /dev/urandom >"$FILE"
fi
cat "$FILE" >/dev/null # into the page cache, as for the runs below

timed() { # timed CMD...: prints elapsed milliseconds
  local t0 t1
  t0=$(now_ms)
  "$@" >/dev/null
  t1=$(now_ms)
  echo $((t1 - t0))
}
SHA_MS=$(timed sha512sum "$FILE")
MD5_MS=$(timed md5sum "$FILE")
# shellcheck disable=SC2016 # $1 expands in the inner bash
BOTH_MS=$(timed bash -c 'tee >(md5sum >/dev/null) <"$1" | sha512sum' _ "$FILE")

ID="$(curl -sS -X POST "$GLIMPSE_URL/v2/images" -H 'Content-Type: application/json' \
  -d '{"name": "bench-data", "disk_format": "raw", "container_format": "bare"}' \
  | sed -n 's/.*"id": *"\([^"]*\)".*/\1/p')"
[[ -n "$ID" ]] || { echo "api-bench: could not create the data image" >&2; exit 1; }
t0=$(now_ms)
code="$(curl -sS -o /dev/null -w '%{http_code}' -X PUT -H 'Content-Type: application/octet-stream' \
  -T "$FILE" "$GLIMPSE_URL/v2/images/$ID/file")"
t1=$(now_ms)
UP_MS=$((t1 - t0))
[[ "$code" == 204 ]] || echo "api-bench: upload answered HTTP $code (figure below is not valid)"
t0=$(now_ms)
got="$(curl -sS -o /dev/null -w '%{http_code} %{size_download}' "$GLIMPSE_URL/v2/images/$ID/file")"
t1=$(now_ms)
DOWN_MS=$((t1 - t0))
[[ "$got" == "200 $DATA_SIZE" ]] || echo "api-bench: download answered '$got' (figure below is not valid)"
curl -sS -o /dev/null -X DELETE "$GLIMPSE_URL/v2/images/$ID"
rm -f "$FILE"

printf '%-58s %9s %8s\n' "operation" "MB/s" "seconds"
row() { printf '%-58s %9s %8.2f\n' "$1" "$(mb_per_s "$DATA_SIZE" "$2")" "$(awk -v ms="$2" 'BEGIN {print ms / 1000}')"; }
row "upload   PUT /v2/images/{id}/file (curl -T, Content-Length)" "$UP_MS"
row "download GET /v2/images/{id}/file (curl -o /dev/null)" "$DOWN_MS"
row "reference: sha512sum of the cached file" "$SHA_MS"
row "reference: md5sum of the cached file" "$MD5_MS"
row "reference: md5sum and sha512sum together (tee, 2 cores)" "$BOTH_MS"
echo
echo "api-bench: server peak RSS (VmHWM) $(($(glimpse_peak_rss_kib) / 1024)) MiB"
