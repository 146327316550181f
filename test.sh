#!/usr/bin/env bash
# Runs every Tradebook test on a fresh Debian 12 machine (as root) or a developer's box:
# installs what is missing, starts a throwaway PostgreSQL 15 on a free loopback port,
# runs `dotnet test`, and prints "N passed, N failed, N skipped" as its last line.
set -euo pipefail
cd "$(dirname "$0")"

log() { echo "[test.sh] $*" >&2; }

need_apt=()
command -v dotnet >/dev/null || { echo "dotnet (the .NET 10 SDK) is required" >&2; exit 1; }
[ -x /usr/lib/postgresql/15/bin/initdb ] || need_apt+=(postgresql)
# The dashboard's browser tests drive Debian's Chromium; docs/api.md's examples run on curl and python3-requests.
command -v chromium >/dev/null || need_apt+=(chromium)
command -v curl >/dev/null || need_apt+=(curl)
python3 -c "import requests" >/dev/null 2>&1 || /usr/bin/python3 -c "import requests" >/dev/null 2>&1 || need_apt+=(python3 python3-requests)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then echo "missing packages: ${need_apt[*]}; install them with apt-get as root" >&2; exit 1; fi
  log "installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# docs/api.md's Python example runs on the first python3 with requests: the one on PATH, else Debian's.
if python3 -c "import requests" >/dev/null 2>&1; then
  export TRADEBOOK_PYTHON=python3
elif /usr/bin/python3 -c "import requests" >/dev/null 2>&1; then
  export TRADEBOOK_PYTHON=/usr/bin/python3
fi

# A throwaway PostgreSQL cluster owned by the postgres user, on a free loopback port.
PGBIN=/usr/lib/postgresql/15/bin
PGDIR=$(mktemp -d)
chmod 755 "$PGDIR"
as_pg() { if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$PGDIR"; runuser -u postgres -- "$@"; else "$@"; fi; }
SMALLDISK=$(mktemp -d)
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PGDIR"
  umount "$SMALLDISK" >/dev/null 2>&1 || true
  rmdir "$SMALLDISK" >/dev/null 2>&1 || true
}
trap cleanup EXIT
as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
# A random loopback port; another one if it is taken.
for attempt in 1 2 3 4 5 6 7 8; do
  PORT=$(shuf -i 20000-60000 -n 1)
  if as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PGDIR -c max_connections=200" start >/dev/null; then
    break
  fi
  [ "$attempt" = 8 ] && { cat "$PGDIR/server.log" >&2; echo "could not start PostgreSQL" >&2; exit 1; }
done
export TRADEBOOK_TEST_POSTGRES="Host=127.0.0.1;Port=$PORT;Username=postgres;Database=postgres"
log "PostgreSQL 15 on 127.0.0.1:$PORT"

# A 2 MiB filesystem, so that the full-disk tests fill a real disk. Mounting needs root; elsewhere
# those tests are reported as skipped.
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=2m tradebook-small-disk "$SMALLDISK" 2>/dev/null; then
  export TRADEBOOK_TEST_SMALL_DISK="$SMALLDISK"
  log "a 2 MiB disk at $SMALLDISK for the full-disk tests"
else
  log "cannot mount a small disk here (needs root): the full-disk tests are skipped"
fi

out=$(mktemp)
set +e
dotnet test Tradebook.slnx -c Release --nologo "$@" 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
set -e

passed=0 failed=0 skipped=0 found=0
while read -r f p s; do
  found=$((found + 1)); failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + s))
done < <(sed -n -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+), Total.*/\1 \2 \3/p' "$out")
rm -f "$out"

if [ "$found" -eq 0 ]; then
  echo "no test summary found"
  echo "0 passed, 1 failed"
  exit 1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
