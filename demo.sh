#!/usr/bin/env bash
# Tradebook's main job on the embedded default: the server and its dashboard, with four paper bots
# (moving-average crossover, grid, perpetual futures with funding, an LLM-style analyst) trading a
# bundled market history through the HTTP API, on a fresh SQLite database in a temporary folder.
# Open the URL it prints. Ctrl-C stops it. Extra arguments go to `tradebook serve --demo`
# (for example --port 8080 or --demo-speed 20).
set -euo pipefail
cd "$(dirname "$0")"
command -v dotnet >/dev/null || { echo "dotnet (the .NET 10 SDK) is required" >&2; exit 1; }

dotnet build src/Tradebook.Cli -c Release --nologo -v quiet >/dev/null
exec dotnet src/Tradebook.Cli/bin/Release/net10.0/tradebook.dll serve --demo "$@"
