#!/usr/bin/env bash
# Makes sure a Keystone (Debian's packages) answers on loopback for the functional tests, the
# tempest run and the password-auth CLI flow. Idempotent: installs what is missing, bootstraps the
# state directory once, starts uwsgi when nothing answers, registers the `image` service when a
# Glimpse URL is given. Prints nothing secret beyond the fixed test passwords below (this Keystone
# is a throw-away on 127.0.0.1).
#
#   scripts/keystone-up.sh                      Keystone on http://127.0.0.1:${KEYSTONE_PORT:-5000}
#                                               and its short-token twin on ${KEYSTONE_SHORT_PORT:-5001}
#   scripts/keystone-up.sh --image-url URL      also (re)point the image endpoints at URL
#   scripts/keystone-up.sh --stop               stops the uwsgi processes this script started
#
# The twin serves the same database with the same fernet keys but issues tokens that live
# ${KEYSTONE_SHORT_EXPIRATION:-5} seconds: the functional tests get really expired tokens from it
# (the main Keystone then refuses them). Passwords are hashed with 4 bcrypt rounds (Keystone's
# minimum) so that the many users tempest and the tests make cost little CPU on a small machine,
# and Keystone caches in its process (dogpile.cache.memory; a revocation clears its entries), which
# makes token validation several times cheaper.
#
# State lives in ${GLIMPSE_KEYSTONE_DIR:-/var/tmp/glimpse-keystone}: keystone.conf, the sqlite
# database (WAL journal; one uwsgi process with one thread, see ../shared notes: Keystone 22 leaks
# sqlite sessions and the default journal then blocks commits), fernet and credential keys,
# admin-openrc, uwsgi.log. KEYSTONE_DB=<sqlalchemy url> uses another database instead of sqlite.
#
# Identities made here (what tests and scripts read from admin-openrc / glance.env):
#   admin / $ADMIN_PASSWORD   project admin, role admin on project admin and on the system
#   glance / $GLANCE_PASSWORD project service, roles service and admin (validates tokens)
set -euo pipefail

PY=/usr/bin/python3
DIR=${GLIMPSE_KEYSTONE_DIR:-/var/tmp/glimpse-keystone}
PORT=${KEYSTONE_PORT:-5000}
URL="http://127.0.0.1:$PORT"
SHORT_PORT=${KEYSTONE_SHORT_PORT:-5001}
SHORT_URL="http://127.0.0.1:$SHORT_PORT"
ADMIN_PASSWORD=${KEYSTONE_ADMIN_PASSWORD:-glimpse-admin}
GLANCE_PASSWORD=${KEYSTONE_GLANCE_PASSWORD:-glimpse-glance}
IMAGE_URL=""
REMOTE_IMAGE_URL=""
STOP=0
while (($#)); do
  case "$1" in
    --image-url) IMAGE_URL="$2"; shift 2 ;;
    # a second node of the same image service, as tempest's [image] alternate_image_endpoint
    --remote-image-url) REMOTE_IMAGE_URL="$2"; shift 2 ;;
    --stop) STOP=1; shift ;;
    *) echo "keystone-up: unknown argument $1" >&2; exit 2 ;;
  esac
done

up() { curl -fs -o /dev/null -m 5 "${1:-$URL}/v3"; }

if ((STOP)); then
  for name in uwsgi uwsgi-short; do
    if [[ -f $DIR/$name.pid ]]; then
      pid=$(cat "$DIR/$name.pid")
      kill -INT "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      rm -f "$DIR/$name.pid"
      echo "keystone-up: stopped $name (pid $pid)"
    fi
  done
  exit 0
fi

# ---- packages -------------------------------------------------------------------------------
need=()
for p in python3-keystone uwsgi-core uwsgi-plugin-python3 python3-openstackclient sqlite3; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if ((${#need[@]})); then
  SUDO=()
  [[ "$(id -u)" == 0 ]] || SUDO=(sudo)
  echo "keystone-up: installing ${need[*]}"
  apt_get() { "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -qq -o=Dpkg::Use-Pty=0 "$@"; }
  apt_get install -y --no-install-recommends "${need[@]}" >/tmp/keystone-up.$$.log 2>&1 \
    || { apt_get update >/dev/null && apt_get install -y --no-install-recommends "${need[@]}" \
      >/tmp/keystone-up.$$.log 2>&1; } || { cat /tmp/keystone-up.$$.log >&2; exit 1; }
  rm -f /tmp/keystone-up.$$.log
fi

# ---- configuration and bootstrap (once) ------------------------------------------------------
mkdir -p "$DIR/fernet-keys" "$DIR/credential-keys"
chmod 700 "$DIR/fernet-keys" "$DIR/credential-keys"
DB=${KEYSTONE_DB:-sqlite:///$DIR/keystone.db}
cat >"$DIR/keystone.conf.new" <<EOF
[DEFAULT]
log_file = $DIR/keystone.log
[database]
connection = $DB
[identity]
password_hash_rounds = 4
[token]
provider = fernet
expiration = 3600
[fernet_tokens]
key_repository = $DIR/fernet-keys
[credential]
key_repository = $DIR/credential-keys
[cache]
enabled = true
backend = dogpile.cache.memory
[oslo_policy]
enforce_new_defaults = false
enforce_scope = false
EOF
mv "$DIR/keystone.conf.new" "$DIR/keystone.conf"
sed -e "s/^expiration = 3600/expiration = ${KEYSTONE_SHORT_EXPIRATION:-5}/" \
  -e "s#^log_file = .*#log_file = $DIR/keystone-short.log#" "$DIR/keystone.conf" >"$DIR/keystone-short.conf"
KM=(keystone-manage --config-file "$DIR/keystone.conf")

if [[ ! -f $DIR/bootstrapped ]]; then
  echo "keystone-up: bootstrapping Keystone in $DIR"
  "${KM[@]}" db_sync >"$DIR/manage.log" 2>&1 || { tail -20 "$DIR/manage.log" >&2; exit 1; }
  if [[ $DB == sqlite* ]]; then
    sqlite3 "$DIR/keystone.db" 'PRAGMA journal_mode=WAL;' >/dev/null
  fi
  "${KM[@]}" fernet_setup --keystone-user root --keystone-group root >>"$DIR/manage.log" 2>&1
  "${KM[@]}" credential_setup --keystone-user root --keystone-group root >>"$DIR/manage.log" 2>&1
  "${KM[@]}" bootstrap --bootstrap-password "$ADMIN_PASSWORD" \
    --bootstrap-admin-url "$URL/v3" --bootstrap-public-url "$URL/v3" \
    --bootstrap-internal-url "$URL/v3" --bootstrap-region-id RegionOne >>"$DIR/manage.log" 2>&1 \
    || { tail -20 "$DIR/manage.log" >&2; exit 1; }
  touch "$DIR/bootstrapped"
fi

# ---- serve ----------------------------------------------------------------------------------
# serve NAME CONF PORT URL: one process, one thread (sqlite); Connection: close because uwsgi's
# http-socket drops connections keystoneauth would reuse
serve() {
  local name=$1 conf=$2 port=$3 url=$4
  up "$url" && return 0
  if [[ -f $DIR/$name.pid ]] && kill -0 "$(cat "$DIR/$name.pid")" 2>/dev/null; then
    kill -INT "$(cat "$DIR/$name.pid")" 2>/dev/null || true
    sleep 1
  fi
  echo "keystone-up: starting $name on $url"
  env OS_KEYSTONE_CONFIG_FILES="$conf" uwsgi --plugin python3 \
    --http-socket "127.0.0.1:$port" --wsgi-file /usr/bin/keystone-wsgi-public \
    --processes 1 --threads 1 --master --die-on-term --add-header 'Connection: close' \
    --pidfile "$DIR/$name.pid" --daemonize "$DIR/$name.log" --buffer-size 65535
  for _ in $(seq 1 120); do up "$url" && break; sleep 0.5; done
  up "$url" || { echo "keystone-up: $name did not answer on $url" >&2; tail -30 "$DIR/$name.log" >&2; exit 1; }
}
serve uwsgi "$DIR/keystone.conf" "$PORT" "$URL"
serve uwsgi-short "$DIR/keystone-short.conf" "$SHORT_PORT" "$SHORT_URL"

cat >"$DIR/admin-openrc" <<EOF
export OS_AUTH_URL=$URL/v3
export OS_IDENTITY_API_VERSION=3
export OS_USERNAME=admin
export OS_PASSWORD=$ADMIN_PASSWORD
export OS_PROJECT_NAME=admin
export OS_USER_DOMAIN_NAME=Default
export OS_PROJECT_DOMAIN_NAME=Default
export OS_REGION_NAME=RegionOne
export OS_INTERFACE=public
EOF
cat >"$DIR/glance.env" <<EOF
GLIMPSE_KEYSTONE_URL=$URL
GLIMPSE_KEYSTONE_SHORT_URL=$SHORT_URL
GLIMPSE_KEYSTONE_ADMIN_PASSWORD=$ADMIN_PASSWORD
GLIMPSE_KEYSTONE_GLANCE_PASSWORD=$GLANCE_PASSWORD
EOF

# ---- the image service's user, service and endpoints (idempotent) ---------------------------
"$PY" "$(dirname "$0")/lib/keystone-register.py" "$URL" "$ADMIN_PASSWORD" "$GLANCE_PASSWORD" ${IMAGE_URL:+"$IMAGE_URL"} \
  ${REMOTE_IMAGE_URL:+"$REMOTE_IMAGE_URL"}

echo "keystone-up: Keystone is up on $URL (state in $DIR)"
