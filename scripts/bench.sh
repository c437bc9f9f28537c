#!/usr/bin/env bash
# The performance benchmark (a benchmark with reported figures, not a test): the release build, a
# large dataset in the embedded SQLite default (PERSONS persons with a certificate each, ESPACES
# eSpaces with their owner, one eSpace with MEMBERS members), the server on it, and wrk on
# loopback. Prints one table: requests/s and p50/p99 latency of each path and its ratio to the
# trivial route; the list and search of one eSpace of 500 members on a 1,000-person and on the
# large database, with SQLite's query plans; sizes (and what a first visit of the Users tab
# transfers, measured in Chromium), memory and cold start; and for the pages of the seeds' flows,
# what a first visit transfers until hydrated and Lighthouse's scores (Chromium, mobile defaults);
# and how long a 30-field procedure's PDF takes to write (benches/pdf.rs).
#   scripts/bench.sh                       # 1,000,000 persons, 100,000 eSpaces, 10,000 members
#   PERSONS=100000 ESPACES=10000 scripts/bench.sh
#   PIN=1 scripts/bench.sh                 # server on CPU 0, wrk on CPU 1: steadier figures to
#                                          # compare two builds (by default both share the cores)
#   PROFILE=1 scripts/bench.sh             # perf samples the server during the Users tab phase
#                                          # (whose figures it lowers) and prints where time goes
set -euo pipefail
cd "$(dirname "$0")/.."
PERSONS=${PERSONS:-1000000}
ESPACES=${ESPACES:-100000}
MEMBERS=${MEMBERS:-10000}
PORT=${PORT:-3400}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
server_cpu=(); load_cpu=()
if [ -n "${PIN:-}" ]; then server_cpu=(taskset -c 0); load_cpu=(taskset -c 1); fi
dir=target/bench
mkdir -p "$dir"

scripts/build-release.sh >/dev/null
sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
command -v wrk >/dev/null || $sudo apt-get install -y wrk >/dev/null
[ -d scripts/bench/node_modules ] || npm ci --prefix scripts/bench --no-audit --no-fund >/dev/null
[ -z "${PROFILE:-}" ] || command -v perf >/dev/null || $sudo apt-get install -y linux-perf >/dev/null

pid=""
stop() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; pid=""; }
trap stop EXIT
# starts the server on database $1; sets pid and cold_ms (until it answers)
start() {
  local t0; t0=$(date +%s%N)
  ESPACE_DATABASE_URL="sqlite://$1" ESPACE_DEMO_DATA=false ESPACE_SIGN_IN=demo ESPACE_COMPRESSION="${COMPRESSION:-true}" \
    LEPTOS_SITE_ADDR="127.0.0.1:$PORT" ESPACE_PUBLIC_URL="http://127.0.0.1:$PORT" LEPTOS_SITE_ROOT=target/site RUST_LOG=error \
    "${server_cpu[@]}" target/release/espace >"$dir/server.log" 2>&1 &
  pid=$!
  until curl -s -o /dev/null "http://127.0.0.1:$PORT/favicon.svg"; do sleep 0.02; done
  cold_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
}
# the database of $1 persons, $2 eSpaces, $3 members of the large one; made once
database() {
  local db="$dir/v2-$1-$2-$3.db" # v2: the dataset of scripts/bench/dataset.py as it is now
  if [ ! -f "$db" ]; then
    start "$db.new" && stop
    python3 scripts/bench/dataset.py "$db.new" "$1" "$2" "$3"
    start "$db.new" && stop # the server writes the members' search words
    mv "$db.new" "$db"; rm -f "$db.new-wal" "$db.new-shm"
  fi
  echo "$db"
}
origin="http://127.0.0.1:$PORT"
form=(-H "Origin: $origin" -H "Content-Type: application/x-www-form-urlencoded")
sign_in() {
  cookie=$(curl -s -D - -o /dev/null "${form[@]}" --data "ssn=90000000000000000000" \
    "$origin/api/sign_in_demo" | grep -i '^set-cookie: espace_session' | sed 's/^[^:]*: //; s/;.*//')
  [ -n "$cookie" ] || { echo "sign-in failed" >&2; exit 1; }
}
# wrk on $2 (a path; with BODY set, a POST of that form): "name|req/s|p50|p99|peak", the
# latencies in ms, peak the server's resident memory high-water mark so far in kB
measure() {
  local out enc=()
  # ENCODING: what the client accepts (wrk accepts none unless told, so nothing is compressed)
  [ -z "${ENCODING:-}" ] || enc=(-H "Accept-Encoding: $ENCODING")
  if [ -n "${BODY:-}" ]; then
    out=$(TARGET="$2" BODY="$BODY" "${load_cpu[@]}" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s scripts/bench/post.lua \
      -H "Cookie: $cookie" "${enc[@]}" "${form[@]}" "$origin")
  else
    out=$("${load_cpu[@]}" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: $cookie" "${enc[@]}" "$origin$2")
  fi
  if echo "$out" | grep -q 'Non-2xx'; then echo "$1: $(echo "$out" | grep 'Non-2xx')" >&2; fi
  echo "$out" | awk -v name="$1" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 } / 50%/ { p50 = ms($2) } / 99%/ { p99 = ms($2) }
    END { printf "%s|%.0f|%.2f|%.2f|", name, rps, p50, p99 }'
  hwm_kb
}
rss_kb() { awk '/VmRSS/ { print $2 }' "/proc/$pid/status"; }
hwm_kb() { awk '/VmHWM/ { print $2 }' "/proc/$pid/status"; }

search="espace_id=e0000000&search=Family4242&role=&status=&page=1"
# one eSpace of 500 members in both databases: its first page, and a search in it
same_list="espace_id=e0000001&search=&role=&status=&page=1"
same_search="espace_id=e0000001&search=Family250&role=&status=&page=1"
small=$(database 1000 100 500)
start "$small"; sign_in
small_list=$(BODY="$same_list" measure "list" /api/list_members)
small_search=$(BODY="$same_search" measure "search" /api/list_members)
stop

large=$(database "$PERSONS" "$ESPACES" "$MEMBERS")
# the invitation path writes: each run on a fresh copy, so every run measures the same data
cp "$large" "$dir/run.db"; rm -f "$dir/run.db-wal" "$dir/run.db-shm"
start "$dir/run.db"; sign_in
large_cold=$cold_ms
idle=$(rss_kb)
rows=()
rows+=("$(measure "trivial route (static favicon)" /favicon.svg)")
if [ -n "${PROFILE:-}" ]; then
  perf record -F 999 -g -p "$pid" -o "$dir/users.perf" -- sleep "${DURATION%s}" >/dev/null 2>&1 &
  profiler=$!
fi
rows+=("$(measure "Users tab SSR, first 50 of $MEMBERS members" /espace/e0000000/profile/users)")
[ -z "${PROFILE:-}" ] || wait "$profiler"
rows+=("$(BODY="$search" measure "member search (list_members)" /api/list_members)")
rows+=("$(measure "profile page (Signalétique)" /espace/e0000000/profile)")
invite="espace_id=e0000000&given_name=Bench&family_name=Person{n}&email=bench{n}@example.lu&ssn=7{n}000000000&scope=this_certificate&role=manager"
rows+=("$(BODY="$invite" measure "invitation write (invite_member)" /api/invite_member)")
large_list=$(BODY="$same_list" measure "list" /api/list_members)
large_search=$(BODY="$same_search" measure "search" /api/list_members)
peak=$(hwm_kb)
html=$(curl -s -H "Cookie: $cookie" "$origin/espace/e0000000/profile/users" | wc -c)
# the pages of the seeds' flows, on the large eSpace; a procedure of its own to show
procedure=$(curl -s -H "Cookie: $cookie" "${form[@]}" --data "espace_id=e0000000&kind=registered_address&principal=" \
  "$origin/api/create_procedure" | sed -n 's/.*"Ok":"\([^"]*\)".*/\1/p')
pages=("home=/" "Users tab=/espace/e0000000/profile/users" "data sheet=/espace/e0000000/profile/users/b0000001"
  "Add a user=/espace/e0000000/profile/users/new" "Certifications tab=/espace/e0000000/profile/certifications"
  "procedure=/espace/e0000000/procedures/$procedure")
first_load=$(node scripts/bench/first_load.mjs "$origin" "$cookie" "${pages[@]}")
lighthouse=$(node scripts/bench/lighthouse.mjs "$origin" "$cookie" "${pages[@]}")
stop

# compression (src/server/compression.rs) off and on, alternately, three runs each, on the
# Users tab and the member search, as a browser asks for them (Accept-Encoding: br, gzip)
users=/espace/e0000000/profile/users
compression_runs=()
for run in 1 2 3; do
  for on in false true; do
    cp "$large" "$dir/run.db"; rm -f "$dir/run.db-wal" "$dir/run.db-shm"
    COMPRESSION=$on start "$dir/run.db"; sign_in
    tab=$(ENCODING="br, gzip" measure "tab" "$users" | cut -d'|' -f2)
    found=$(ENCODING="br, gzip" BODY="$search" measure "search" /api/list_members | cut -d'|' -f2)
    wire=$(curl -s -o /dev/null -w '%{size_download}' -H "Cookie: $cookie" -H "Accept-Encoding: br, gzip" "$origin$users")
    compression_runs+=("$on|$tab|$found|$wire")
    stop
  done
done

ceiling=$(echo "${rows[0]}" | cut -d'|' -f2)
echo
echo "eSpace benchmark: $PERSONS persons, $ESPACES eSpaces, $MEMBERS members in one; wrk -t2 -c$CONNECTIONS -d$DURATION on loopback${PIN:+, server and wrk pinned to one CPU each}"
echo
echo "| path | requests/s | p50 ms | p99 ms | of the trivial route | server RSS peak after it |"
echo "|---|---|---|---|---|---|"
for row in "${rows[@]}"; do
  IFS='|' read -r name rps p50 p99 hwm <<<"$row"
  printf "| %s | %s | %s | %s | %.1f %% | %d MB |\n" "$name" "$rps" "$p50" "$p99" \
    "$(echo "$rps $ceiling" | awk '{ print 100 * $1 / $2 }')" $((hwm / 1024))
done
echo
echo "The same eSpace (500 members) on 1,000 and on $PERSONS persons (list_members, p50 ms):"
echo
echo "| call | 1,000 persons | $PERSONS persons | ratio |"
echo "|---|---|---|---|"
for pair in "first page:$small_list:$large_list" "search \"Family250\":$small_search:$large_search"; do
  IFS=':' read -r name a b <<<"$pair"
  pa=$(echo "$a" | cut -d'|' -f3); pb=$(echo "$b" | cut -d'|' -f3)
  printf "| %s | %s | %s | %.2f |\n" "$name" "$pa" "$pb" "$(echo "$pb $pa" | awk '{ print $1 / $2 }')"
done
echo
echo "Query plans on the large database (the statements of src/server/db/sql/members.rs):"
plan() { echo; echo "$1"; sqlite3 "$large" "EXPLAIN QUERY PLAN $2" | sed 's/^/    /'; }
conditions="NULL IS NULL AND 1 = 1"
words="AND id IN (SELECT member_id FROM member_words WHERE espace_id = 'e0000000' AND word >= 'family4242' AND word < 'family4242z')"
plan "total, no filter (kept by triggers):" "SELECT member_count FROM espaces WHERE id = 'e0000000'"
plan "count, role filter:" "SELECT COUNT(*) FROM members WHERE role = 'manager' AND 1 = 1 AND espace_id = 'e0000000'"
plan "first page, no search:" "SELECT id FROM members WHERE $conditions AND espace_id = 'e0000000' ORDER BY family_name, given_name, id LIMIT 50 OFFSET 0"
plan "search:" "SELECT id FROM members WHERE $conditions $words ORDER BY family_name, given_name, id LIMIT 50 OFFSET 0"
echo
echo "Compression of pages and answers (Accept-Encoding: br, gzip), off and on alternately, 3 runs each (requests/s):"
echo
echo "| compression | Users tab, runs | mean | member search, runs | mean | Users tab on the wire |"
echo "|---|---|---|---|---|---|"
for on in false true; do
  printf '%s\n' "${compression_runs[@]}" | awk -F'|' -v on="$on" '
    $1 == on { n++; tab = tab sep $2; search = search sep $3; sep = " / "; st += $2; ss += $3; wire = $4 }
    END { printf "| %s | %s | %.0f | %s | %.0f | %d bytes |\n", (on == "true" ? "on" : "off"), tab, st / n, search, ss / n, wire }'
done
wasm=target/site/pkg/espace.wasm
echo
echo "| measure | value |"
echo "|---|---|"
# the compressed copies scripts/build-release.sh made, as the server sends them
echo "| hydrate wasm raw / gzip / brotli | $(wc -c <"$wasm") / $(wc -c <"$wasm.gz") / $(wc -c <"$wasm.br") bytes |"
echo "| HTML of the Users tab, first load | $html bytes |"
echo "| server RSS idle / peak under load | $((idle / 1024)) MB / $((peak / 1024)) MB |"
echo "| cold start on the large database | $large_cold ms |"
echo
echo "First visit of each page until hydrated, in Chromium (a fresh browser each; bytes on the wire / raw):"
echo
echo "| page | requests | wasm | all |"
echo "|---|---|---|---|"
while IFS='|' read -r page kind count wire raw; do
  case $kind in
    wasm) page_wasm="$wire / $raw" ;;
    total) echo "| $page | $count | ${page_wasm:-none} | $wire / $raw |"; page_wasm="" ;;
  esac
done <<<"$first_load"
echo
echo "Lighthouse $(node -p "require('./scripts/bench/node_modules/lighthouse/package.json').version") (mobile defaults: simulated slow 4G and a mid-range phone's CPU), signed in, median of 3:"
echo
echo "| page | performance | accessibility | best practices | FCP ms | LCP ms | TBT ms | CLS | audits below 90 |"
echo "|---|---|---|---|---|---|---|---|---|"
while IFS='|' read -r page perf a11y bp fcp lcp tbt cls failed; do
  echo "| $page | $perf | $a11y | $bp | $fcp | $lcp | $tbt | $cls | $failed |"
done <<<"$lighthouse"
echo
# a procedure's PDF form, written on the server (benches/pdf.rs): the release profile
# its build's output aside, shown if it fails (a bench that no longer compiles once printed nothing)
cargo bench --quiet --features ssr --bench pdf 2>"$dir/bench-pdf.log" | grep '^PDF' || { cat "$dir/bench-pdf.log" >&2; exit 1; }
if [ -n "${PROFILE:-}" ]; then
  echo
  echo "Where the Users tab's time went (perf, $dir/users.perf: self time, functions of 0.5 % or more):"
  echo
  perf report -i "$dir/users.perf" --no-children --sort symbol --percent-limit 0.5 --stdio -g none \
    2>/dev/null | grep -E '^ +[0-9.]+%' | sed 's/[ -]*$//' | head -40
fi
