#!/usr/bin/env bash
# The 2 GiB check: Glimpse with a 256 MiB heap must stream a 2 GiB image in and out without holding
# it in memory. Starts Glimpse (java -Xmx256m) on a temp dir, makes a 2 GiB file of real
# pseudo-random bytes (AES-CTR keystream from openssl, or /dev/urandom without openssl), uploads it
# twice with curl -T (once with Content-Length, once chunked), downloads each image back through a
# pipe into md5sum and sha512sum, and checks status, size, checksum (md5), os_hash_value (sha512) and
# the downloaded bytes. Prints the upload/download throughput and the server's peak RSS (VmHWM).
# The last line is `big-image-check: N passed, M failed`; the exit status is non-zero on failure.
#
# Usage: scripts/big-image-check.sh [--swift]
#   GLIMPSE_JAR=path overrides the jar; BIG_SIZE=bytes changes the size (CI uses 1 GiB with --swift);
#   KEEP=1 keeps the temp dir. --swift keeps the data in the Swift of scripts/swift-up.sh (its env
#   file: /var/tmp/glimpse-swift/env or GLIMPSE_SWIFT_ENV), in a container of the run's own with
#   100 MiB segments above 200 MiB, and checks that deleting the images leaves both containers
#   empty; the containers are removed at the end.
set -euo pipefail
SWIFT=0
while (($#)); do
  case "$1" in
    --swift) SWIFT=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/glimpse-server.sh
source "$HERE/lib/glimpse-server.sh"

SIZE="${BIG_SIZE:-2147483648}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/glimpse-big-image.XXXXXX")"
CONTAINER="glimpse-big-$(date +%s)-$$"
cleanup() {
  local rc=$?
  glimpse_stop
  if ((SWIFT)); then
    for c in "$CONTAINER" "${CONTAINER}_segments"; do
      for o in $(swift_objects "$c" 2>/dev/null); do swift_call DELETE "$c/$o" >/dev/null 2>&1 || true; done
      swift_call DELETE "$c" >/dev/null 2>&1 || true
    done
  fi
  if [[ "${KEEP:-0}" == 1 ]]; then echo "big-image-check: kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

need_kib=$(((SIZE * 3 + 512 * 1024 * 1024) / 1024))
avail_kib="$(df -Pk "$WORK" | awk 'NR == 2 {print $4}')"
if ((avail_kib < need_kib)); then
  echo "big-image-check: $WORK has $((avail_kib / 1024)) MiB free, needs $((need_kib / 1024)) MiB"
  echo "big-image-check: 0 passed, 1 failed"
  exit 1
fi

PASSED=0
FAILED=0
ok() { PASSED=$((PASSED + 1)); echo "ok    $1"; }
bad() { FAILED=$((FAILED + 1)); echo "FAIL  $1"; }
# check NAME ACTUAL EXPECTED
check() {
  if [[ "$2" == "$3" ]]; then ok "$1"; else bad "$1: got '$2', expected '$3'"; fi
}

# Flat fields of Glimpse's compact image JSON.
jstr() { sed -n "s/.*\"$1\": *\"\\([^\"]*\\)\".*/\\1/p" | head -n 1; }
jnum() { sed -n "s/.*\"$1\": *\\([0-9][0-9]*\\).*/\\1/p" | head -n 1; }

if ((SWIFT)); then
  SWIFT_ENV=${GLIMPSE_SWIFT_ENV:-/var/tmp/glimpse-swift/env}
  if [[ ! -r $SWIFT_ENV ]]; then
    echo "big-image-check: no Swift ($SWIFT_ENV is missing; run scripts/swift-up.sh)"
    if [[ "${GLIMPSE_REQUIRE_SERVICES:-0}" == 1 ]]; then echo "big-image-check: 0 passed, 1 failed"; exit 1; fi
    echo "big-image-check: skipped"
    exit 0
  fi
  # shellcheck disable=SC1090
  source "$SWIFT_ENV"
  export GLIMPSE_GLANCE_STORE__DEFAULT_STORE=swift GLIMPSE_GLANCE_STORE__STORES=file,swift \
    GLIMPSE_GLANCE_STORE__SWIFT_STORE_AUTH_ADDRESS="$SWIFT_AUTH_URL" \
    GLIMPSE_GLANCE_STORE__SWIFT_STORE_USER="$SWIFT_PROJECT:$SWIFT_USER" \
    GLIMPSE_GLANCE_STORE__SWIFT_STORE_KEY="$SWIFT_KEY" \
    GLIMPSE_GLANCE_STORE__SWIFT_STORE_CONTAINER="$CONTAINER" \
    GLIMPSE_GLANCE_STORE__SWIFT_STORE_CREATE_CONTAINER_ON_PUT=true \
    GLIMPSE_GLANCE_STORE__SWIFT_STORE_LARGE_OBJECT_SIZE=200 \
    GLIMPSE_GLANCE_STORE__SWIFT_STORE_LARGE_OBJECT_CHUNK_SIZE=100
fi
# swift_call METHOD PATH: a request to swift-up's Swift as its user; prints the body
swift_call() {
  if [[ -z "${SWIFT_TOKEN:-}" ]]; then
    local out
    out="$(python3 - "$SWIFT_AUTH_URL" "$SWIFT_USER" "$SWIFT_USER_DOMAIN" "$SWIFT_KEY" "$SWIFT_PROJECT" "$SWIFT_PROJECT_DOMAIN" <<'PY'
import json, sys, urllib.request
url, user, udom, key, project, pdom = sys.argv[1:]
body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": user,
        "domain": {"name": udom}, "password": key}}}, "scope": {"project": {"name": project, "domain": {"name": pdom}}}}}
r = urllib.request.urlopen(urllib.request.Request(url + "/auth/tokens", json.dumps(body).encode(),
                                                  {"Content-Type": "application/json"}))
catalog = json.load(r)["token"]["catalog"]
print(r.headers["X-Subject-Token"], [e["url"] for s in catalog if s["type"] == "object-store"
                                      for e in s["endpoints"] if e["interface"] == "public"][0])
PY
)" || return 1
    read -r SWIFT_TOKEN SWIFT_STORAGE <<<"$out"
  fi
  curl -sS -X "$1" -H "X-Auth-Token: $SWIFT_TOKEN" "${@:3}" "$SWIFT_STORAGE/$2"
}
# swift_objects CONTAINER: one object name per line (nothing when the container does not exist);
# any other answer than 200, 204 or 404 prints a line that names it, so it is never counted as empty
swift_objects() {
  local body
  body="$(swift_call GET "$1" -w '\n%{http_code}')" || { echo "(Swift unreachable)"; return 0; }
  case "${body##*$'\n'}" in
    200 | 204) sed '$d' <<<"$body" | grep . || true ;;
    404) ;;
    *) echo "(listing $1 answered ${body##*$'\n'})" ;;
  esac
}

glimpse_start "$WORK/server" -Xmx256m || { echo "big-image-check: 0 passed, 1 failed"; exit 1; }
echo "big-image-check: Glimpse at $GLIMPSE_URL (pid $GLIMPSE_PID, java -Xmx256m, data in $( ((SWIFT)) && echo "Swift container $CONTAINER" || echo "$WORK/server"))"
BASE_RSS_MIB=$(($(glimpse_peak_rss_kib) / 1024))

# ---- the file ----------------------------------------------------------------------------------
FILE="$WORK/big.bin"
t0=$(now_ms)
if command -v openssl >/dev/null; then
  gen() { openssl enc -aes-128-ctr -nosalt -pass pass:glimpse-big-image -pbkdf2 </dev/zero 2>/dev/null; }
  how="openssl AES-CTR keystream"
else
  gen() { cat /dev/urandom; }
  how="/dev/urandom"
fi
# one pass: write the file and hash it on the way
{ gen || true; } | head -c "$SIZE" | tee "$FILE" \
  | tee >(md5sum | cut -d' ' -f1 >"$WORK/file.md5") | sha512sum | cut -d' ' -f1 >"$WORK/file.sha512"
sync "$FILE" 2>/dev/null || true
for _ in $(seq 50); do [[ -s "$WORK/file.md5" ]] && break; sleep 0.1; done
FILE_MD5="$(cat "$WORK/file.md5")"
FILE_SHA512="$(cat "$WORK/file.sha512")"
t1=$(now_ms)
check "generated $SIZE bytes ($how) in $(((t1 - t0) / 1000)) s" "$(stat -c %s "$FILE")" "$SIZE"
echo "      md5sum    $FILE_MD5"
echo "      sha512sum ${FILE_SHA512:0:32}…"
t0=$(now_ms)
sha512sum "$FILE" >/dev/null
t1=$(now_ms)
SHA512_MBS="$(mb_per_s "$SIZE" $((t1 - t0)))"

SUMMARY=()

# upload_and_verify LABEL MODE   (MODE: length | chunked)
upload_and_verify() {
  local label="$1" mode="$2"
  local id code json
  json="$(curl -sS -X POST "$GLIMPSE_URL/v2/images" -H 'Content-Type: application/json' \
    -d "{\"name\": \"big-image-$mode\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}")" || true
  id="$(jstr id <<<"$json")"
  if [[ -z "$id" ]]; then bad "$label: create image (response: ${json:0:300})"; return; fi
  ok "$label: created image $id"

  local args=(-sS -o "$WORK/put.out" -D "$WORK/put.hdr" -v -X PUT
    -H 'Content-Type: application/octet-stream' "$GLIMPSE_URL/v2/images/$id/file")
  local up_start up_end out
  up_start=$(now_ms)
  if [[ "$mode" == chunked ]]; then
    out="$(curl "${args[@]}" -H 'Transfer-Encoding: chunked' -T - -w '%{http_code}' <"$FILE" 2>"$WORK/put.err")" || true
  else
    out="$(curl "${args[@]}" -T "$FILE" -w '%{http_code}' 2>"$WORK/put.err")" || true
  fi
  up_end=$(now_ms)
  local sent_as
  if grep -qi '^> Transfer-Encoding: chunked' "$WORK/put.err"; then sent_as=chunked
  elif grep -qi "^> Content-Length: $SIZE" "$WORK/put.err"; then sent_as=length
  else sent_as=unknown; fi
  check "$label: request went out as '$mode'" "$sent_as" "$mode"
  if [[ "$out" != 204 ]]; then
    bad "$label: upload answered HTTP '$out', expected 204: $(head -c 500 "$WORK/put.out" 2>/dev/null) $(grep -v '^[<>*{}]' "$WORK/put.err" | tail -n 3)"
    return
  fi
  ok "$label: upload answered 204"
  local up_mbs
  up_mbs="$(mb_per_s "$SIZE" $((up_end - up_start)))"

  json="$(curl -sS "$GLIMPSE_URL/v2/images/$id")" || true
  check "$label: status" "$(jstr status <<<"$json")" active
  check "$label: size" "$(jnum size <<<"$json")" "$SIZE"
  check "$label: checksum = md5sum" "$(jstr checksum <<<"$json")" "$FILE_MD5"
  check "$label: os_hash_algo" "$(jstr os_hash_algo <<<"$json")" sha512
  check "$label: os_hash_value = sha512sum" "$(jstr os_hash_value <<<"$json")" "$FILE_SHA512"

  local down_start down_end dl_code dl_bytes
  rm -f "$WORK/dl.md5" "$WORK/dl.sha512"
  down_start=$(now_ms)
  curl -sS -D "$WORK/get.hdr" -w '%{http_code} %{size_download}' -o >(
    tee >(md5sum | cut -d' ' -f1 >"$WORK/dl.md5") | sha512sum | cut -d' ' -f1 >"$WORK/dl.sha512"
  ) "$GLIMPSE_URL/v2/images/$id/file" >"$WORK/get.w" 2>"$WORK/get.err" || true
  for _ in $(seq 300); do [[ -s "$WORK/dl.md5" && -s "$WORK/dl.sha512" ]] && break; sleep 0.1; done
  down_end=$(now_ms)
  read -r dl_code dl_bytes <"$WORK/get.w" || true
  check "$label: download answered 200" "$dl_code" 200
  check "$label: downloaded byte count" "$dl_bytes" "$SIZE"
  check "$label: downloaded md5 = original" "$(cat "$WORK/dl.md5" 2>/dev/null)" "$FILE_MD5"
  check "$label: downloaded sha512 = original" "$(cat "$WORK/dl.sha512" 2>/dev/null)" "$FILE_SHA512"
  local down_mbs
  down_mbs="$(mb_per_s "$SIZE" $((down_end - down_start)))"
  SUMMARY+=("$(printf '%-26s upload %7s MB/s (%5.1f s)   download+md5+sha512 %7s MB/s (%5.1f s)' \
    "$label" "$up_mbs" "$(awk -v ms=$((up_end - up_start)) 'BEGIN{print ms/1000}')" \
    "$down_mbs" "$(awk -v ms=$((down_end - down_start)) 'BEGIN{print ms/1000}')")")

  code="$(curl -sS -o /dev/null -w '%{http_code}' -X DELETE "$GLIMPSE_URL/v2/images/$id")" || true
  check "$label: delete answered 204" "$code" 204
}

upload_and_verify "PUT with Content-Length" length
upload_and_verify "PUT chunked" chunked

PEAK_KIB="$(glimpse_peak_rss_kib)"
alive=yes
kill -0 "$GLIMPSE_PID" 2>/dev/null || alive=no
check "server still running" "$alive" yes
if grep -q 'OutOfMemoryError' "$GLIMPSE_LOG"; then
  bad "server log reports OutOfMemoryError"
else
  ok "no OutOfMemoryError in the server log"
fi
if ((SWIFT)); then
  leftover="$( (swift_objects "$CONTAINER"; swift_objects "${CONTAINER}_segments") | grep -c . || true)"
  check "Swift objects and segments removed after delete (container $CONTAINER)" "$leftover" 0
else
  leftover="$(find "$WORK/server/images" -type f 2>/dev/null | wc -l)"
  check "image files removed from the store after delete" "$leftover" 0
fi

echo
echo "results ($SIZE bytes):"
echo "  reference: sha512sum of the (cached) file: $SHA512_MBS MB/s"
for line in "${SUMMARY[@]}"; do echo "  $line"; done
echo "  server peak RSS (VmHWM): $((PEAK_KIB / 1024)) MiB (after start-up: $BASE_RSS_MIB MiB; heap capped at 256 MiB)"
echo
echo "big-image-check: $PASSED passed, $FAILED failed"
((FAILED == 0))
