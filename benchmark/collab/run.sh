#!/usr/bin/env bash
# Live collaboration side by side (issue 16), on one machine, in one run: stock ShareDB 7 in memory, stock ShareDB 7
# on PostgreSQL 15 (sharedb-postgres), and Sandstone's local default (/api/collab, embedded PostgreSQL), each driven
# by load.js for every clients x documents combination. Writes results.md (the table) and raw/*.json to a results
# folder under /tmp, and stops everything it started.
#
#   benchmark/collab/run.sh [--warmup 10] [--duration 20] [--clients "1 8 32"] [--docs "1 100"]
#                           [--servers "sharedb-memory sharedb-postgres sandstone"] [--out /tmp/collab-bench-...]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
warmup=10
duration=20
clients_list="1 8 32"
docs_list="1 100"
servers="sharedb-memory sharedb-postgres sandstone"
out=/tmp/collab-bench-$(date -u +%Y%m%dT%H%M%SZ)

while [ $# -gt 0 ]; do
  case "$1" in
    --warmup) warmup=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --clients) clients_list=$2; shift 2 ;;
    --docs) docs_list=$2; shift 2 ;;
    --servers) servers=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

pg_bin=/usr/lib/postgresql/15/bin
jar=$repo/local/target/sandstone-exec.jar
work=$out/work
mkdir -p "$out/raw" "$work"
started_pids=()
pg_data=""

log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$out/run.log" >&2; }

as_postgres_user() {
  # PostgreSQL refuses to run as root: run it as nobody (writes nothing to /etc)
  if [ "$(id -u)" = 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi
}

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

stop_pid() {
  local pid=$1
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
}

stop_postgres() {
  if [ -n "$pg_data" ] && [ -f "$pg_data/postmaster.pid" ]; then
    as_postgres_user "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  pg_data=""
}

cleanup() {
  for pid in "${started_pids[@]}"; do stop_pid "$pid"; done
  stop_postgres
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for_line() { # file, pattern, seconds
  for _ in $(seq 1 $(($3 * 5))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.2; done
  echo "timed out waiting for '$2' in $1" >&2; tail -20 "$1" >&2; return 1
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# one load.js run; the load average before and after goes into its JSON
measure() { # server-label url target cpu-pids
  local label=$1 url=$2 target=$3 cpu_pids=$4
  for docs in $docs_list; do
    for clients in $clients_list; do
      local name="$label-c$clients-d$docs" before after
      before=$(loadavg)
      log "$name: load average before $before"
      node "$here/load.js" --target "$target" --url "$url" --clients "$clients" --docs "$docs" \
        --warmup "$warmup" --duration "$duration" --cpu-pids "$cpu_pids" --label "$label" \
        > "$work/$name.json" 2> "$work/$name.err" || { log "$name failed: $(tail -3 "$work/$name.err")"; continue; }
      after=$(loadavg)
      node -e "const r=JSON.parse(require('fs').readFileSync(process.argv[1],'utf8'));
        r.server=process.argv[2]; r.loadAverageBefore=process.argv[3]; r.loadAverageAfter=process.argv[4];
        console.log(JSON.stringify(r,null,2))" "$work/$name.json" "$label" "$before" "$after" > "$out/raw/$name.json"
      log "$name: $(node -e "const r=require(process.argv[1]);console.log(r.opsPerSecond+' ops/s, p99 '+r.latencyMs.p99+' ms, errors '+JSON.stringify(r.errors))" "$out/raw/$name.json"); load average after $after"
    done
  done
}

start_sharedb() { # label db [pg-url]
  local port
  port=$(free_port)
  node "$here/sharedb-server.js" --port "$port" --db "$2" ${3:+--pg "$3"} > "$work/$1.log" 2>&1 &
  started_pids+=($!)
  sharedb_pid=$!
  wait_for_line "$work/$1.log" "^listening" 30
  sharedb_url=ws://127.0.0.1:$port
}

[ -d "$here/node_modules" ] || (cd "$here" && npm ci --legacy-peer-deps)

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "nproc: $(nproc)"
  free -g
  echo "node: $(node --version)"
  java -version 2>&1 | head -1
  echo "commit: $(git -C "$repo" rev-parse --short HEAD)"
  echo "warmup ${warmup}s, measured ${duration}s, clients: $clients_list, documents: $docs_list"
} > "$out/machine.txt"
log "results in $out"

for server in $servers; do
  case "$server" in
    sharedb-memory)
      start_sharedb sharedb-memory memory
      measure sharedb-memory "$sharedb_url" sharedb "$sharedb_pid"
      stop_pid "$sharedb_pid"
      ;;
    sharedb-postgres)
      pg_data=$work/pg15
      pg_port=$(free_port)
      mkdir -p "$pg_data" "$work/pg-socket"
      [ "$(id -u)" = 0 ] && chown 65534:65534 "$pg_data" "$work/pg-socket" "$work"
      as_postgres_user "$pg_bin/initdb" -D "$pg_data" -U bench --auth=trust -E UTF8 --no-locale >/dev/null
      as_postgres_user "$pg_bin/pg_ctl" -D "$pg_data" -l "$work/pg15.log" -w -o \
        "-p $pg_port -k $work/pg-socket -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on" start >/dev/null
      "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U bench sharedb
      start_sharedb sharedb-postgres postgres "postgres://bench@127.0.0.1:$pg_port/sharedb"
      measure sharedb-postgres "$sharedb_url" sharedb "$sharedb_pid,$(head -1 "$pg_data/postmaster.pid")"
      stop_pid "$sharedb_pid"
      stop_postgres
      ;;
    sandstone)
      if [ ! -f "$jar" ]; then
        log "building $jar"
        (cd "$repo" && ./mvnw -B -q -DskipTests package -pl local -am)
      fi
      port=$(free_port)
      SANDSTONE_RATELIMIT_ENABLED=false java -Daxoniq.update-checker.disabled=true -jar "$jar" \
        --server.port="$port" --sandstone.data-dir="$work/sandstone" > "$work/sandstone.log" 2>&1 &
      started_pids+=($!)
      sandstone_pid=$!
      log "waiting for Sandstone on port $port"
      for _ in $(seq 1 300); do
        curl -sf "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1 && break
        kill -0 "$sandstone_pid" 2>/dev/null || { tail -30 "$work/sandstone.log" >&2; exit 1; }
        sleep 1
      done
      curl -sf "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null
      # the embedded PostgreSQL may not be the JVM's child: count its processes too
      embedded_pg=$(head -1 "$work/sandstone/postgres/postmaster.pid" 2>/dev/null || true)
      measure sandstone "http://127.0.0.1:$port" sandstone "$sandstone_pid${embedded_pg:+,$embedded_pg}"
      stop_pid "$sandstone_pid"
      ;;
    *) echo "unknown server $server" >&2; exit 2 ;;
  esac
done

node "$here/report.js" "$out" > "$out/results.md"
log "table: $out/results.md"
cat "$out/results.md"
