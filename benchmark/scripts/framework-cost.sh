#!/usr/bin/env bash
# Framework cost per request (issue 15): starts the local default jar on a fresh data directory with rate limits off,
# seeds EDITORS x DOCS_EACH documents of 2 KB through the API and runs wrk against liveness, an authenticated GET, a
# conditional GET (304) and an If-Match edit. For each: requests/s and the service JVM's CPU per request (utime +
# stime from /proc/PID/stat before and after the measured window), and its PostgreSQL's CPU per request.
#
#   benchmark/scripts/framework-cost.sh [--no-build] [--scenarios liveness,get,get304,edit] [--duration 30s]
#                                       [--warmup 30s] [--profile /tmp/fc-profile.html]
#
# --profile loads async-profiler 4.2 (from the Maven local repository; `./mvnw dependency:get
# -Dartifact=tools.profiler:async-profiler:4.2` fetches it) with event=itimer, interval=1ms; the flame graph (.html) or
# collapsed stacks (.collapsed, for profile-summary.py) are written when the service stops. Run one scenario per profile. Environment: PORT [8095], PG_PORT [54369],
# DATA_DIR [/tmp/framework-cost-data], JAR [local/target/sandstone-exec.jar], CONNECTIONS [16], THREADS [2], EDITORS [16], DOCS_EACH [4], JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/../.."

build=1 scenarios=liveness,get,get304,edit duration=30s warmup=30s profile=
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --scenarios) scenarios=$2; shift ;;
    --duration) duration=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --profile) profile=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
port=${PORT:-8095} pg_port=${PG_PORT:-54369} data_dir=${DATA_DIR:-/tmp/framework-cost-data}
connections=${CONNECTIONS:-16} threads=${THREADS:-2} editors=${EDITORS:-16} docs_each=${DOCS_EACH:-4}
scripts=$PWD/benchmark/scripts/framework-cost base=http://127.0.0.1:$port
command -v wrk > /dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

[ "$build" = 1 ] && ./mvnw -B -q -DskipTests package -pl local -am
agent=
if [ -n "$profile" ]; then
  lib=/tmp/async-profiler-4.2/linux-x64/libasyncProfiler.so
  [ -f "$lib" ] || unzip -qo ~/.m2/repository/tools/profiler/async-profiler/4.2/async-profiler-4.2.jar -d /tmp/async-profiler-4.2
  format=; case "$profile" in *.collapsed) format=,collapsed ;; esac  # else by its extension: .html, .jfr
  agent="-agentpath:$lib=start,event=itimer,interval=1ms$format,file=$profile"
fi

rm -rf "$data_dir" && mkdir -p "$data_dir"
SANDSTONE_RATELIMIT_ENABLED=false java -Daxoniq.update-checker.disabled=true $agent ${JAVA_OPTS:-} \
  -jar "${JAR:-local/target/sandstone-exec.jar}" --server.port="$port" --sandstone.data-dir="$data_dir" \
  --sandstone.embedded-postgres.port="$pg_port" > "$data_dir/service.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until curl -sf "$base/actuator/health/liveness" > /dev/null; do
  kill -0 $pid 2>/dev/null || { tail -30 "$data_dir/service.log"; exit 1; }
  sleep 1
done

python3 "$scripts/seed.py" "$base" "$editors" "$docs_each" "$data_dir/docs.lua"
postmaster=$(head -1 "$data_dir/postgres/postmaster.pid")
ticks=$(getconf CLK_TCK)

# utime + stime of a /proc stat line, counted after the command name (which may hold spaces).
jvm_ticks() { sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}'; }
# The postmaster and its backends (the service's connections, autovacuum, WAL writer...); processes may end meanwhile.
pg_ticks() {
  { cat "/proc/$postmaster/stat"; cat /proc/[0-9]*/stat 2>/dev/null || true; } | sed 's/^[0-9]* (.*) //' \
    | awk -v pm="$postmaster" 'NR == 1 || $2 == pm {sum += $12 + $13} END {print sum}'
}

run_wrk() { # name, script, duration
  FC_DOCS="$data_dir/docs.lua" FC_VERSIONS="$data_dir/versions.lua" FC_SCRIPTS="$scripts" FC_THREADS="$threads" \
    wrk -t"$threads" -c"$connections" -d"$3" --latency ${2:+-s "$2"} "$base$path"
}

echo
echo "| Path | Requests/s | JVM CPU per request | PostgreSQL CPU per request | p50 / p99 | non-2xx/3xx |"
echo "|---|---:|---:|---:|---|---:|"
for scenario in ${scenarios//,/ }; do
  case "$scenario" in
    liveness) path=/actuator/health/liveness script= ;;
    get) path=/ script=$scripts/get.lua; export FC_IF_NONE_MATCH=0 ;;
    get304) path=/ script=$scripts/get.lua; export FC_IF_NONE_MATCH=1 ;;
    edit) path=/ script=$scripts/edit.lua ;;
    *) echo "unknown scenario $scenario" >&2; exit 2 ;;
  esac
  run_wrk "$scenario" "$script" "$warmup" > "$data_dir/$scenario-warmup.txt"
  jvm_before=$(jvm_ticks) pg_before=$(pg_ticks)
  run_wrk "$scenario" "$script" "$duration" > "$data_dir/$scenario.txt"
  jvm_after=$(jvm_ticks) pg_after=$(pg_ticks)
  requests=$(awk '/requests in/ {print $1}' "$data_dir/$scenario.txt")
  rate=$(awk '/Requests\/sec/ {print $2}' "$data_dir/$scenario.txt")
  errors=$(awk '/Non-2xx/ {print $NF}' "$data_dir/$scenario.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$data_dir/$scenario.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$data_dir/$scenario.txt")
  awk -v name="$scenario" -v n="$requests" -v rate="$rate" -v jvm=$((jvm_after - jvm_before)) \
      -v pg=$((pg_after - pg_before)) -v hz="$ticks" -v p50="$p50" -v p99="$p99" -v errors="${errors:-0}" \
      'BEGIN {printf "| %s | %.0f | %.3f ms | %.3f ms | %s / %s | %s |\n", name, rate, jvm / hz / n * 1000, pg / hz / n * 1000, p50, p99, errors}'
  grep -h "stale" "$data_dir/$scenario.txt" || true
done
echo
echo "nproc $(nproc); $(free -g | awk '/Mem:/ {print $2 " GiB total, " $7 " GiB available"}'); load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
echo "wrk output and the service log: $data_dir"
