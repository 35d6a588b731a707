#!/usr/bin/env bash
# collab-rows.sh JAR LABEL [CLIENTS] [DOCS]: rows written and transactions committed per live op (Sandstone,
# local default, fresh data directory under /tmp), from pg_stat_user_tables and pg_stat_database around a 20 s
# load of the collab benchmark's load.js after a 15 s warm-up. Needs benchmark/collab's npm ci and Debian's psql.
set -u
jar=$1; label=$2; clients=${3:-32}; docs=${4:-1}; dir=/tmp/rows-$label; rm -rf $dir; mkdir -p $dir
SANDSTONE_RATELIMIT_ENABLED=false java -Daxoniq.update-checker.disabled=true -jar $jar --server.port=18091 --sandstone.data-dir=$dir > $dir/log 2>&1 &
pid=$!
for i in $(seq 1 120); do curl -sf http://127.0.0.1:18091/actuator/health/liveness >/dev/null && break; sleep 1; done
port=$(sed -n 4p $dir/postgres/postmaster.pid)
q() { /usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p $port -U postgres -At -c "$1" 2>/dev/null | head -1; }
stats() { q "select pg_stat_force_next_flush()" >/dev/null; sleep 1; q "select (select coalesce(sum(n_tup_upd+n_tup_ins),0) from pg_stat_user_tables where relname='documents')||' '||(select coalesce(sum(n_tup_upd+n_tup_ins),0) from pg_stat_user_tables where relname='search_documents')||' '||(select coalesce(sum(n_tup_upd),0) from pg_stat_user_tables where relname='token_entry')||' '||(select xact_commit from pg_stat_database where datname=current_database())"; }
cd "$(dirname "$0")/../collab"
node load.js --target sandstone --url http://127.0.0.1:18091 --clients $clients --docs $docs --warmup 15 --duration 1 > /dev/null 2>&1
a=$(stats)
node load.js --target sandstone --url http://127.0.0.1:18091 --clients $clients --docs $docs --warmup 0 --duration 20 > $dir/load.out 2>&1
sleep 3
b=$(stats)
ops=$(grep -o '"opsIncludingWarmup":[0-9]*' $dir/load.out | cut -d: -f2)
read -r d0 s0 t0 x0 <<< "$a"; read -r d1 s1 t1 x1 <<< "$b"
awk -v l="$label" -v o="$ops" -v d=$((d1-d0)) -v s=$((s1-s0)) -v t=$((t1-t0)) -v x=$((x1-x0)) 'BEGIN {
  printf "%s: %d ops; per op: documents rows %.2f, search_documents rows %.2f, token updates %.2f, commits %.2f\n",
         l, o, d/o, s/o, t/o, x/o }'
grep -o '"opsPerSecond":[0-9.]*,"latencyMs":{[^}]*}' $dir/load.out
kill $pid; wait $pid 2>/dev/null
