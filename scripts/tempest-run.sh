#!/usr/bin/env bash
# The interop suite against Glimpse behind the real Keystone, from Debian's packages: Keystone
# (scripts/keystone-up.sh), tempest 33 and glance-tempest-plugin. Starts Glimpse with
# [paste_deploy] flavor = keystone+cachemanagement (Keystone, and the image cache in the work dir)
# on a free loopback port, registers it as the `image` service, writes tempest.conf (v2 and v1 on,
# [enforce_scope] glance = True, image caching on, feature flags for what Glimpse has) and runs
#     tempest run --regex '^(tempest\.api\.image|glance_tempest_plugin)' --concurrency 2
# Tests of features Glimpse lacks are left out by scripts/tempest-exclude.txt (and counted).
# Prints each failing and skipped test with its reason, then the closing line
#     tempest: N passed, M failed, K skipped
# and exits non-zero when a test failed.
#
# Usage: scripts/tempest-run.sh [--multistore] [REGEX]   (GLIMPSE_JAR=path uses that jar; KEEP=1
#        keeps the work dir; TEMPEST_CONCURRENCY=n; the work dir holds tempest.conf, tempest.log,
#        results.subunit, results.csv and Glimpse's server.log)
# --multistore runs Glimpse with several stores, as Glance's multi-store jobs do:
#     enabled_backends = cheap:file, robust:swift, web:http   (Swift of scripts/swift-up.sh)
# (ids in sorted order with the default first, as devstack's: tempest's waiter compares an image's
# `stores`, which lists its locations in the order they were added, with the sorted ids)
# and by default only tempest's v2 image tests (the multi-store import, copy-image and store
# tests run there; they skip against a single store). It also runs the service as two nodes on
# one PostgreSQL database (a database of its own, dropped at the end) and the same stores; the
# second is registered as the `image_remote` service, tempest's [image] alternate_image_endpoint,
# so that its cross-node tests (stage on one node, import or delete on the other) run.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/glimpse-server.sh
source "$HERE/lib/glimpse-server.sh"
PY=/usr/bin/python3
MULTISTORE=0
if [[ "${1:-}" == --multistore ]]; then
  MULTISTORE=1
  shift
fi
if ((MULTISTORE)); then
  REGEX=${1:-'^tempest\.api\.image\.v2'}
else
  REGEX=${1:-'^(tempest\.api\.image|glance_tempest_plugin)'}
fi
# one worker: glance-tempest-plugin's metadef persona classes list every namespace and then read
# each, while another class deletes its own — run side by side they race (a 404 for a namespace
# deleted between the list and the read, as against Glance)
CONCURRENCY=${TEMPEST_CONCURRENCY:-1}

# ---- packages, Keystone ---------------------------------------------------------------------
need=()
for p in tempest glance-tempest-plugin python3-subunit python3-stestr glance-common; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if ((${#need[@]})); then
  SUDO=()
  [[ "$(id -u)" == 0 ]] || SUDO=(sudo)
  echo "tempest-run: installing ${need[*]}"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -qq -o=Dpkg::Use-Pty=0 install -y \
    --no-install-recommends "${need[@]}" >/dev/null \
    || { "${SUDO[@]}" apt-get -qq update && "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
      apt-get -qq -o=Dpkg::Use-Pty=0 install -y --no-install-recommends "${need[@]}" >/dev/null; }
fi
"$HERE/keystone-up.sh"
KS_DIR=${GLIMPSE_KEYSTONE_DIR:-/var/tmp/glimpse-keystone}
# shellcheck disable=SC1091
source "$KS_DIR/glance.env"
KS_URL=$GLIMPSE_KEYSTONE_URL

if [[ -z "${GLIMPSE_JAR:-}" && -z "$(glimpse_built_jar)" ]]; then
  echo "tempest-run: building the server jar (mvn package)"
  (cd "$GLIMPSE_ROOT" && mvn -B -ntp -q -DskipTests package)
fi

WORK="$(mktemp -d /tmp/glimpse-tempest.XXXXXX)"
HTTP_PID=""
NODE1_PID=""
PG_DB=""
PSQL=(psql -X -q -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1)
cleanup() {
  local rc=$?
  glimpse_stop
  if [[ -n "$NODE1_PID" ]]; then GLIMPSE_PID=$NODE1_PID; glimpse_stop; fi
  if [[ -n "$PG_DB" ]]; then "${PSQL[@]}" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true; fi
  if [[ -n "$HTTP_PID" ]]; then kill "$HTTP_PID" 2>/dev/null || true; wait "$HTTP_PID" 2>/dev/null || true; fi
  if [[ "${KEEP:-0}" == 1 ]]; then echo "tempest-run: kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# a small image served on loopback for [image] http_image (tempest's web-download imports read
# it: Glimpse allows exactly this host and port through [import_filtering_opts])
mkdir -p "$WORK/http"
head -c 1048576 /dev/urandom >"$WORK/http/image.img"
HTTP_PORT="$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
(cd "$WORK/http" && exec $PY -m http.server --bind 127.0.0.1 "$HTTP_PORT" >"$WORK/http.log" 2>&1) &
HTTP_PID=$!
# Glimpse's own port is chosen here: glance-download reads images from the image service the
# Keystone catalog names (this Glimpse), through the same filtering
GLIMPSE_START_PORT="$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
export GLIMPSE_START_PORT
export GLIMPSE_IMPORT_FILTERING_OPTS__ALLOWED_HOSTS=127.0.0.1
export GLIMPSE_IMPORT_FILTERING_OPTS__ALLOWED_PORTS=$HTTP_PORT,$GLIMPSE_START_PORT
# every import method, glance-download included (off by default, as in Glance)
export GLIMPSE_DEFAULT__ENABLED_IMPORT_METHODS=glance-direct,web-download,copy-image,glance-download
if ((MULTISTORE)); then
  SWIFT_ENV=${GLIMPSE_SWIFT_ENV:-/var/tmp/glimpse-swift/env}
  [[ -r $SWIFT_ENV ]] || { echo "tempest-run: --multistore needs Swift ($SWIFT_ENV; run scripts/swift-up.sh)" >&2; exit 1; }
  # shellcheck disable=SC1090
  source "$SWIFT_ENV"
  export GLIMPSE_DEFAULT__ENABLED_BACKENDS="cheap:file,robust:swift,web:http"
  export GLIMPSE_GLANCE_STORE__DEFAULT_BACKEND=cheap
  export GLIMPSE_CHEAP__FILESYSTEM_STORE_DATADIR=$WORK/server/cheap
  export GLIMPSE_CHEAP__STORE_DESCRIPTION="Local disk"
  export GLIMPSE_ROBUST__STORE_DESCRIPTION="Swift"
  export GLIMPSE_ROBUST__SWIFT_STORE_AUTH_ADDRESS=$SWIFT_AUTH_URL
  export GLIMPSE_ROBUST__SWIFT_STORE_USER=$SWIFT_PROJECT:$SWIFT_USER
  export GLIMPSE_ROBUST__SWIFT_STORE_KEY=$SWIFT_KEY
  export GLIMPSE_ROBUST__SWIFT_STORE_CONTAINER="tempest-$(basename "$WORK")"
  export GLIMPSE_ROBUST__SWIFT_STORE_CREATE_CONTAINER_ON_PUT=true
  PG_DB="glimpse_tempest_$$"
  "${PSQL[@]}" -c "CREATE DATABASE $PG_DB" >/dev/null \
    || { echo "tempest-run: --multistore needs PostgreSQL on 127.0.0.1:5432 (trust auth)" >&2; exit 1; }
  export GLIMPSE_DATABASE__CONNECTION="postgresql://postgres@127.0.0.1:5432/$PG_DB"
else
  # the read-only http store beside the file store: v1's x-image-meta-location and copy-from read
  # [image] http_image through it (under the same filtering rules)
  export GLIMPSE_GLANCE_STORE__STORES=file,http
fi
# tempest's ImageLocationsTest (manage_locations) reads and edits an image's locations
export GLIMPSE_DEFAULT__SHOW_MULTIPLE_LOCATIONS=true

# ---- Glimpse with Keystone ------------------------------------------------------------------
export GLIMPSE_PASTE_DEPLOY__FLAVOR=keystone+cachemanagement
export GLIMPSE_DEFAULT__IMAGE_CACHE_DIR=$WORK/image-cache
# test_image_caching_cycle lists the queue right after PUT /v2/cache/{id} and expects the image
# still queued; fetched at once (Glance 25's way, which Glimpse does in a few ms) it often is not.
# Glance 24's periodic prefetcher keeps it queued until the next run (and wait_for_caching waits).
export GLIMPSE_DEFAULT__CACHE_PREFETCHER_INTERVAL=5
export GLIMPSE_KEYSTONE_AUTHTOKEN__WWW_AUTHENTICATE_URI=$KS_URL
export GLIMPSE_KEYSTONE_AUTHTOKEN__AUTH_URL=$KS_URL
export GLIMPSE_KEYSTONE_AUTHTOKEN__AUTH_TYPE=password
export GLIMPSE_KEYSTONE_AUTHTOKEN__USERNAME=glance
export GLIMPSE_KEYSTONE_AUTHTOKEN__PASSWORD=$GLIMPSE_KEYSTONE_GLANCE_PASSWORD
export GLIMPSE_KEYSTONE_AUTHTOKEN__USER_DOMAIN_NAME=Default
export GLIMPSE_KEYSTONE_AUTHTOKEN__PROJECT_NAME=service
export GLIMPSE_KEYSTONE_AUTHTOKEN__PROJECT_DOMAIN_NAME=Default
# readiness probe of glimpse_start: GET /v2/images must answer 2xx, so the start-up probe uses
# the service user's token
GLIMPSE_PROBE_TOKEN=$(curl -fsi -m 20 -X POST "$KS_URL/v3/auth/tokens?nocatalog" \
  -H 'Content-Type: application/json' -d "{\"auth\": {\"identity\": {\"methods\": [\"password\"],
  \"password\": {\"user\": {\"name\": \"glance\", \"domain\": {\"id\": \"default\"},
  \"password\": \"$GLIMPSE_KEYSTONE_GLANCE_PASSWORD\"}}}, \"scope\": {\"project\": {\"name\": \"service\",
  \"domain\": {\"id\": \"default\"}}}}}" | sed -n 's/^[Xx]-[Ss]ubject-[Tt]oken: *\([^[:space:]]*\).*/\1/p')
export GLIMPSE_PROBE_TOKEN
# the metadata definitions catalog devstack loads (glance-manage db_load_metadefs; Debian ships it
# in glance-common, installed above): tempest's
# resource type test needs at least one resource type
if [[ -d ${GLIMPSE_METADEFS_DIR:-/etc/glance/metadefs} ]]; then
  GLIMPSE_DATABASE__CONNECTION="${GLIMPSE_DATABASE__CONNECTION:-h2:$WORK/server/db/glimpse}" \
    java -cp "$(glimpse_jar)" org.glimpse.server.manage.Manage db_load_metadefs \
    --path "${GLIMPSE_METADEFS_DIR:-/etc/glance/metadefs}" >"$WORK/load-metadefs.log" 2>&1 \
    || { echo "tempest-run: loading the metadefs catalog failed:" >&2; tail -n 20 "$WORK/load-metadefs.log" >&2; }
else
  echo "tempest-run: no metadefs catalog to load (${GLIMPSE_METADEFS_DIR:-/etc/glance/metadefs})" >&2
fi
glimpse_start "$WORK/server" -Xmx512m || { echo "tempest: 0 passed, 1 failed, 0 skipped"; exit 1; }
echo "tempest-run: Glimpse at $GLIMPSE_URL (pid $GLIMPSE_PID, log $WORK/server/server.log)"
REMOTE_URL=""
if ((MULTISTORE)); then
  NODE1_PID=$GLIMPSE_PID
  NODE1_URL=$GLIMPSE_URL
  # the second node: same database and stores, a cache of its own, another port
  GLIMPSE_START_PORT="" GLIMPSE_DEFAULT__IMAGE_CACHE_DIR=$WORK/image-cache-2 \
    glimpse_start "$WORK/server2" -Xmx384m || { echo "tempest: 0 passed, 1 failed, 0 skipped"; exit 1; }
  REMOTE_URL=$GLIMPSE_URL
  echo "tempest-run: second node at $REMOTE_URL (pid $GLIMPSE_PID, log $WORK/server2/server.log)"
  GLIMPSE_URL=$NODE1_URL
fi
# Keystone has one image service: hold it (the endpoints point at this run's Glimpse) until the
# run ends, waiting for another run of this script or of tempest-run.sh / cli-flow-keystone.sh
exec 9>"$KS_DIR/image-service.lock"
flock 9
"$HERE/keystone-up.sh" --image-url "$GLIMPSE_URL" ${REMOTE_URL:+--remote-image-url "$REMOTE_URL"}

# ---- tempest --------------------------------------------------------------------------------
cd "$WORK"
# a private HOME keeps the workspace out of the caller's ~/.tempest registry
HOME="$WORK/home" tempest init tempest-ws >"$WORK/tempest-init.log" 2>&1 \
  || { cat "$WORK/tempest-init.log" >&2; exit 1; }
cat >"$WORK/tempest-ws/etc/tempest.conf" <<EOF
[DEFAULT]
log_dir = $WORK/tempest-ws/logs
log_file = tempest.log

[auth]
use_dynamic_credentials = true
create_isolated_networks = false
admin_username = admin
admin_password = $GLIMPSE_KEYSTONE_ADMIN_PASSWORD
admin_project_name = admin
admin_domain_name = Default

[identity]
uri_v3 = $KS_URL/v3
auth_version = v3
region = RegionOne
v3_endpoint_type = public
disable_ssl_certificate_validation = true

[identity-feature-enabled]
api_v2 = false
api_v3 = true

[service_available]
glance = true
nova = false
neutron = false
cinder = false
swift = false
horizon = false

[image]
region = RegionOne
endpoint_type = public
http_image = http://127.0.0.1:$HTTP_PORT/image.img
build_timeout = 60
image_caching_enabled = true
${REMOTE_URL:+alternate_image_endpoint = image_remote}
${REMOTE_URL:+alternate_image_endpoint_type = public}

[image-feature-enabled]
api_v2 = true
api_v1 = true
import_image = true
os_glance_reserved = true
manage_locations = true
# the location API's tests (LocationImportTest) run against the http store configured above;
# do_secure_hash is tempest's default (true), as Glimpse's
http_store_enabled = true

[enforce_scope]
glance = true

[validation]
run_validation = false
EOF
cp "$WORK/tempest-ws/etc/tempest.conf" "$WORK/tempest.conf"

echo "tempest-run: tempest run --regex '$REGEX' --concurrency $CONCURRENCY"
cd "$WORK/tempest-ws"
EXCLUDE="$HERE/tempest-exclude.txt"
stestr list "$REGEX" 2>/dev/null | sed 's/\[.*//' >"$WORK/all-tests.txt" || true
set +e
tempest run --regex "$REGEX" --exclude-list "$EXCLUDE" --concurrency "$CONCURRENCY" \
  >"$WORK/tempest-run.out" 2>&1
set -e
stestr last --subunit >"$WORK/results.subunit" 2>/dev/null || true
subunit2csv <"$WORK/results.subunit" >"$WORK/results.csv" 2>/dev/null || true

# ---- report ---------------------------------------------------------------------------------
$PY - "$WORK/results.subunit" "$WORK/all-tests.txt" "$EXCLUDE" <<'EOF'
import sys, subunit, testtools, re
from collections import Counter
tests = {}
class Collect(testtools.StreamResult):
    def status(self, test_id=None, test_status=None, file_name=None, file_bytes=None, **kw):
        if not test_id:
            return
        t = tests.setdefault(test_id, {"status": None, "reason": b""})
        if test_status:
            t["status"] = test_status
        if file_name in ("reason", "traceback") and file_bytes:
            t["reason"] += bytes(file_bytes)
with open(sys.argv[1], "rb") as f:
    stream = subunit.ByteStreamToStreamResult(f, non_subunit_name="stdout")
    result = Collect()
    result.startTestRun(); stream.run(result); result.stopTestRun()
def name(test_id):
    return re.sub(r"\[.*\]$", "", test_id)
def why(raw):
    text = raw.decode("utf-8", "replace").strip().splitlines()
    last = [l for l in text if l.strip()]
    return last[-1][:200] if last else ""
# a class whose setUpClass failed or skipped stands for each of its tests
listed = [l.strip() for l in open(sys.argv[2]) if l.strip()]
for tid in [t for t in tests if t.startswith("setUpClass (")]:
    cls = tid[len("setUpClass ("):].rstrip(")")
    members = [t for t in listed if t.startswith(cls + ".")]
    for test in members:
        tests.setdefault(test, dict(tests[tid]))
    if members:
        del tests[tid]
ran = {name(t) for t in tests}
patterns = [l.strip() for l in open(sys.argv[3]) if l.strip() and not l.startswith("#")]
excluded = Counter()
for test in listed:
    if test not in ran:
        line = next((p for p in patterns if re.search(p, test)), None)
        if line:
            excluded[line] += 1
for line, n in excluded.items():
    print("EXCLUDED %d tests (feature Glimpse lacks, scripts/tempest-exclude.txt): %s" % (n, line))
count = Counter()
for tid, t in sorted(tests.items()):
    status = t["status"]
    if status == "success":
        count["passed"] += 1
    elif status == "skip":
        count["skipped"] += 1
        print("SKIP %s: %s" % (name(tid), why(t["reason"])))
    elif status in ("fail", "uxsuccess"):
        count["failed"] += 1
        print("FAIL %s: %s" % (name(tid), why(t["reason"])))
def part(prefix):
    c = Counter(t["status"] for tid, t in tests.items() if name(tid).startswith(prefix))
    return "%d passed, %d failed, %d skipped" % (c["success"], c["fail"] + c["uxsuccess"], c["skip"])
print("tempest.api.image.v2: " + part("tempest.api.image.v2"))
print("tempest.api.image.v1: " + part("tempest.api.image.v1"))
print("glance_tempest_plugin: " + part("glance_tempest_plugin"))
print("tempest: %d passed, %d failed, %d skipped" % (count["passed"], count["failed"], count["skipped"])
      + (" (%d excluded)" % sum(excluded.values()) if excluded else ""))
sys.exit(1 if count["failed"] or not tests else 0)
EOF
