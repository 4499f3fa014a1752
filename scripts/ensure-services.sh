#!/usr/bin/env bash
# Makes sure the local PostgreSQL, MariaDB and RabbitMQ that the integration tests use are running
# (127.0.0.1:5432 trust auth, 127.0.0.1:3306 root without password, 127.0.0.1:5672 guest/guest;
# the notification tests stop and start RabbitMQ's app with rabbitmqctl). Starts them if they are
# installed but stopped; says so and fails when GLIMPSE_REQUIRE_SERVICES=1 and one is missing.
set -uo pipefail
require=${GLIMPSE_REQUIRE_SERVICES:-0}
status=0

up() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

wait_up() {
  for _ in $(seq 1 30); do up "$1" && return 0; sleep 1; done
  return 1
}

if ! up 5432 && command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "ensure-services: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  wait_up 5432 || true
fi
if ! up 3306 && [[ -x /usr/sbin/mariadbd ]]; then
  echo "ensure-services: starting MariaDB"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
  wait_up 3306 || true
fi

if ! up 5672 && [[ -x /usr/sbin/rabbitmq-server ]]; then
  echo "ensure-services: starting RabbitMQ"
  /usr/sbin/rabbitmq-server -detached >/dev/null 2>&1 || true
  wait_up 5672 || true
fi
# a node whose app was left stopped (stop_app) listens on no AMQP port: start the app
if ! up 5672 && command -v rabbitmqctl >/dev/null 2>&1; then
  timeout 60 rabbitmqctl start_app >/dev/null 2>&1 && wait_up 5672 || true
fi

for svc in "PostgreSQL:5432" "MariaDB:3306" "RabbitMQ:5672"; do
  name=${svc%%:*} port=${svc##*:}
  if up "$port"; then
    echo "ensure-services: $name is up on 127.0.0.1:$port"
  elif [[ $require == 1 ]]; then
    echo "ensure-services: $name is NOT reachable on 127.0.0.1:$port (GLIMPSE_REQUIRE_SERVICES=1)" >&2
    status=1
  else
    echo "ensure-services: $name not reachable on 127.0.0.1:$port; its tests will be skipped"
  fi
done
exit $status
