#!/usr/bin/env bash
# Restore drill for Internbase's continuous replication (docs/DEPLOY.md), with
# the production Litestream configuration ops/litestream.yml:
#
#   1. start a loopback S3 server (versitygw, POSIX backend) with an empty bucket;
#   2. run `litestream replicate -exec "internbase serve …"`, as in production;
#   3. phase A: create DRILL_RECORDS records through the API, keeping every
#      acknowledged id; `litestream sync -wait` confirms they reached S3;
#   4. phase B: keep writing, and SIGKILL the server and Litestream mid-load;
#   5. `litestream restore` into a NEW data dir and serve it;
#   6. every phase-A record must be there, and every phase-B record
#      acknowledged more than DRILL_RPO_SECONDS before the kill;
#   7. failover: the restored dir becomes the new primary, replicating to the
#      same replica path; phase C writes more and stops it gracefully (SIGTERM);
#   8. a third, empty dir starts with `litestream replicate
#      -restore-if-db-not-exists` (the systemd unit's command) and must hold
#      everything: A, the restored part of B, and C.
#
# Litestream replicates asynchronously: writes acknowledged in the last
# moment (about sync-interval) before a crash may be lost. Phase A proves
# that nothing confirmed is lost; phase B measures and bounds the window.
#
# Exit status 0 when every expected record came back, 1 otherwise, 2 when a
# tool is missing. Needs bash, curl, versitygw v1.8.0 and litestream v0.5.18
# (found on PATH, in $(go env GOBIN) or $(go env GOPATH)/bin, or given as VERSITYGW and
# LITESTREAM). The internbase binary is INTERNBASE_BIN, or built from this
# repository. Other knobs: DRILL_RECORDS (300), DRILL_CRASH_SECONDS (5),
# DRILL_RPO_SECONDS (3), DRILL_KEEP=1 keeps the work dir for inspection.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
records="${DRILL_RECORDS:-300}"
crash_seconds="${DRILL_CRASH_SECONDS:-5}"
rpo_seconds="${DRILL_RPO_SECONDS:-3}"
config="$here/litestream.yml"

say() { printf 'drill: %s\n' "$*"; }
die() { printf 'drill: FAIL: %s\n' "$*" >&2; exit 1; }

find_tool() { # name, env override
  local name="$1" given="${2:-}" gobin
  if [ -n "$given" ]; then echo "$given"; return; fi
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  if command -v go >/dev/null 2>&1; then
    for gobin in "$(go env GOBIN)" "$(go env GOPATH | cut -d: -f1)/bin"; do
      if [ -n "$gobin" ] && [ -x "$gobin/$name" ]; then echo "$gobin/$name"; return; fi
    done
  fi
  return 1
}
versitygw="$(find_tool versitygw "${VERSITYGW:-}")" || { echo "drill: versitygw not found: go install github.com/versity/versitygw/cmd/versitygw@v1.8.0" >&2; exit 2; }
litestream="$(find_tool litestream "${LITESTREAM:-}")" || { echo "drill: litestream not found: go install github.com/benbjohnson/litestream/cmd/litestream@v0.5.18" >&2; exit 2; }
command -v curl >/dev/null 2>&1 || { echo "drill: curl not found (apt-get install curl)" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/ib-drill.XXXXXX")"
pids=()
fail_logs() {
  local f
  for f in "$work"/*.log; do
    [ -f "$f" ] || continue
    printf -- '--- %s (last 40 lines)\n' "$(basename "$f")" >&2
    tail -n 40 "$f" >&2
  done
}
cleanup() {
  local rc=$? pid
  [ "$rc" -eq 0 ] || fail_logs
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  if [ -f "$work/server.pid" ]; then kill -KILL "$(cat "$work/server.pid")" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  if [ "${DRILL_KEEP:-}" = 1 ]; then say "work dir kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bin="${INTERNBASE_BIN:-}"
if [ -z "$bin" ]; then
  say "building internbase"
  (cd "$here/.." && CGO_ENABLED=0 GOTOOLCHAIN="${GOTOOLCHAIN:-go1.27.3}" go build -o "$work/internbase" .)
  bin="$work/internbase"
fi

# Ports come from below the kernel's ephemeral range, so that an outgoing
# connection cannot hold them; a start that loses a race is retried anyway.
free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$(( 10000 + RANDOM % 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  die "no free port"
}
now_ms() { date +%s%3N; }
# wait_up PID URL WHAT: 0 once URL answers, 1 if PID exited first.
wait_up() {
  local deadline=$(( $(now_ms) + 20000 ))
  while :; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$2" || true)" != 000 ] && return 0
    kill -0 "$1" 2>/dev/null || return 1
    [ "$(now_ms)" -lt "$deadline" ] || die "$3 did not answer at $2"
    sleep 0.1
  done
}
json_field() { sed -n "/\"$1\":\"/{s/.*\"$1\":\"\([^\"]*\)\".*/\1/p;q}"; }

# Litestream v0.5.18 refuses to start when AWS_CA_BUNDLE is set (its S3 client
# cannot add the CA bundle to its own HTTP client); the drill's S3 is plain HTTP.
lstream() { env -u AWS_CA_BUNDLE "$litestream" "$@"; }

# 1. S3 on loopback: bucket "drill" is the directory s3/drill.
mkdir -p "$work/s3/drill"
for attempt in 1 2 3 4 5; do
  s3_port="$(free_port)"
  s3_url="http://127.0.0.1:$s3_port"
  "$versitygw" --port "127.0.0.1:$s3_port" --access drill-root --secret drill-root-secret-0123 \
    --region us-east-1 --quiet posix "$work/s3" >"$work/versitygw.log" 2>&1 &
  vgw_pid=$!
  wait_up "$vgw_pid" "$s3_url/" versitygw && break
  [ "$attempt" -lt 5 ] || die "versitygw did not start"
done
pids+=("$vgw_pid")
say "versitygw on $s3_url"

# Litestream's values come from the environment, as a systemd EnvironmentFile
# gives them; only the intervals are shorter, to keep the drill quick.
export LITESTREAM_SOCKET="$work/litestream.sock"
export LITESTREAM_S3_ENDPOINT="$s3_url"
export LITESTREAM_S3_REGION=us-east-1
export LITESTREAM_S3_BUCKET=drill
export LITESTREAM_S3_PATH=internbase/data.db
export LITESTREAM_S3_FORCE_PATH_STYLE=true
export LITESTREAM_ACCESS_KEY_ID=drill-root
export LITESTREAM_SECRET_ACCESS_KEY=drill-root-secret-0123
export LITESTREAM_SYNC_INTERVAL=250ms
export LITESTREAM_MONITOR_INTERVAL=250ms
export LITESTREAM_SNAPSHOT_RETENTION=168h

# replicated DIR NAME [REPLICATE FLAGS…]: serve DIR under `litestream
# replicate -exec`; sets url, ls_pid and server_pid.
replicated() {
  local dir="$1" name="$2" port attempt
  shift 2
  export LITESTREAM_DB="$dir/data.db"
  export LITESTREAM_META_PATH="$work/$name.litestream"
  for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    url="http://127.0.0.1:$port"
    cat >"$work/serve.sh" <<EOF
#!/bin/sh
echo \$\$ > '$work/server.pid'
exec '$bin' serve --dir '$dir' --http '127.0.0.1:$port' --dev=false
EOF
    chmod +x "$work/serve.sh"
    env -u AWS_CA_BUNDLE "$litestream" replicate -config "$config" "$@" -exec "'$work/serve.sh'" >"$work/$name.log" 2>&1 &
    ls_pid=$!
    wait_up "$ls_pid" "$url/api/health" "internbase under litestream ($name)" && break
    [ "$attempt" -lt 5 ] || die "internbase under litestream ($name) did not start"
  done
  pids+=("$ls_pid")
  server_pid="$(cat "$work/server.pid")"
  say "$name: internbase on $url (pid $server_pid) under litestream (pid $ls_pid)"
}

# plain DIR NAME: serve DIR without Litestream; sets url.
plain() {
  local pid port attempt
  for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    url="http://127.0.0.1:$port"
    "$bin" serve --dir "$1" --http "127.0.0.1:$port" --dev=false >"$work/$2.log" 2>&1 &
    pid=$!
    wait_up "$pid" "$url/api/health" "$2" && break
    [ "$attempt" -lt 5 ] || die "$2 did not start"
  done
  pids+=("$pid")
  plain_pid=$pid
}

su_email="drill@internbase.test"
su_pass="drill-superuser-pass"
# sign_in: the superuser's token on $url.
sign_in() {
  local resp
  resp="$(curl -sf -H 'Content-Type: application/json' \
    -d "{\"identity\":\"$su_email\",\"password\":\"$su_pass\"}" \
    "$url/api/collections/_superusers/auth-with-password")" || die "superuser sign-in on $url failed"
  token="$(json_field token <<<"$resp")"
  [ -n "$token" ] || die "superuser sign-in on $url failed"
}

# create_org N prints the new record's id when the server acknowledged it.
create_org() {
  local out code id
  out="$(curl -s -m 5 -w '\n%{http_code}' -H "Authorization: $token" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Drill org $1\",\"kind\":\"company\"}" \
    "$url/api/collections/organizations/records" 2>/dev/null)" || { echo "create $1: no answer" >>"$work/writes.log"; return 1; }
  code="${out##*$'\n'}"
  id="$(json_field id <<<"${out%$'\n'*}")"
  if [ "$code" != 200 ] || [ -z "$id" ]; then echo "create $1: $out" >>"$work/writes.log"; return 1; fi
  echo "$id"
}

# write_confirmed PREFIX N FILE: N acknowledged creates, then `litestream sync
# -wait` must confirm the replica caught up.
write_confirmed() {
  local i id start out txid rtxid
  start=$(now_ms)
  : >"$3"
  for i in $(seq 1 "$2"); do
    id="$(create_org "$1$i")" || die "create $1$i was not acknowledged"
    echo "$id" >>"$3"
  done
  say "phase $1: $2 records acknowledged in $(( $(now_ms) - start )) ms"
  out="$(lstream sync -wait -timeout 30 -socket "$LITESTREAM_SOCKET" "$LITESTREAM_DB")"
  txid="$(printf '%s\n' "$out" | sed -n 's/^txid: *//p')"
  rtxid="$(printf '%s\n' "$out" | sed -n 's/^replica_txid: *//p')"
  if [ -z "$txid" ] || [ "$txid" != "$rtxid" ]; then die "litestream sync -wait did not confirm: $out"; fi
  say "phase $1: litestream confirms txid $txid on S3"
}

# list_ids FILE: every organization id on $url, sorted.
list_ids() {
  local page=1 n body
  : >"$1.raw"
  while :; do
    body="$(curl -sf -H "Authorization: $token" \
      "$url/api/collections/organizations/records?perPage=1000&page=$page&skipTotal=1&fields=id")" || die "list on $url failed"
    n=$(printf '%s' "$body" | { grep -o '"id":"[a-z0-9]*"' || true; } | tee -a "$1.raw" | wc -l)
    [ "$n" -eq 1000 ] || break
    page=$((page + 1))
  done
  sed 's/"id":"\([a-z0-9]*\)"/\1/' "$1.raw" | sort -u >"$1"
}

# missing EXPECTED HAVE: how many ids of EXPECTED are not in HAVE.
missing() { sort -u "$1" | comm -23 - "$2" | wc -l; }

# 2. A fresh data dir with a superuser, served under Litestream.
data="$work/pb_data"
"$bin" superuser upsert "$su_email" "$su_pass" --dir "$data" --dev=false >"$work/upsert.log" 2>&1
replicated "$data" primary
sign_in

# 3. Phase A: acknowledged and confirmed replicated.
write_confirmed A "$records" "$work/acked-a.txt"

# 4. Phase B: writes in flight, then SIGKILL of both processes.
: >"$work/acked-b.txt"
(
  i=0
  while :; do
    i=$((i + 1))
    id="$(create_org "B$i")" || break
    echo "$(now_ms) $id" >>"$work/acked-b.txt"
  done
) &
writer=$!
sleep "$crash_seconds"
kill_ms=$(now_ms)
kill -KILL "$server_pid" "$ls_pid" || die "the server or litestream had already stopped"
rm -f "$work/server.pid"
{ wait "$writer"; } 2>/dev/null || true
{ wait "$ls_pid"; } 2>/dev/null || true
acked_b=$(wc -l <"$work/acked-b.txt")
say "phase B: SIGKILL of server and litestream after $acked_b more acknowledged writes"

# 5. Restore into a new data dir (as on a new machine) and serve it.
restored="$work/restored"
mkdir -p "$restored"
lstream restore -config "$config" -integrity-check full -o "$restored/data.db" "$data/data.db" >"$work/restore.log" 2>&1 \
  || die "litestream restore failed"
say "restored $(du -h "$restored/data.db" | cut -f1) into $restored (integrity check passed)"
plain "$restored" restored-server
sign_in

# 6. Every acknowledged id must be there.
list_ids "$work/restored-ids.txt"
missing_a=$(missing "$work/acked-a.txt" "$work/restored-ids.txt")
cutoff=$(( kill_ms - rpo_seconds * 1000 ))
awk -v c="$cutoff" '$1 <= c { print $2 }' "$work/acked-b.txt" | sort -u >"$work/acked-b-old.txt"
old_b=$(wc -l <"$work/acked-b-old.txt")
missing_b_old=$(missing "$work/acked-b-old.txt" "$work/restored-ids.txt")
awk '{ print $2 }' "$work/acked-b.txt" >"$work/acked-b-ids.txt"
lost_b=$(missing "$work/acked-b-ids.txt" "$work/restored-ids.txt")
say "phase A: $(( records - missing_a ))/$records confirmed records restored"
say "phase B: $(( acked_b - lost_b ))/$acked_b in-flight records restored; lost $lost_b acknowledged in the last moments before the kill"
say "phase B: $(( old_b - missing_b_old ))/$old_b records acknowledged more than ${rpo_seconds}s before the kill restored"
[ "$missing_a" -eq 0 ] || die "$missing_a confirmed records are missing after restore"
[ "$missing_b_old" -eq 0 ] || die "$missing_b_old records older than ${rpo_seconds}s before the crash are missing (replication lag beyond the expected window)"

# 7. Failover: the restored dir is the new primary (one writer: the plain
# server stops first), replicating to the same replica path. A write made on
# it without Litestream must still reach the replica (Litestream sees the
# database is not where the replica is and writes a new snapshot).
create_org R1 >"$work/acked-r.txt" || die "create on the restored server was not acknowledged"
kill -TERM "$plain_pid"
{ wait "$plain_pid"; } 2>/dev/null || true
replicated "$restored" new-primary
sign_in
write_confirmed C 50 "$work/acked-c.txt"
kill -TERM "$ls_pid" # a graceful stop: Litestream stops the server, then syncs
{ wait "$ls_pid"; } 2>/dev/null || die "litestream did not stop cleanly on SIGTERM"
rm -f "$work/server.pid"

# 8. A third machine: an empty data dir, the systemd unit's command.
third="$work/third"
mkdir -p "$third"
replicated "$third" third -restore-if-db-not-exists
sign_in
list_ids "$work/third-ids.txt"
cat "$work/acked-a.txt" "$work/acked-r.txt" "$work/acked-c.txt" >"$work/expected-third.txt"
sort -u "$work/acked-b-ids.txt" | comm -12 - "$work/restored-ids.txt" >>"$work/expected-third.txt"
missing_third=$(missing "$work/expected-third.txt" "$work/third-ids.txt")
say "failover: $(( $(sort -u "$work/expected-third.txt" | wc -l) - missing_third ))/$(sort -u "$work/expected-third.txt" | wc -l) records on a third machine restored by -restore-if-db-not-exists"
[ "$missing_third" -eq 0 ] || die "$missing_third records are missing on the third machine"
kill -TERM "$ls_pid"
{ wait "$ls_pid"; } 2>/dev/null || true
rm -f "$work/server.pid"
say "PASS"
