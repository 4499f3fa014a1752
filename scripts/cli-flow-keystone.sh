#!/usr/bin/env bash
# The image and sharing flows of the real Debian clients with password authentication through the
# real Keystone (scripts/keystone-up.sh), against Glimpse started with [paste_deploy] flavor =
# keystone and registered as the `image` service: owner, consumer and reader personas in projects
# of their own, `openstack` and `glance` on both sides of a share (add project by name, accept,
# reject, member-update), and openstacksdk with a clouds.yaml. Every step checks what the server
# answered; the last line is `cli-flow-keystone: N passed, M failed`, non-zero exit on failure.
#
# Usage: scripts/cli-flow-keystone.sh     (GLIMPSE_JAR=path overrides the jar; KEEP=1 keeps the
#        temp dir). The projects and users it makes are deleted at the end.
#
# Client facts met here (not server workarounds):
# - `openstack image add project IMAGE NAME` resolves NAME through Keystone; Keystone lets only
#   admins (and the project's own members) look a project up, and openstackclient silently uses
#   the name as the id when it may not. The by-name step therefore runs as the cloud admin, as it
#   would in a real cloud; the owner shares by project id.
# - python3-glanceclient caches the image schema in ~/.glanceclient (see cli-flow.sh); each glance
#   call runs without that cache.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/glimpse-server.sh
source "$HERE/lib/glimpse-server.sh"
OPENSTACK=/usr/bin/openstack
GLANCE=/usr/bin/glance
PY=/usr/bin/python3
"$HERE/install-clients.sh"
"$HERE/keystone-up.sh"
KS_DIR=${GLIMPSE_KEYSTONE_DIR:-/var/tmp/glimpse-keystone}
# shellcheck disable=SC1091
source "$KS_DIR/glance.env"
KS_URL=$GLIMPSE_KEYSTONE_URL

WORK="$(mktemp -d /tmp/glimpse-cli-flow-ks.XXXXXX)"
SUFFIX="$$-$RANDOM"
cleanup() {
  local rc=$?
  glimpse_stop
  (
    # shellcheck disable=SC1091
    source "$KS_DIR/admin-openrc"
    for u in "cli-owner-$SUFFIX" "cli-consumer-$SUFFIX" "cli-reader-$SUFFIX"; do
      "$OPENSTACK" user delete "$u" >/dev/null 2>&1 || true
    done
    for p in "cli-owner-$SUFFIX" "cli-consumer-$SUFFIX" "cli-third-$SUFFIX"; do
      "$OPENSTACK" project delete "$p" >/dev/null 2>&1 || true
    done
  )
  if [[ "${KEEP:-0}" == 1 ]]; then echo "cli-flow-keystone: kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- Glimpse behind Keystone ------------------------------------------------------------------
export GLIMPSE_PASTE_DEPLOY__FLAVOR=keystone
export GLIMPSE_KEYSTONE_AUTHTOKEN__WWW_AUTHENTICATE_URI=$KS_URL
export GLIMPSE_KEYSTONE_AUTHTOKEN__AUTH_URL=$KS_URL
export GLIMPSE_KEYSTONE_AUTHTOKEN__USERNAME=glance
export GLIMPSE_KEYSTONE_AUTHTOKEN__PASSWORD=$GLIMPSE_KEYSTONE_GLANCE_PASSWORD
export GLIMPSE_KEYSTONE_AUTHTOKEN__USER_DOMAIN_NAME=Default
export GLIMPSE_KEYSTONE_AUTHTOKEN__PROJECT_NAME=service
export GLIMPSE_KEYSTONE_AUTHTOKEN__PROJECT_DOMAIN_NAME=Default
GLIMPSE_PROBE_TOKEN=$(env -i PATH="$PATH" bash -c "source '$KS_DIR/admin-openrc'; \
  OS_USERNAME=glance OS_PASSWORD='$GLIMPSE_KEYSTONE_GLANCE_PASSWORD' OS_PROJECT_NAME=service \
  $OPENSTACK token issue -f value -c id")
export GLIMPSE_PROBE_TOKEN
glimpse_start "$WORK/server" || { echo "cli-flow-keystone: 0 passed, 1 failed"; exit 1; }
echo "cli-flow-keystone: Glimpse at $GLIMPSE_URL (pid $GLIMPSE_PID)"
# Keystone has one image service: hold it (the endpoints point at this run's Glimpse) until the
# run ends, waiting for another run of this script or of tempest-run.sh / cli-flow-keystone.sh
exec 9>"$KS_DIR/image-service.lock"
flock 9
"$HERE/keystone-up.sh" --image-url "$GLIMPSE_URL" >/dev/null

# ---- personas --------------------------------------------------------------------------------
PW="cli-$SUFFIX-pw"
(
  # shellcheck disable=SC1091
  source "$KS_DIR/admin-openrc"
  for p in owner consumer third; do
    "$OPENSTACK" project create --domain Default "cli-$p-$SUFFIX" >/dev/null
  done
  for u in owner consumer reader; do
    "$OPENSTACK" user create --domain Default --password "$PW" "cli-$u-$SUFFIX" >/dev/null
  done
  "$OPENSTACK" role add --user "cli-owner-$SUFFIX" --project "cli-owner-$SUFFIX" member
  "$OPENSTACK" role add --user "cli-reader-$SUFFIX" --project "cli-owner-$SUFFIX" reader
  "$OPENSTACK" role add --user "cli-consumer-$SUFFIX" --project "cli-consumer-$SUFFIX" member
)
project_id() { (source "$KS_DIR/admin-openrc"; "$OPENSTACK" project show "$1" -f value -c id); }
CONSUMER_PID=$(project_id "cli-consumer-$SUFFIX")
THIRD_PID=$(project_id "cli-third-$SUFFIX")

export HOME="$WORK/home"
mkdir -p "$HOME/.config/openstack"
unset OS_CLOUD OS_AUTH_URL OS_USERNAME OS_PASSWORD OS_TOKEN OS_AUTH_TYPE OS_AUTH_TOKEN OS_IMAGE_URL \
  OS_PROJECT_NAME OS_PROJECT_ID OS_ENDPOINT OS_IMAGE_API_VERSION
cat >"$HOME/.config/openstack/clouds.yaml" <<EOF
clouds:
EOF
for who in owner consumer reader; do
  project="cli-$who-$SUFFIX"
  [[ $who == reader ]] && project="cli-owner-$SUFFIX"
  cat >>"$HOME/.config/openstack/clouds.yaml" <<EOF
  $who:
    auth:
      auth_url: $KS_URL/v3
      username: cli-$who-$SUFFIX
      password: $PW
      project_name: $project
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    interface: public
    identity_api_version: 3
EOF
done
cat >>"$HOME/.config/openstack/clouds.yaml" <<EOF
  admin:
    auth:
      auth_url: $KS_URL/v3
      username: admin
      password: $GLIMPSE_KEYSTONE_ADMIN_PASSWORD
      project_name: admin
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    interface: public
    identity_api_version: 3
EOF

as() { local who=$1; shift; "$OPENSTACK" --os-cloud "$who" "$@"; }
# glance has no --os-cloud: the same credentials as options
gl() {
  local who=$1 user project password=$PW
  shift
  user="cli-$who-$SUFFIX" project="cli-$who-$SUFFIX"
  [[ $who == reader ]] && project="cli-owner-$SUFFIX"
  rm -f "$HOME/.glanceclient/image_schema.json"
  "$GLANCE" --os-auth-url "$KS_URL/v3" --os-username "$user" --os-password "$password" \
    --os-project-name "$project" --os-user-domain-name Default --os-project-domain-name Default \
    --os-region-name RegionOne --os-endpoint-type public "$@"
}

# ---- bookkeeping (as cli-flow.sh) ------------------------------------------------------------
PASSED=0
FAILED=0
OUT="$WORK/out.txt"
step() {
  local name="$1"
  shift
  if "$@" >"$WORK/step.log" 2>&1; then
    PASSED=$((PASSED + 1)); echo "ok    $name"
  else
    FAILED=$((FAILED + 1)); echo "FAIL  $name"; sed 's/^/      | /' "$WORK/step.log"
  fi
}
run() {
  local rc=0
  "$@" >"$OUT" 2>&1 || rc=$?
  ((rc == 0)) && return 0
  echo "command failed (exit $rc): $*"; sed 's/^/  /' "$OUT"; return 1
}
expect_fail() {
  if "$@" >"$OUT" 2>&1; then echo "expected a failure: $*"; sed 's/^/  /' "$OUT"; return 1; fi
}
fail() { echo "$1"; sed 's/^/  /' "$OUT"; return 1; }
json() {
  "$PY" -c '
import json, sys
v = json.load(sys.stdin)
for part in sys.argv[1].split("."):
    v = v.get(part) if isinstance(v, dict) else None
print("" if v is None else v)' "$1"
}
member_status() { # member_status IMAGE PROJECT-ID (as the owner)
  as owner image member list "$1" -f json \
    | "$PY" -c 'import json,sys; print(next((r["Status"] for r in json.load(sys.stdin) if r["Member ID"] == sys.argv[1]), ""))' "$2"
}

DATA="$WORK/data.bin"
head -c $((2 * 1024 * 1024 + 7)) /dev/urandom >"$DATA"
IMG=""

create() {
  run as owner image create --file "$DATA" --disk-format raw --container-format bare \
    --shared "cli-ks-$SUFFIX" -f json || return 1
  IMG="$(json id <"$OUT")"
  [[ -n $IMG ]] || fail "no id"
  [[ "$(json owner <"$OUT")" == "$(project_id "cli-owner-$SUFFIX")" ]] || fail "owner is not the owner's project"
}
reader_reads_not_writes() {
  run as reader image show "$IMG" -f json || return 1
  expect_fail as reader image set --name nope "$IMG" || return 1
  grep -qi "403\|forbidden" "$OUT" || fail "the reader's set failed, but not with 403"
  expect_fail as reader image delete "$IMG" || return 1
}
consumer_cannot_see_yet() {
  run as consumer image list -f json || return 1
  if grep -q "$IMG" "$OUT"; then fail "the consumer lists the image before it is shared"; fi
}
owner_shares_by_id() {
  run gl owner member-create "$IMG" "$CONSUMER_PID" || return 1
  [[ "$(member_status "$IMG" "$CONSUMER_PID")" == pending ]] || fail "consumer is not pending"
}
admin_shares_by_name() {
  run as admin image add project "$IMG" "cli-third-$SUFFIX" -f json || return 1
  [[ "$(json member_id <"$OUT")" == "$THIRD_PID" ]] || fail "the project name did not resolve to its id $THIRD_PID"
}
consumer_accepts() {
  run as consumer image set --accept "$IMG" || return 1
  [[ "$(member_status "$IMG" "$CONSUMER_PID")" == accepted ]] || fail "status is not accepted"
  run as consumer image list -f json || return 1
  grep -q "$IMG" "$OUT" || fail "the accepted image is not in the consumer's list"
}
consumer_downloads() {
  run as consumer image save --file "$WORK/consumer.bin" "$IMG" || return 1
  cmp "$DATA" "$WORK/consumer.bin" || fail "the consumer's download differs"
}
consumer_rejects_with_glance() {
  run gl consumer member-update "$IMG" "$CONSUMER_PID" rejected || return 1
  [[ "$(member_status "$IMG" "$CONSUMER_PID")" == rejected ]] || fail "status is not rejected"
  run as consumer image set --accept "$IMG" || return 1
  run as consumer image set --reject "$IMG" || return 1
  [[ "$(member_status "$IMG" "$CONSUMER_PID")" == rejected ]] || fail "status is not rejected after --reject"
}
consumer_may_not_change_it() {
  expect_fail as consumer image set --name stolen "$IMG" || return 1
  expect_fail gl consumer member-create "$IMG" "$THIRD_PID" || return 1
}
sdk_with_clouds_yaml() {
  run "$PY" -c '
import sys, openstack
conn = openstack.connect(cloud="owner")
ids = [i.id for i in conn.image.images()]
sys.exit(0 if sys.argv[1] in ids else 1)' "$IMG" || return 1
}
glance_password_flow() {
  run gl owner image-list || return 1
  grep -q "$IMG" "$OUT" || fail "glance image-list lacks the image"
  run gl owner image-download --file "$WORK/glance.bin" "$IMG" || return 1
  cmp "$DATA" "$WORK/glance.bin" || fail "glance download differs"
}
owner_unshares_and_deletes() {
  run as owner image remove project "$IMG" "$CONSUMER_PID" || return 1
  run as admin image remove project "$IMG" "cli-third-$SUFFIX" || return 1
  run as owner image delete "$IMG" || return 1
  expect_fail as owner image show "$IMG" || return 1
}
no_token_is_401() {
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' "$GLIMPSE_URL/v2/images")
  [[ $status == 401 ]] || { echo "GET /v2/images without a token answered $status"; return 1; }
}

echo "== keystone password auth: openstack $("$OPENSTACK" --version 2>&1 | awk '{print $2}'), glance $("$GLANCE" --version 2>&1)"
step "no token: 401" no_token_is_401
step "owner: openstack image create --file --shared (owner is its project)" create
step "reader of the owner's project: show yes, set/delete refused" reader_reads_not_writes
step "consumer does not list the image before it is shared" consumer_cannot_see_yet
step "owner: glance member-create IMAGE CONSUMER-PROJECT-ID (pending)" owner_shares_by_id
step "admin: openstack image add project IMAGE PROJECT-NAME (name resolved)" admin_shares_by_name
step "consumer: openstack image set --accept; image list shows it" consumer_accepts
step "consumer: openstack image save (same bytes)" consumer_downloads
step "consumer: glance member-update rejected; set --accept, set --reject" consumer_rejects_with_glance
step "consumer may not rename the image nor share it on" consumer_may_not_change_it
step "openstacksdk with clouds.yaml lists the image" sdk_with_clouds_yaml
step "glance (password auth) image-list and image-download" glance_password_flow
step "owner: remove project (by id and, as admin, by name), delete" owner_unshares_and_deletes

echo
echo "cli-flow-keystone: $PASSED passed, $FAILED failed"
((FAILED == 0))
