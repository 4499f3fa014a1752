#!/usr/bin/env bash
# Makes sure a Swift (Debian's packages) answers on loopback for the Swift and S3 store tests,
# authenticating through the Keystone of scripts/keystone-up.sh. Idempotent: installs what is
# missing, writes its configuration, builds one-replica rings over a plain directory once, starts
# the account, container and object servers and the proxy when they do not answer, and registers
# its identities and endpoints in Keystone.
#
#   scripts/swift-up.sh          Swift API and S3 API on http://127.0.0.1:${SWIFT_PORT:-8080}
#   scripts/swift-up.sh --stop   stops the servers this script started
#
# The proxy's pipeline authenticates Swift requests with authtoken + keystoneauth and S3 requests
# with s3api + s3token (EC2 credentials kept in Keystone; s3token checks them as user swift).
# authtoken comes before s3api: it strips identity headers from every request, so placed after
# s3token it would erase the identity s3token confirmed. No memcached: authtoken caches tokens in
# its process and the proxy looks account and container info up per request, cheap on one node.
#
# State lives in ${GLIMPSE_SWIFT_DIR:-/var/tmp/glimpse-swift}: etc/ (configuration and rings),
# node/ (the one storage device), run/ (pid files), log/ (one console log per server), and env,
# which tests read (shell KEY=value lines):
#   SWIFT_AUTH_URL SWIFT_USER SWIFT_KEY SWIFT_PROJECT SWIFT_USER_DOMAIN SWIFT_PROJECT_DOMAIN
#   SWIFT_PROXY_URL S3_ENDPOINT S3_ACCESS_KEY S3_SECRET_KEY S3_REGION
#
# Identities made here (fixed test passwords; this Swift is a throw-away on 127.0.0.1):
#   swift / $SWIFT_SERVICE_PASSWORD           project service, roles service and admin (authtoken)
#   glimpse-swift / $SWIFT_USER_PASSWORD      project service, role member (an operator role)
set -euo pipefail

PY=/usr/bin/python3
HERE=$(cd "$(dirname "$0")" && pwd)
DIR=${GLIMPSE_SWIFT_DIR:-/var/tmp/glimpse-swift}
PORT=${SWIFT_PORT:-8080}
OBJECT_PORT=${SWIFT_OBJECT_PORT:-6200}
CONTAINER_PORT=${SWIFT_CONTAINER_PORT:-6201}
ACCOUNT_PORT=${SWIFT_ACCOUNT_PORT:-6202}
PROXY_URL="http://127.0.0.1:$PORT"
KEYSTONE_URL="http://127.0.0.1:${KEYSTONE_PORT:-5000}"
S3_KEYSTONE_PORT=${SWIFT_S3_KEYSTONE_PORT:-5002}
S3_KEYSTONE_URL="http://127.0.0.1:$S3_KEYSTONE_PORT"
ADMIN_PASSWORD=${KEYSTONE_ADMIN_PASSWORD:-glimpse-admin}
SERVICE_PASSWORD=${SWIFT_SERVICE_PASSWORD:-glimpse-swift-service}
USER_PASSWORD=${SWIFT_USER_PASSWORD:-glimpse-swift}
STOP=0
while (($#)); do
  case "$1" in
    --stop) STOP=1; shift ;;
    *) echo "swift-up: unknown argument $1" >&2; exit 2 ;;
  esac
done

stop_server() {
  local name=$1 pidfile="$DIR/run/$1.pid" pid
  [[ -f $pidfile ]] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    echo "swift-up: stopped $name (pid $pid)"
  fi
  rm -f "$pidfile"
}

if ((STOP)); then
  for name in proxy object container account keystone-s3; do stop_server "$name"; done
  exit 0
fi

# ---- packages -------------------------------------------------------------------------------
need=()
for p in swift swift-proxy swift-account swift-container swift-object python3-keystonemiddleware \
  python3-lxml python3-swiftclient curl; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if ((${#need[@]})); then
  SUDO=()
  [[ "$(id -u)" == 0 ]] || SUDO=(sudo)
  echo "swift-up: installing ${need[*]}"
  apt_get() {
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -qq -o=Dpkg::Use-Pty=0 \
      -o DPkg::Lock::Timeout=600 "$@"
  }
  apt_get install -y --no-install-recommends "${need[@]}" >/tmp/swift-up.$$.log 2>&1 \
    || { apt_get update >/dev/null && apt_get install -y --no-install-recommends "${need[@]}" \
      >/tmp/swift-up.$$.log 2>&1; } || { cat /tmp/swift-up.$$.log >&2; exit 1; }
  rm -f /tmp/swift-up.$$.log
fi
# Swift reads its hash prefix/suffix from this fixed path only; the package ships one
if ! grep -q '^swift_hash_path_suffix' /etc/swift/swift.conf 2>/dev/null; then
  mkdir -p /etc/swift
  printf '[swift-hash]\nswift_hash_path_suffix = glimpse\nswift_hash_path_prefix = glimpse\n' \
    >/etc/swift/swift.conf
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
running() { [[ -f $DIR/run/$1.pid ]] && kill -0 "$(cat "$DIR/run/$1.pid")" 2>/dev/null; }
proxy_up() { curl -fs -o /dev/null -m 5 "$PROXY_URL/healthcheck"; }

serve() {
  local name=$1 port conf port_var
  case $name in
    proxy) port=$PORT; conf=$DIR/etc/proxy-server.conf ;;
    keystone-s3) port=$S3_KEYSTONE_PORT; conf=$DIR/etc/keystone-s3.conf ;;
    *) port_var="${name^^}_PORT"; port=${!port_var}; conf=$DIR/etc/$name-server.conf ;;
  esac
  if running "$name"; then
    # a configuration change (ports, passwords) takes effect on restart; a running server whose
    # configuration did not change is left alone
    if cmp -s "$conf" "$DIR/run/$name.conf"; then return 0; fi
    stop_server "$name"
  fi
  if ! port_free "$port"; then
    echo "swift-up: port $port ($name) is taken by something this script did not start;" \
      "set SWIFT_PORT, SWIFT_S3_KEYSTONE_PORT or SWIFT_<ACCOUNT|CONTAINER|OBJECT>_PORT" >&2
    exit 1
  fi
  echo "swift-up: starting $name on 127.0.0.1:$port"
  cp "$conf" "$DIR/run/$name.conf"
  if [[ $name == keystone-s3 ]]; then
    # as keystone-up's: one process, one thread (sqlite), no kept-alive connections
    env OS_KEYSTONE_CONFIG_FILES="$conf" uwsgi --plugin python3 \
      --http-socket "127.0.0.1:$port" --wsgi-file /usr/bin/keystone-wsgi-public \
      --processes 1 --threads 1 --master --die-on-term --add-header 'Connection: close' \
      --pidfile "$DIR/run/$name.pid" --daemonize "$DIR/log/$name-uwsgi.log" --buffer-size 65535
    for _ in $(seq 1 120); do curl -fs -o /dev/null -m 5 "$S3_KEYSTONE_URL/v3" && break; sleep 0.5; done
  else
    setsid nohup "swift-$name-server" "$conf" --verbose >>"$DIR/log/$name-server.log" 2>&1 </dev/null &
    echo $! >"$DIR/run/$name.pid"
  fi
}

# ---- Keystone: identities, endpoints, EC2 credential ---------------------------------------
"$HERE/keystone-up.sh" >/dev/null
mkdir -p "$DIR/etc" "$DIR/node/d1" "$DIR/run" "$DIR/log" "$DIR/cache"
# s3token checks EC2 signatures against a Keystone of its own: the same database and keys as
# keystone-up's, but with the credential cache off. Keystone's in-process cache hands out the
# cached credential dict itself, and decrypting it removes its encrypted blob, so with the cache
# on, every EC2 credential works once per process and then fails with a 500 (KeyError). The
# EC2 credential is also read and made through this one.
KEYSTONE_DIR=${GLIMPSE_KEYSTONE_DIR:-/var/tmp/glimpse-keystone}
sed -e "s#^log_file = .*#log_file = $DIR/log/keystone-s3.log#" \
  -e 's#^\[credential\]$#[credential]\ncaching = false#' \
  "$KEYSTONE_DIR/keystone.conf" >"$DIR/etc/keystone-s3.conf"
serve keystone-s3
registered=$("$PY" "$HERE/lib/swift-register.py" "$KEYSTONE_URL" "$ADMIN_PASSWORD" \
  "$SERVICE_PASSWORD" "$USER_PASSWORD" "$PROXY_URL" "$S3_KEYSTONE_URL")
eval "$registered"
# a changed password of user swift revoked the token the running proxy's s3token holds
if [[ ${SWIFT_SERVICE_PASSWORD_CHANGED:-0} == 1 ]] && running proxy; then
  echo "swift-up: the password of user swift changed; restarting the proxy"
  stop_server proxy
fi

# ---- configuration and rings ----------------------------------------------------------------
common() {
  cat <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $1
workers = 0
user = $(id -un)
swift_dir = $DIR/etc
devices = $DIR/node
mount_check = false
log_name = $2
EOF
}
for kind in account container object; do
  port_var="${kind^^}_PORT"
  {
    common "${!port_var}" "$kind-server"
    [[ $kind == object ]] && echo "recon_cache_path = $DIR/cache"
    cat <<EOF
[pipeline:main]
pipeline = $kind-server
[app:$kind-server]
use = egg:swift#$kind
EOF
  } >"$DIR/etc/$kind-server.conf"
done
{
  common "$PORT" proxy-server
  cat <<EOF
[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging listing_formats bulk authtoken s3api s3token keystoneauth copy slo dlo proxy-logging proxy-server
[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:bulk]
use = egg:swift#bulk
[filter:s3api]
use = egg:swift#s3api
location = us-east-1
[filter:s3token]
use = egg:swift#s3token
auth_uri = $S3_KEYSTONE_URL/v3
# Keystone lets only service users call /v3/s3tokens
auth_url = $KEYSTONE_URL
auth_type = password
project_domain_id = default
user_domain_id = default
project_name = service
username = swift
password = $SERVICE_PASSWORD
[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
www_authenticate_uri = $KEYSTONE_URL
auth_url = $KEYSTONE_URL
auth_type = password
project_domain_id = default
user_domain_id = default
project_name = service
username = swift
password = $SERVICE_PASSWORD
delay_auth_decision = true
include_service_catalog = false
[filter:keystoneauth]
use = egg:swift#keystoneauth
operator_roles = admin, member
reseller_admin_role = ResellerAdmin
[filter:copy]
use = egg:swift#copy
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
EOF
} >"$DIR/etc/proxy-server.conf"

for kind in account container object; do
  port_var="${kind^^}_PORT"
  ring="$DIR/etc/$kind.ring.gz"
  # a ring is rebuilt when it is missing or names another port than the one configured
  if [[ ! -f $ring ]] || ! swift-ring-builder "$DIR/etc/$kind.builder" 2>/dev/null \
    | grep -q "127.0.0.1:${!port_var} "; then
    rm -f "$DIR/etc/$kind.builder" "$ring"
    swift-ring-builder "$DIR/etc/$kind.builder" create 10 1 1 >/dev/null
    swift-ring-builder "$DIR/etc/$kind.builder" add \
      --region 1 --zone 1 --ip 127.0.0.1 --port "${!port_var}" --device d1 --weight 100 >/dev/null
    swift-ring-builder "$DIR/etc/$kind.builder" rebalance >/dev/null || true
    [[ -f $ring ]] || { echo "swift-up: building the $kind ring failed" >&2; exit 1; }
  fi
done

# ---- serve ----------------------------------------------------------------------------------
# ---- serve ----------------------------------------------------------------------------------
for name in account container object proxy; do serve "$name"; done

for _ in $(seq 1 120); do proxy_up && break; sleep 0.5; done
proxy_up || { echo "swift-up: the proxy did not answer on $PROXY_URL" >&2;
  tail -30 "$DIR/log/proxy-server.log" >&2; exit 1; }

# the storage servers answer once they listen; a request through the proxy proves the chain
token=$(curl -fs -m 30 -D - -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"glimpse-swift\",\"domain\":{\"id\":\"default\"},\"password\":\"$USER_PASSWORD\"}}},\"scope\":{\"project\":{\"name\":\"service\",\"domain\":{\"id\":\"default\"}}}}}" \
  "$KEYSTONE_URL/v3/auth/tokens" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-subject-token"{print $2}')
ok=0
for _ in $(seq 1 60); do
  if curl -fs -o /dev/null -m 10 -H "X-Auth-Token: $token" "$PROXY_URL/v1/AUTH_$SWIFT_PROJECT_ID"; then
    ok=1; break
  fi
  sleep 0.5
done
((ok)) || { echo "swift-up: the account of project service does not answer through the proxy" >&2;
  tail -20 "$DIR"/log/*.log >&2; exit 1; }

cat >"$DIR/env.new" <<EOF
SWIFT_AUTH_URL=$KEYSTONE_URL/v3
SWIFT_USER=glimpse-swift
SWIFT_KEY=$USER_PASSWORD
SWIFT_PROJECT=service
SWIFT_USER_DOMAIN=Default
SWIFT_PROJECT_DOMAIN=Default
SWIFT_PROXY_URL=$PROXY_URL
S3_ENDPOINT=$PROXY_URL
S3_ACCESS_KEY=$S3_ACCESS_KEY
S3_SECRET_KEY=$S3_SECRET_KEY
S3_REGION=us-east-1
EOF
mv "$DIR/env.new" "$DIR/env"
echo "swift-up: Swift is up on $PROXY_URL (state in $DIR, settings in $DIR/env)"
