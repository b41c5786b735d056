#!/usr/bin/env bash
# Writes BENCHMARKS.md from one run: criterion's wall-clock medians for every workload and
# peer, callgrind's instructions per call for the same, the machine and the versions.
#
#   bench/run.sh            # everything, about half an hour on 2 cores
#
# Rerunnable: each run starts from empty result directories under target/sqlmint-bench/.
# SQLMINT_PG_URL names a PostgreSQL server to use; without it the tests' throwaway server
# is started once for the whole run and stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# The paths below are under target/: a CARGO_TARGET_DIR elsewhere would move them.
unset CARGO_TARGET_DIR
out="$root/target/sqlmint-bench"

export DEBIAN_FRONTEND=noninteractive
if ! command -v valgrind >/dev/null 2>&1; then
  echo "--- installing valgrind"
  apt-get update -qq
  apt-get install -y -qq valgrind >/dev/null
fi
# diesel's PostgreSQL backend links the C client library, libpq.
if ! ls /usr/lib/*/libpq.so >/dev/null 2>&1; then
  echo "--- installing libpq-dev"
  apt-get update -qq
  apt-get install -y -qq libpq-dev >/dev/null
fi
if [ -z "${SQLMINT_PG_URL:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "--- installing PostgreSQL"
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi

echo "--- building (release)"
cargo build --release -p sqlmint-bench --bins
cargo bench -p sqlmint-bench --no-run

rm -rf "$out"
mkdir -p "$out/callgrind"

if [ -z "${SQLMINT_PG_URL:-}" ]; then
  echo "--- starting the throwaway PostgreSQL server"
  "$root/target/release/pg_server" >"$out/pg_url" &
  server_pid=$!
  trap 'kill "$server_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 120); do
    [ -s "$out/pg_url" ] && break
    kill -0 "$server_pid" 2>/dev/null || { echo "the PostgreSQL server did not start" >&2; exit 1; }
    sleep 1
  done
  [ -s "$out/pg_url" ] || { echo "the PostgreSQL server did not start in 120 s" >&2; exit 1; }
  SQLMINT_PG_URL=$(head -n1 "$out/pg_url")
  export SQLMINT_PG_URL
fi

echo "--- criterion (wall-clock)"
# A bench that panics (a wrong answer, a failed call) fails the run, through pipefail.
CRITERION_HOME="$out/criterion" cargo bench -p sqlmint-bench 2>&1 | tee "$out/criterion.log"

echo "--- callgrind (instructions per call)"
# Each workload and peer runs twice under callgrind, with N calls and with none; the
# difference over N is what one call costs, on every thread of the process.
totals() {
  awk '/^totals:/ { print $2 }' "$1"
}
"$root/target/release/count" list >"$out/runs"
while read -r backend workload peer calls; do
  name="$backend.${workload//\//-}.$peer"
  for n in "$calls" 0; do
    valgrind --tool=callgrind --callgrind-out-file="$out/callgrind/$name.$n.out" \
      "$root/target/release/count" "$backend" "$workload" "$peer" "$n" \
      >"$out/callgrind/$name.$n.log" 2>&1 \
      || { echo "count $backend $workload $peer $n failed:" >&2; tail -n 20 "$out/callgrind/$name.$n.log" >&2; exit 1; }
  done
  with=$(totals "$out/callgrind/$name.$calls.out")
  without=$(totals "$out/callgrind/$name.0.out")
  echo "$backend $workload $peer $calls $with $without" | tee -a "$out/counts"
done <"$out/runs"

echo "--- BENCHMARKS.md"
sqlmint="$(cargo pkgid -p sqlmint | sed 's/.*[#@]//') at $(git rev-parse --short HEAD)"
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  sqlmint="$sqlmint, with the working tree's uncommitted changes"
fi
"$root/target/release/report" \
  --criterion "$out/criterion" \
  --counts "$out/counts" \
  --lock "$root/Cargo.lock" \
  --rustc "$(rustc -V)" \
  --sqlmint "$sqlmint" \
  --date "$(date -u '+%Y-%m-%d %H:%M UTC')" \
  --out "$root/BENCHMARKS.md"
echo "wrote $root/BENCHMARKS.md"

echo "--- build cost"
# What a query! costs the build: generated crates of 0, 100 and 500 statements, timed with
# the default dev profile and with proc macros built optimized.
{
  echo
  echo "## Build cost"
  echo
  echo "\`cargo xtask build-cost\` generates crates of 0, 100 and 500 statements (a join with a parameter, an aggregate, an INSERT, an UPDATE ... RETURNING, each in a function \`main\` calls) over one 20-table schema, and times \`cargo build\` and \`cargo check\` of each (the median of 3, dependencies built). *Per statement* is the slope from the 0-statement crate. Peak memory is that of the largest process of the build, rustc."
  echo
  echo "With the default dev profile, the proc macro itself is unoptimized:"
  echo
  cargo xtask build-cost --sizes 0,100,500 --runs 3
  echo "With \`[profile.dev.build-override] opt-level = 3\` in the application's manifest, which builds its proc macros (sqlmint's among them) optimized:"
  echo
  cargo xtask build-cost --sizes 0,100,500 --runs 3 --optimized-macros
} | tee -a "$root/BENCHMARKS.md"
