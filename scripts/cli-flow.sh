#!/usr/bin/env bash
# Drives a real Glimpse with the real Debian OpenStack clients (scripts/install-clients.sh installs
# them): the image life cycle with `openstack image …` and with `glance …`, then image sharing from
# the owner's side with both. Every step checks what the server answered; the last line is
# `cli-flow: N passed, M failed` and the exit status is non-zero when anything failed.
#
# Usage: scripts/cli-flow.sh            (GLIMPSE_JAR=path overrides the jar; KEEP=1 keeps the temp dir)
#
# Notes on the clients (these are client facts, not server workarounds):
# - openstack: `--os-auth-type none --os-endpoint URL`. `image add/remove project` first resolve
#   the project through the identity service, which under auth type none is the same endpoint; a
#   real Glance, like Glimpse, answers /projects with its 300 version list, which keystoneclient
#   cannot parse. The script therefore puts a stand-in identity in front of Glimpse for those two
#   commands (scripts/lib/identity-shim.py): it answers /projects and /v3 with 403, as Keystone does
#   to a user who may not look projects up (openstackclient then uses the given name as the ID),
#   and passes every other request through to Glimpse byte for byte.
# - glance (python3-glanceclient 4.1.0): noauth is `--os-image-url URL --os-auth-token TOKEN`
#   (`--os-auth-type none` needs a Keystone). It caches the server's image schema in
#   ~/.glanceclient and, once cached, builds `image-create-via-import` with two `--stores` options
#   (one from the schema's read-only "stores" property, which Glance's schema has too) and dies with
#   "argument --stores: conflicting option string". So each glance call runs with HOME in the temp
#   dir and without that cache.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/glimpse-server.sh
source "$HERE/lib/glimpse-server.sh"

OPENSTACK=/usr/bin/openstack
GLANCE=/usr/bin/glance
PY=/usr/bin/python3
for tool in "$OPENSTACK" "$GLANCE" "$PY"; do
  [[ -x "$tool" ]] || { echo "cli-flow: $tool is missing (run scripts/install-clients.sh)" >&2; exit 2; }
done

WORK="$(mktemp -d /tmp/glimpse-cli-flow.XXXXXX)"
SHIM_PID=""
cleanup() {
  local rc=$?
  glimpse_stop
  if [[ -n "$SHIM_PID" ]]; then kill "$SHIM_PID" 2>/dev/null || true; wait "$SHIM_PID" 2>/dev/null || true; fi
  if [[ "${KEEP:-0}" == 1 ]]; then echo "cli-flow: kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

glimpse_start "$WORK/server" || { echo "cli-flow: 0 passed, 1 failed"; exit 1; }
echo "cli-flow: Glimpse at $GLIMPSE_URL (pid $GLIMPSE_PID, data in $WORK/server)"

# The stand-in identity for `openstack image add/remove project` (see the header).
SHIM_PORT="$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
$PY "$HERE/lib/identity-shim.py" "$SHIM_PORT" "$GLIMPSE_PORT" >"$WORK/shim.log" 2>&1 &
SHIM_PID=$!
SHIM_URL="http://127.0.0.1:$SHIM_PORT"
for ((i = 0; i < 50; i++)); do
  curl -s -o /dev/null -m 1 "$SHIM_URL/" && break
  sleep 0.1
done

export HOME="$WORK/home"
mkdir -p "$HOME"
# the clients must see no cloud or credentials from the caller
unset OS_CLOUD OS_AUTH_URL OS_USERNAME OS_PASSWORD OS_TOKEN OS_AUTH_TYPE OS_AUTH_TOKEN OS_IMAGE_URL \
  OS_PROJECT_NAME OS_PROJECT_ID OS_ENDPOINT OS_IMAGE_API_VERSION
os() { "$OPENSTACK" --os-auth-type none --os-endpoint "$GLIMPSE_URL" "$@"; }
os_via_identity() { "$OPENSTACK" --os-auth-type none --os-endpoint "$SHIM_URL" "$@"; }
gl() {
  rm -f "$HOME/.glanceclient/image_schema.json"
  "$GLANCE" --os-image-url "$GLIMPSE_URL" --os-auth-token glimpse-noauth "$@"
}

# ---- test bookkeeping ------------------------------------------------------------------------
PASSED=0
FAILED=0
SECTION=""
SECTION_BROKEN=0
OUT="$WORK/out.txt"

section() {
  SECTION="$1"
  SECTION_BROKEN=0
  echo
  echo "== $SECTION"
}

# step NAME FUNCTION [args...]: runs FUNCTION; it returns non-zero (after printing why) on a wrong
# result. After a failure the remaining steps of the section are skipped (they depend on it).
step() {
  local name="$1"
  shift
  if ((SECTION_BROKEN)); then
    echo "SKIP  $name (an earlier step of '$SECTION' failed)"
    FAILED=$((FAILED + 1))
    return 0
  fi
  local log="$WORK/step.log"
  if "$@" >"$log" 2>&1; then
    PASSED=$((PASSED + 1))
    echo "ok    $name"
  else
    FAILED=$((FAILED + 1))
    SECTION_BROKEN=1
    echo "FAIL  $name"
    sed 's/^/      | /' "$log"
  fi
}

# run CMD...: runs a client command with its output in $OUT; on failure prints the command and
# its output, plus the same call again with --debug for the exact requests and responses.
run() {
  local rc=0
  "$@" >"$OUT" 2>&1 || rc=$?
  ((rc != 0)) || return 0
  echo "command failed (exit $rc): $*"
  sed 's/^/  /' "$OUT"
  debug_replay "$@"
  return 1
}

# debug_replay CMD...: makes the call again with --debug and prints its requests and responses
# (for diagnosis only: a replayed create creates another image on the throw-away server).
debug_replay() {
  echo "-- the same call made again with --debug (requests and responses):"
  local first="$1"
  shift
  "$first" --debug "$@" 2>&1 \
    | grep -E '^(REQ: |RESP: |RESP BODY: |curl -g |HTTP/1\.[01] [0-9]|Request returned)|"(GET|HEAD|POST|PUT|PATCH|DELETE) /|HTTP [0-9]{3} |Exception: |Error: ' \
    | grep -v -e '^RESP BODY: {"versions"' -e '^DEBUG:' | cut -c1-2000 | sed 's/^/  /' || true
}

# expect_fail CMD...: the command must fail; its output is in $OUT.
expect_fail() {
  if "$@" >"$OUT" 2>&1; then
    echo "expected failure, but the command succeeded: $*"
    sed 's/^/  /' "$OUT"
    return 1
  fi
  return 0
}

# fail MSG: prints MSG and the last client output, then fails the step.
fail() {
  echo "$1"
  echo "-- client output:"
  sed 's/^/  /' "$OUT"
  return 1
}

# json FIELD-PATH < json: prints a field (dotted path; lists print one item a line).
json() {
  "$PY" -c '
import json, sys
v = json.load(sys.stdin)
for part in sys.argv[1].split("."):
    v = v.get(part) if isinstance(v, dict) else None
if isinstance(v, list):
    print("\n".join(str(x) for x in v))
elif isinstance(v, bool):
    print("true" if v else "false")
elif v is not None:
    print(v)
' "$1"
}

# table FIELD < glance table: prints the value of the "| Property | Value |" row FIELD.
table() {
  "$PY" -c '
import sys
want = sys.argv[1]
for line in sys.stdin:
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) == 2 and cells[0] == want:
        print(cells[1])
        break
' "$1"
}

# ---- data --------------------------------------------------------------------------------------
DATA="$WORK/data.bin"
head -c $((3 * 1024 * 1024 + 12345)) /dev/urandom >"$DATA"
DATA_SIZE="$(stat -c %s "$DATA")"
DATA_MD5="$(md5sum "$DATA" | cut -d' ' -f1)"
DATA_SHA512="$(sha512sum "$DATA" | cut -d' ' -f1)"
UUID_RE='^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'

# ==== a. openstack image … ======================================================================
OS_NAME="cli-flow-osc-$$"
OS_ID=""

osc_create() {
  run os image create --file "$DATA" --disk-format raw --container-format bare "$OS_NAME" -f json \
    || return 1
  OS_ID="$(json id <"$OUT")"
  [[ "$OS_ID" =~ $UUID_RE ]] || fail "no image id in the create output"
}
osc_list() {
  run os image list -f json || return 1
  "$PY" -c 'import json,sys; ids=[i["ID"] for i in json.load(sys.stdin)]; sys.exit(0 if sys.argv[1] in ids else 1)' \
    "$OS_ID" <"$OUT" || fail "image $OS_ID is not in 'openstack image list'"
}
osc_show() {
  run os image show "$OS_ID" -f json || return 1
  local status checksum size
  status="$(json status <"$OUT")"
  checksum="$(json checksum <"$OUT")"
  size="$(json size <"$OUT")"
  [[ "$status" == active ]] || fail "status is '$status', expected active"
  [[ "$checksum" == "$DATA_MD5" ]] || fail "checksum is '$checksum', md5sum of the file is $DATA_MD5"
  [[ "$size" == "$DATA_SIZE" ]] || fail "size is '$size', the file has $DATA_SIZE bytes"
}
osc_show_by_name() {
  run os image show "$OS_NAME" -f json || return 1
  [[ "$(json id <"$OUT")" == "$OS_ID" ]] || fail "'openstack image show NAME' found another image"
}
osc_set() {
  run os image set --name "$OS_NAME-renamed" --property cli_flow_key=cli-flow-value --tag cli-flow-tag \
    "$OS_ID" || return 1
  run os image show "$OS_ID" -f json || return 1
  local name prop tags
  name="$(json name <"$OUT")"
  prop="$(json properties.cli_flow_key <"$OUT")"
  tags="$(json tags <"$OUT")"
  [[ "$name" == "$OS_NAME-renamed" ]] || fail "name is '$name' after set --name"
  [[ "$prop" == cli-flow-value ]] || fail "property cli_flow_key is '$prop' after set --property"
  grep -qx cli-flow-tag <<<"$tags" || fail "tag cli-flow-tag missing after set --tag (tags: $tags)"
}
osc_save() {
  run os image save --file "$WORK/osc-download.bin" "$OS_ID" || return 1
  cmp "$DATA" "$WORK/osc-download.bin" || fail "downloaded data differ from the uploaded file"
}
osc_delete() {
  run os image delete "$OS_ID" || return 1
  expect_fail os image show "$OS_ID" || return 1
  if ! grep -qi "no image found" "$OUT"; then
    echo "'openstack image show' of the deleted image failed, but not with 'No Image found':"
    sed 's/^/  /' "$OUT"
    debug_replay os image show "$OS_ID"
    return 1
  fi
}

section "openstack image (openstackclient $("$OPENSTACK" --version 2>&1 | awk '{print $2}'))"
step "openstack image create --file (3 MiB, raw/bare)" osc_create
step "openstack image list shows it" osc_list
step "openstack image show: active, checksum = md5sum, size" osc_show
step "openstack image show NAME finds it by name" osc_show_by_name
step "openstack image set --name --property --tag, show reflects them" osc_set
step "openstack image save: same bytes (cmp)" osc_save
step "openstack image delete, then show fails with not found" osc_delete

# ==== b. glance … ==============================================================================
GL_NAME="cli-flow-glance-$$"
GL_ID=""

gl_create() {
  run gl image-create --name "$GL_NAME" --disk-format raw --container-format bare --file "$DATA" \
    || return 1
  GL_ID="$(table id <"$OUT")"
  [[ "$GL_ID" =~ $UUID_RE ]] || fail "no image id in the image-create output"
}
gl_list() {
  run gl image-list || return 1
  grep -q "$GL_ID" "$OUT" || fail "image $GL_ID is not in 'glance image-list'"
}
gl_show() {
  run gl image-show --max-column-width 1000 "$GL_ID" || return 1
  local status checksum size hash algo
  status="$(table status <"$OUT")"
  checksum="$(table checksum <"$OUT")"
  size="$(table size <"$OUT")"
  algo="$(table os_hash_algo <"$OUT")"
  hash="$(table os_hash_value <"$OUT")"
  [[ "$status" == active ]] || fail "status is '$status', expected active"
  [[ "$checksum" == "$DATA_MD5" ]] || fail "checksum is '$checksum', md5sum of the file is $DATA_MD5"
  [[ "$size" == "$DATA_SIZE" ]] || fail "size is '$size', the file has $DATA_SIZE bytes"
  [[ "$algo" == sha512 ]] || fail "os_hash_algo is '$algo', expected sha512"
  [[ "$hash" == "$DATA_SHA512" ]] || fail "os_hash_value is '$hash', sha512sum of the file is $DATA_SHA512"
}
gl_update() {
  run gl image-update --name "$GL_NAME-renamed" --property cli_flow_key=glance-value "$GL_ID" || return 1
  run gl image-tag-update "$GL_ID" cli-flow-tag || return 1
  run gl image-show --max-column-width 1000 "$GL_ID" || return 1
  local name prop tags
  name="$(table name <"$OUT")"
  prop="$(table cli_flow_key <"$OUT")"
  tags="$(table tags <"$OUT")"
  [[ "$name" == "$GL_NAME-renamed" ]] || fail "name is '$name' after image-update --name"
  [[ "$prop" == glance-value ]] || fail "property cli_flow_key is '$prop' after image-update --property"
  [[ "$tags" == *"'cli-flow-tag'"* || "$tags" == *'"cli-flow-tag"'* ]] || fail "tag cli-flow-tag missing after image-tag-update (tags: $tags)"
}
gl_download() {
  run gl image-download --file "$WORK/glance-download.bin" "$GL_ID" || return 1
  cmp "$DATA" "$WORK/glance-download.bin" || fail "downloaded data differ from the uploaded file"
}
gl_delete() {
  run gl image-delete "$GL_ID" || return 1
  expect_fail gl image-show "$GL_ID" || return 1
  grep -q "404" "$OUT" || fail "'glance image-show' of the deleted image failed, but not with 404"
  run gl image-list || return 1
  if grep -q "$GL_ID" "$OUT"; then fail "deleted image $GL_ID is still in 'glance image-list'"; fi
}

section "glance (python-glanceclient $("$GLANCE" --version 2>&1))"
step "glance image-create --file (3 MiB, raw/bare)" gl_create
step "glance image-list shows it" gl_list
step "glance image-show: active, checksum = md5sum, os_hash_value = sha512sum, size" gl_show
step "glance image-update --name --property, image-tag-update; image-show reflects them" gl_update
step "glance image-download: same bytes (cmp)" gl_download
step "glance image-delete, then image-show fails with 404" gl_delete

# ==== c. sharing, owner side ===================================================================
SH_ID=""

share_create() {
  run gl image-create --name "cli-flow-shared-$$" --visibility shared --disk-format raw \
    --container-format bare || return 1
  SH_ID="$(table id <"$OUT")"
  [[ "$SH_ID" =~ $UUID_RE ]] || fail "no image id in the image-create output"
  [[ "$(table visibility <"$OUT")" == shared ]] || fail "visibility is not shared"
}
member_row() { # member_row IMAGE MEMBER < glance member table: prints the status of MEMBER
  awk -F'|' -v img="$1" -v m="$2" '{gsub(/ /, "", $2); gsub(/ /, "", $3); gsub(/ /, "", $4)}
    $2 == img && $3 == m {print $4}'
}
gl_member_create() {
  run gl member-create "$SH_ID" projB || return 1
  [[ "$(member_row "$SH_ID" projB <"$OUT")" == pending ]] || fail "member-create did not show projB pending"
}
gl_member_list() {
  run gl member-list --image-id "$SH_ID" || return 1
  [[ "$(member_row "$SH_ID" projB <"$OUT")" == pending ]] || fail "member-list does not show projB pending"
}
gl_member_delete() {
  run gl member-delete "$SH_ID" projB || return 1
  run gl member-list --image-id "$SH_ID" || return 1
  [[ -z "$(member_row "$SH_ID" projB <"$OUT")" ]] || fail "projB is still listed after member-delete"
}
osc_add_project() {
  run os_via_identity image add project "$SH_ID" projC -f json || return 1
  [[ "$(json member_id <"$OUT")" == projC ]] || fail "add project did not return member projC"
  [[ "$(json status <"$OUT")" == pending ]] || fail "new member projC is not pending"
}
osc_member_list() {
  run os image member list "$SH_ID" -f json || return 1
  "$PY" -c '
import json, sys
rows = json.load(sys.stdin)
sys.exit(0 if any(r["Member ID"] == "projC" and r["Status"] == "pending" for r in rows) else 1)
' <"$OUT" || fail "'openstack image member list' does not show projC pending"
}
osc_remove_project() {
  run os_via_identity image remove project "$SH_ID" projC || return 1
  run os image member list "$SH_ID" -f json || return 1
  if grep -q projC "$OUT"; then fail "projC is still a member after remove project"; fi
}

section "sharing, owner side (default identity: project admin)"
step "glance image-create --visibility shared" share_create
step "glance member-create IMAGE projB (pending)" gl_member_create
step "glance member-list --image-id IMAGE shows projB pending" gl_member_list
step "glance member-delete IMAGE projB; member-list no longer shows it" gl_member_delete
step "openstack image add project IMAGE projC (pending)" osc_add_project
step "openstack image member list IMAGE shows projC pending" osc_member_list
step "openstack image remove project IMAGE projC; member list no longer shows it" osc_remove_project

# ==== d. interoperable import (glance-direct: stage, then import) ===============================
IMP_OS_ID=""
IMP_GL_ID=""

# wait_active ID: polls the image (up to 60 s) until the import ends; fails unless it is active
# with the file's checksum
wait_active() {
  local status=""
  for ((i = 0; i < 300; i++)); do
    run os image show "$1" -f json || return 1
    status="$(json status <"$OUT")"
    [[ "$status" == active || "$status" == queued ]] && break
    sleep 0.2
  done
  [[ "$status" == active ]] || fail "image $1 is '$status' after import, expected active"
  [[ "$(json checksum <"$OUT")" == "$DATA_MD5" ]] || fail "checksum after import differs from md5sum"
}
osc_import() {
  run os image create --import --file "$DATA" --disk-format raw --container-format bare \
    "cli-flow-import-osc-$$" -f json || return 1
  IMP_OS_ID="$(json id <"$OUT")"
  [[ "$IMP_OS_ID" =~ $UUID_RE ]] || fail "no image id in the create --import output"
  wait_active "$IMP_OS_ID"
}
osc_import_save() {
  run os image save --file "$WORK/import-download.bin" "$IMP_OS_ID" || return 1
  cmp "$DATA" "$WORK/import-download.bin" || fail "imported data differ from the file"
}
gl_import() {
  # glanceclient reads the data from stdin when stdin is not a terminal (and then refuses --file)
  run gl image-create-via-import --disk-format raw --container-format bare \
    --name "cli-flow-import-gl-$$" <"$DATA" || return 1
  IMP_GL_ID="$(table id <"$OUT")"
  [[ "$IMP_GL_ID" =~ $UUID_RE ]] || fail "no image id in the image-create-via-import output"
  wait_active "$IMP_GL_ID"
}
gl_import_info() {
  run gl import-info || return 1
  # the table wraps long values: join its cells before looking
  tr -d ' |\n' <"$OUT" | grep -q '"glance-direct"' || fail "import-info does not list glance-direct"
}

section "interoperable image import"
step "glance import-info lists glance-direct" gl_import_info
step "openstack image create --import --file: active, checksum = md5sum" osc_import
step "openstack image save of the imported image: same bytes (cmp)" osc_import_save
step "glance image-create-via-import (data on stdin): active, checksum = md5sum" gl_import

echo
if ! kill -0 "$GLIMPSE_PID" 2>/dev/null; then
  echo "Glimpse died during the run; its log:"
  tail -n 40 "$GLIMPSE_LOG"
  FAILED=$((FAILED + 1))
fi
if ((FAILED > 0)) && [[ -s "$GLIMPSE_LOG" ]] && grep -qE 'ERROR|Exception' "$GLIMPSE_LOG"; then
  echo "-- errors in the server log:"
  grep -E -A5 'ERROR|Exception' "$GLIMPSE_LOG" | head -n 60 | sed 's/^/  /'
fi
echo "cli-flow: $PASSED passed, $FAILED failed"
((FAILED == 0))
