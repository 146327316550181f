#!/usr/bin/env bash
# Tradebook from the command line on the embedded default (SQLite, no server): create a database, add three
# bots of different modes, record a bundled sample of bot turns (fills, orders, decisions, funding,
# snapshots, prices), record it again to show idempotency, then show positions and P&L.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v dotnet >/dev/null || { echo "dotnet (the .NET 10 SDK) is required" >&2; exit 1; }

dotnet build src/Tradebook.Cli -c Release --nologo -v quiet >/dev/null
tradebook() { dotnet src/Tradebook.Cli/bin/Release/net10.0/tradebook.dll "$@"; }

export TRADEBOOK_DB="${TRADEBOOK_DB:-$PWD/demo-data/tradebook.db}"
rm -f "$TRADEBOOK_DB" "$TRADEBOOK_DB-wal" "$TRADEBOOK_DB-shm"

step() { printf '\n== %s\n' "$*"; }
step "tradebook init"
tradebook init
step "tradebook bots add (live, paper and test bots never mix in reports)"
tradebook bots add momentum-btc --mode live --strategy momentum --strategy-version a1b2c3d
tradebook bots add grid-sol --mode paper --method fifo --strategy grid
tradebook bots add perp-hedger --mode paper --strategy hedge
tradebook bots list
step "tradebook record samples/demo.jsonl (one transaction)"
tradebook record samples/demo.jsonl
step "tradebook record samples/demo.jsonl again: idempotent, nothing changes"
tradebook record samples/demo.jsonl
step "tradebook positions (marked at the latest price bar)"
tradebook positions
step "tradebook pnl --by product"
tradebook pnl
step "tradebook pnl --by bot"
tradebook pnl --by bot
step "tradebook trades --limit 8"
tradebook trades --limit 8
step "tradebook doctor"
tradebook doctor
