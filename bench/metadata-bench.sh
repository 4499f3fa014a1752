#!/usr/bin/env bash
# Metadata benchmark with wrk: requests/s and latency percentiles of the four calls issue #14 holds
# to 20x Glance — show an image, list a page, create an image, and a member cycle (the owner adds a
# member, the member accepts) — at 16 connections by default, against our own Glimpse on a fresh
# database (H2, PostgreSQL or MariaDB) or against any running image service (--url), so the same
# script measures Glance on the same machine. Prints figures only; asserts nothing about speed.
#
# Usage: bench/metadata-bench.sh [--database h2|postgresql|mariadb] [--connections C] [--seconds S]
#                                [--warmup S] [--url URL] [--scenarios "show list create members"]
#                                [--profile]
#        --warmup S: unmeasured load before each scenario (default 30 s: on 2 cores shared
#        with wrk and the database, the JIT takes about a minute of load to compile a path's
#        hot code, and a server in production runs warm).
#        --profile records each measured run of our own server with Java Flight Recorder (jcmd)
#        and prints where its CPU went (bench/JfrSummary.java): by library, and the hottest methods.
#        GLIMPSE_JAR=path overrides the jar; BENCH_JAVA_OPTS are the server's JVM options.
#        Identity: noauth headers X-Project-Id/X-Roles (Glance's reference setup takes them too),
#        or X-Auth-Token: $BENCH_TOKEN for every call when it is set.
# Needs wrk (Debian package wrk) and curl.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../scripts/lib/glimpse-server.sh
source "$HERE/../scripts/lib/glimpse-server.sh"

DATABASE=h2
CONNECTIONS=16
SECONDS_EACH=10
WARMUP=30
URL=""
SCENARIOS="show list create members"
PROFILE=""
while (($#)); do
  case "$1" in
    --database) DATABASE="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --seconds) SECONDS_EACH="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --url) URL="${2%/}"; shift 2 ;;
    --scenarios) SCENARIOS="$2"; shift 2 ;;
    --profile) PROFILE=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "metadata-bench: needs wrk (apt-get install wrk)" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/glimpse-metadata-bench.XXXXXX")"
DB_NAME="glimpse_metadata_bench"
cleanup() {
  local rc=$?
  [[ -n "${GLIMPSE_PID:-}" ]] && glimpse_stop
  if [[ -z "$URL" || -n "${OWN_SERVER:-}" ]]; then
    case "$DATABASE" in
      postgresql) psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" || true ;;
      mariadb) mysql -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $DB_NAME" || true ;;
    esac
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ -z "$URL" ]]; then
  OWN_SERVER=1
  case "$DATABASE" in
    h2) export GLIMPSE_DATABASE__CONNECTION="h2:$WORK/db/glimpse" ;;
    postgresql)
      psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" -c "CREATE DATABASE $DB_NAME"
      export GLIMPSE_DATABASE__CONNECTION="postgresql+psycopg2://postgres@127.0.0.1:5432/$DB_NAME" ;;
    mariadb)
      mysql -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $DB_NAME; CREATE DATABASE $DB_NAME"
      export GLIMPSE_DATABASE__CONNECTION="mysql+pymysql://root@127.0.0.1:3306/$DB_NAME" ;;
    *) echo "unknown database $DATABASE" >&2; exit 2 ;;
  esac
  # shellcheck disable=SC2086 # word splitting of the JVM options is intended
  glimpse_start "$WORK/server" ${BENCH_JAVA_OPTS:-}
  URL="$GLIMPSE_URL"
  echo "metadata-bench: Glimpse at $URL (pid $GLIMPSE_PID, $DATABASE, JVM options: ${BENCH_JAVA_OPTS:-none})"
else
  echo "metadata-bench: the image service at $URL"
fi
echo "metadata-bench: $CONNECTIONS connections, $SECONDS_EACH s per scenario after a $WARMUP s warm-up;" \
  "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

identity() { # identity PROJECT: curl header arguments for that project
  if [[ -n "${BENCH_TOKEN:-}" ]]; then
    printf '%s\n' -H "X-Auth-Token: $BENCH_TOKEN"
  else
    printf '%s\n' -H "X-Project-Id: $1" -H "X-Roles: member,reader"
  fi
}
lua_headers() { # lua_headers PROJECT: the same identity as a Lua table body
  if [[ -n "${BENCH_TOKEN:-}" ]]; then
    printf '["X-Auth-Token"] = "%s"' "$BENCH_TOKEN"
  else
    printf '["X-Project-Id"] = "%s", ["X-Roles"] = "member,reader"' "$1"
  fi
}
create_images() { # create_images PROJECT COUNT: prints the ids
  local project="$1" count="$2" i
  local -a auth
  mapfile -t auth < <(identity "$project")
  for ((i = 0; i < count; i++)); do
    curl -sS -f -X POST "$URL/v2/images" "${auth[@]}" -H 'Content-Type: application/json' \
      -d "{\"name\": \"bench-$i\", \"disk_format\": \"raw\", \"container_format\": \"bare\", \"visibility\": \"shared\"}" \
      | grep -o '"id": *"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/'
  done
}

# Each scenario is a Lua script for wrk; requests carry all their headers, as wrk.format replaces
# the global ones when given a table.
cat >"$WORK/show.lua" <<EOF
local ids = {}
function init(args) for i, id in ipairs(args) do ids[i] = id end end
function request()
  return wrk.format("GET", "/v2/images/" .. ids[math.random(#ids)], { $(lua_headers bench-show) })
end
EOF
cat >"$WORK/list.lua" <<EOF
function request() return wrk.format("GET", "/v2/images?limit=25", { $(lua_headers bench-show) }) end
EOF
cat >"$WORK/create.lua" <<EOF
local body = '{"name": "bench-create", "disk_format": "raw", "container_format": "bare"}'
function request()
  return wrk.format("POST", "/v2/images", { $(lua_headers bench-create), ["Content-Type"] = "application/json" }, body)
end
EOF
# A member cycle: POST a new member (as the owner), then PUT its status to accepted (as the
# member). A connection sends the accept of a member it saw created before it creates another;
# cycles are counted from the accepted answers. Members go round the images so that none passes
# Glance's image_member_quota (128) in a run.
cat >"$WORK/members.lua" <<EOF
local ids, pending, serial = {}, {}, 0
accepted = 0 -- globals: done() reads them through thread:get, setup() sets tid
local threads, next_tid = {}, 1
function setup(thread) thread:set("tid", next_tid); next_tid = next_tid + 1; table.insert(threads, thread) end
function init(args) for i, id in ipairs(args) do ids[i] = id end end
function request()
  local job = table.remove(pending)
  if job then
    local headers = { ["Content-Type"] = "application/json" }
    if "${BENCH_TOKEN:-}" == "" then headers["X-Project-Id"] = job.member; headers["X-Roles"] = "member,reader"
    else headers["X-Auth-Token"] = "${BENCH_TOKEN:-}" end
    return wrk.format("PUT", "/v2/images/" .. job.image .. "/members/" .. job.member, headers, '{"status": "accepted"}')
  end
  serial = serial + 1
  local image = ids[(serial % #ids) + 1]
  local member = "bm-" .. os.getenv("BENCH_RUN") .. "-" .. tid .. "-" .. serial
  return wrk.format("POST", "/v2/images/" .. image .. "/members",
    { $(lua_headers bench-share), ["Content-Type"] = "application/json" }, '{"member": "' .. member .. '"}')
end
function response(status, headers, body)
  if status ~= 200 then return end
  local image = body:match('"image_id": *"([^"]+)"')
  local member = body:match('"member_id": *"([^"]+)"')
  local state = body:match('"status": *"([^"]+)"')
  if state == "pending" then table.insert(pending, { image = image, member = member })
  elseif state == "accepted" then accepted = accepted + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("accepted") end
  io.write(string.format("CYCLES %d\n", total))
end
EOF

to_ms() { # wrk duration (e.g. 812.00us, 1.23ms, 2.01s) to milliseconds
  awk -v d="$1" 'BEGIN {
    v = d + 0; u = d; sub(/^[0-9.]+/, "", u)
    if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000
    printf "%.2f", v }'
}
server_cpu_ticks() { # user + system CPU of our own server so far, in clock ticks (0 for --url)
  if [[ -n "${GLIMPSE_PID:-}" && -r /proc/$GLIMPSE_PID/stat ]]; then
    awk '{print $14 + $15}' "/proc/$GLIMPSE_PID/stat"
  else
    echo 0
  fi
}
run_wrk() { # run_wrk SCENARIO ARGS...: prints one table row
  local scenario="$1"; shift
  BENCH_RUN=warm wrk -t 2 -c "$CONNECTIONS" -d "${WARMUP}s" -s "$WORK/$scenario.lua" "$URL" -- "$@" >/dev/null 2>&1 || true
  local out profiling=""
  if [[ -n "$PROFILE" && -n "${GLIMPSE_PID:-}" ]]; then
    jcmd "$GLIMPSE_PID" JFR.start name=bench settings=profile >/dev/null && profiling=1
  fi
  local cpu_before
  cpu_before="$(server_cpu_ticks)"
  out="$(BENCH_RUN=main wrk -t 2 -c "$CONNECTIONS" -d "${SECONDS_EACH}s" --latency -s "$WORK/$scenario.lua" "$URL" -- "$@" 2>&1)"
  local cpu_ticks=$(( $(server_cpu_ticks) - cpu_before ))
  local rps p50 p90 p99 max bad errors cycles
  rps="$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' <<<"$out")"
  p50="$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")"
  p90="$(to_ms "$(awk '$1 == "90%" {print $2}' <<<"$out")")"
  p99="$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")"
  max="$(to_ms "$(awk '$1 == "Latency" && NF >= 4 {print $4; exit}' <<<"$out")")"
  bad="$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$out")"
  errors="$(awk '/Socket errors:/ {gsub(/,/, ""); print $4 + $6 + $8 + $10}' <<<"$out")"
  cycles="$(awk '/^CYCLES/ {print $2}' <<<"$out")"
  if [[ -n "$profiling" ]]; then
    jcmd "$GLIMPSE_PID" JFR.stop name=bench filename="$WORK/$scenario.jfr" >/dev/null
    PROFILES+=("$scenario")
  fi
  local requests cpu="-"
  requests="$(awk '/requests in/ {print $1}' <<<"$out")"
  if [[ -n "${GLIMPSE_PID:-}" && "${requests:-0}" -gt 0 ]]; then
    cpu="$(awk -v t="$cpu_ticks" -v hz="$(getconf CLK_TCK)" -v r="$requests" 'BEGIN {printf "%.0f", t / hz * 1e6 / r}')"
  fi
  if [[ -n "$cycles" ]]; then
    rps="$(awk -v c="$cycles" -v s="$SECONDS_EACH" 'BEGIN {printf "%.0f cycles", c / s}')"
  fi
  printf '%-10s %16s %8s %8s %8s %8s %8s %8s %10s\n' "$scenario" "${rps:-?}" "$p50" "$p90" "$p99" "$max" \
    "${bad:-0}" "${errors:-0}" "$cpu"
}

SHOW_IDS=()
SHARE_IDS=()
PROFILES=()
[[ " $SCENARIOS " == *" show "* || " $SCENARIOS " == *" list "* ]] \
  && mapfile -t SHOW_IDS < <(create_images bench-show 100)
# enough images that no image passes 128 members (Glance's image_member_quota) at ~1,000 cycles/s
SHARE_COUNT=$(( (WARMUP + SECONDS_EACH) * 10 > 200 ? (WARMUP + SECONDS_EACH) * 10 : 200 ))
[[ " $SCENARIOS " == *" members "* ]] && mapfile -t SHARE_IDS < <(create_images bench-share "$SHARE_COUNT")

echo
printf '%-10s %16s %8s %8s %8s %8s %8s %8s %10s\n' scenario "req/s" "p50 ms" "p90 ms" "p99 ms" "max ms" "non-2xx" \
  "errors" "cpu us/req"
for scenario in $SCENARIOS; do
  case "$scenario" in
    show) run_wrk show "${SHOW_IDS[@]}" ;;
    list) run_wrk list ;;
    create) run_wrk create ;;
    members) run_wrk members "${SHARE_IDS[@]}" ;;
    *) echo "unknown scenario $scenario" >&2; exit 2 ;;
  esac
done
echo
echo "(list: limit=25 of the 100 images project bench-show owns; members: one cycle = add + accept," \
  "2 requests; non-2xx counts 4xx/5xx answers; cpu: our own server's CPU time per request, - for --url)"
for scenario in "${PROFILES[@]}"; do
  echo
  java "$HERE/JfrSummary.java" "$WORK/$scenario.jfr" "$scenario"
done
if [[ -n "${GLIMPSE_PID:-}" ]]; then
  echo
  echo "metadata-bench: server peak RSS (VmHWM) $(($(glimpse_peak_rss_kib) / 1024)) MiB;" \
    "load $(cut -d' ' -f1-3 /proc/loadavg)"
fi
