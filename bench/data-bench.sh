#!/usr/bin/env bash
# Image data benchmark: upload and download MiB/s of one image, each next to the reference it is
# held to on this machine, measured in the same run:
#   upload   (curl -T, Content-Length; and chunked)  vs  Java's MD5 alone and SHA-512 alone
#            (bench/DigestBench.java), md5sum, sha512sum, and the disk (dd with fdatasync: an
#            upload is synced before its image becomes active)
#   download (curl -o /dev/null)                     vs  the cached file sent to a loopback socket
#            (cat > /dev/tcp, received by socat)
# Without --url it starts its own Glimpse (GLIMPSE_JAR or this checkout's jar, H2, file store in
# --store-dir or a temp dir); with --url it measures that running image service instead (Glance
# too: the noauth identity headers X-Project-Id/X-Roles, or X-Auth-Token from BENCH_TOKEN).
# Prints figures only; asserts nothing about speed. Needs the JDK, curl, socat and coreutils.
#
# Usage: bench/data-bench.sh [--size BYTES] [--url URL] [--store-dir DIR] [--rounds N]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../scripts/lib/glimpse-server.sh
source "$HERE/../scripts/lib/glimpse-server.sh"

SIZE=1073741824
URL=""
STORE_DIR=""
ROUNDS=2
while (($#)); do
  case "$1" in
    --size) SIZE="$2"; shift 2 ;;
    --url) URL="$2"; shift 2 ;;
    --store-dir) STORE_DIR="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/glimpse-data-bench.XXXXXX")"
SINK_PID=""
cleanup() {
  local rc=$?
  [[ -n "$SINK_PID" ]] && kill "$SINK_PID" 2>/dev/null
  [[ -z "$URL" || -n "${GLIMPSE_PID:-}" ]] && glimpse_stop
  rm -rf "$WORK"
  [[ -n "$STORE_DIR" && -d "$STORE_DIR/glimpse-data-bench" ]] && rm -rf "$STORE_DIR/glimpse-data-bench"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ns() { date +%s%N; }
mibs() { awk -v b="$SIZE" -v ns="$1" 'BEGIN { printf "%.0f", b / 1048576 / (ns / 1e9) }'; }
timed() { local t0; t0=$(now_ns); "$@" >/dev/null; echo $(($(now_ns) - t0)); }
best() { sort -n | head -n 1; } # least time of the rounds

if [[ -z "$URL" ]]; then
  data_dir="$WORK/server/images"
  if [[ -n "$STORE_DIR" ]]; then
    data_dir="$STORE_DIR/glimpse-data-bench"
  fi
  GLIMPSE_GLANCE_STORE__FILESYSTEM_STORE_DATADIR="$data_dir" glimpse_start "$WORK/server" ${BENCH_JAVA_OPTS:-}
  URL="$GLIMPSE_URL"
  echo "data-bench: Glimpse at $URL (pid $GLIMPSE_PID), file store in $data_dir"
else
  data_dir="${STORE_DIR:-$WORK}"
  echo "data-bench: image service at $URL"
fi
AUTH=(-H "X-Project-Id: ${BENCH_PROJECT:-bench-data}" -H "X-Roles: admin,member,reader")
[[ -n "${BENCH_TOKEN:-}" ]] && AUTH=(-H "X-Auth-Token: $BENCH_TOKEN")
echo "data-bench: $SIZE bytes, best of $ROUNDS rounds; $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"

FILE="$WORK/data.bin"
{ openssl enc -aes-128-ctr -nosalt -pass pass:glimpse-bench -pbkdf2 </dev/zero 2>/dev/null || true; } \
  | head -c "$SIZE" >"$FILE"
[[ $(stat -c %s "$FILE") == "$SIZE" ]] || head -c "$SIZE" /dev/urandom >"$FILE"
cat "$FILE" >/dev/null

# references
read -r _ JAVA_MD5 < <(java "$HERE/DigestBench.java" "$FILE" MD5)
read -r _ JAVA_SHA < <(java "$HERE/DigestBench.java" "$FILE" SHA-512)
MD5SUM=$(for _ in $(seq "$ROUNDS"); do timed md5sum "$FILE"; done | best)
SHASUM=$(for _ in $(seq "$ROUNDS"); do timed sha512sum "$FILE"; done | best)
DISK=$(for _ in $(seq "$ROUNDS"); do
  timed dd if="$FILE" of="$data_dir/.dd-probe" bs=1M conv=fdatasync status=none; rm -f "$data_dir/.dd-probe"
done | best)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
CAT=$(for _ in $(seq "$ROUNDS"); do
  socat -u -b 1048576 TCP-LISTEN:"$PORT",bind=127.0.0.1,reuseaddr - >/dev/null & SINK_PID=$!
  for _ in $(seq 50); do (echo >/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break; sleep 0.05; done
  wait "$SINK_PID" 2>/dev/null || true
  socat -u -b 1048576 TCP-LISTEN:"$PORT",bind=127.0.0.1,reuseaddr - >/dev/null & SINK_PID=$!
  sleep 0.2
  t0=$(now_ns); cat "$FILE" >/dev/tcp/127.0.0.1/"$PORT"; wait "$SINK_PID" || true; echo $(($(now_ns) - t0))
  SINK_PID=""
done | best)

create() {
  curl -sS "${AUTH[@]}" -H 'Content-Type: application/json' \
    -d '{"name": "data-bench", "disk_format": "raw", "container_format": "bare"}' "$URL/v2/images" \
    | sed -n 's/.*"id": *"\([^"]*\)".*/\1/p'
}
upload() { # upload ID [chunked] -> ns
  local extra=() t0 code
  [[ ${2:-} == chunked ]] && extra=(-H 'Transfer-Encoding: chunked')
  t0=$(now_ns)
  if [[ ${2:-} == chunked ]]; then
    code=$(curl -sS -o /dev/null -w '%{http_code}' -X PUT "${AUTH[@]}" "${extra[@]}" \
      -H 'Content-Type: application/octet-stream' -T - "$URL/v2/images/$1/file" <"$FILE")
  else
    code=$(curl -sS -o /dev/null -w '%{http_code}' -X PUT "${AUTH[@]}" \
      -H 'Content-Type: application/octet-stream' -T "$FILE" "$URL/v2/images/$1/file")
  fi
  local t=$(($(now_ns) - t0))
  [[ $code == 204 ]] || { echo "data-bench: upload answered HTTP $code" >&2; exit 1; }
  echo "$t"
}
download() {
  local t0 got
  t0=$(now_ns)
  got=$(curl -sS -o /dev/null -w '%{http_code} %{size_download}' "${AUTH[@]}" "$URL/v2/images/$1/file")
  local t=$(($(now_ns) - t0))
  [[ $got == "200 $SIZE" ]] || { echo "data-bench: download answered '$got'" >&2; exit 1; }
  echo "$t"
}
UP=() UPC=() DOWN=() IDS=()
for _ in $(seq "$ROUNDS"); do
  id=$(create); IDS+=("$id"); UP+=("$(upload "$id")")
  DOWN+=("$(download "$id")")
  id=$(create); IDS+=("$id"); UPC+=("$(upload "$id" chunked)")
done
UP_BEST=$(printf '%s\n' "${UP[@]}" | best)
UPC_BEST=$(printf '%s\n' "${UPC[@]}" | best)
DOWN_BEST=$(printf '%s\n' "${DOWN[@]}" | best)
expected_md5=$(md5sum <"$FILE" | cut -d' ' -f1)
stored_md5=$(curl -sS "${AUTH[@]}" "$URL/v2/images/${IDS[0]}" | sed -n 's/.*"checksum": *"\([^"]*\)".*/\1/p')
[[ $stored_md5 == "$expected_md5" ]] || echo "data-bench: WARNING the stored checksum $stored_md5 is not $expected_md5"
for id in "${IDS[@]}"; do curl -sS -o /dev/null -X DELETE "${AUTH[@]}" "$URL/v2/images/$id"; done

slower_java=$((JAVA_MD5 < JAVA_SHA ? JAVA_MD5 : JAVA_SHA))
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '%-62s %8s %8s\n' "figure" "MiB/s" "ratio"
printf '%-62s %8s %8s\n' "upload   PUT …/file (curl -T, Content-Length)" "$(mibs "$UP_BEST")" \
  "$(ratio "$(mibs "$UP_BEST")" "$slower_java")"
printf '%-62s %8s %8s\n' "upload   PUT …/file (chunked)" "$(mibs "$UPC_BEST")" \
  "$(ratio "$(mibs "$UPC_BEST")" "$slower_java")"
printf '%-62s %8s %8s\n' "  reference: Java MD5 alone" "$JAVA_MD5" ""
printf '%-62s %8s %8s\n' "  reference: Java SHA-512 alone" "$JAVA_SHA" ""
printf '%-62s %8s %8s\n' "  reference: md5sum" "$(mibs "$MD5SUM")" ""
printf '%-62s %8s %8s\n' "  reference: sha512sum" "$(mibs "$SHASUM")" ""
printf '%-62s %8s %8s\n' "  reference: the store's disk (dd, fdatasync)" "$(mibs "$DISK")" ""
printf '%-62s %8s %8s\n' "download GET …/file (curl -o /dev/null)" "$(mibs "$DOWN_BEST")" \
  "$(ratio "$(mibs "$DOWN_BEST")" "$(mibs "$CAT")")"
printf '%-62s %8s %8s\n' "  reference: cat of the cached file to a loopback socket" "$(mibs "$CAT")" ""
echo "(upload ratio: to the slower of Java's MD5 and SHA-512 alone; download ratio: to cat → socket)"
if [[ -n "${GLIMPSE_PID:-}" ]]; then
  echo "data-bench: server peak RSS (VmHWM) $(($(glimpse_peak_rss_kib) / 1024)) MiB"
fi
echo "data-bench: load after: $(cut -d' ' -f1-3 /proc/loadavg)"
