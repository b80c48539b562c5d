#!/usr/bin/env bash
# Signalling capacity of HotlineTelephony against Kamailio, measured in one run on this machine.
#
# 1. Kamailio (stateful tm proxy in front of a SIPp uas) at each rate: ../shared/bench-anchors/run-anchors.sh sig
# 2. Our server answering sip:12345 at the same rates: TARGET=127.0.0.1:5060 run-anchors.sh target (no media)
# Each step holds its rate for SIG_SECS seconds (default 60, the acceptance figure); the printed tables give
# "highest rate with 0 failed calls" for both. Copy the figures, date and this command into docs/benchmarks.md.
#
# Usage: bench/sip-load-vs-kamailio.sh            (rates "500 1000 1500 2000 3000", 60 s each: about 25 minutes)
#        SIG_RATES="1000 2000" SIG_SECS=20 bench/sip-load-vs-kamailio.sh
# Loopback only; everything it starts it stops.
set -euo pipefail
# The server as shipped (launchSettings.json, infra/Dockerfile): a 64 MB gen0 budget; override to compare.
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x4000000}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
anchors="${ANCHORS:-$repo/../shared/bench-anchors/run-anchors.sh}"
export SIG_RATES="${SIG_RATES:-1000 1500 2000 2500 3000 4000}"
export SIG_SECS="${SIG_SECS:-60}"
export DIRECT_EXTRA_RATES="" SIG_BUILTIN_RATES="" TARGET_MEDIA=0
export MAX_WALL="${MAX_WALL:-3600}"
out="${OUTDIR:-/tmp/hotline-bench/sip-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"

dotnet build "$repo/src/HotlineTelephony.Server" -c Release -v q -nologo >/dev/null
server_log="$out/server.log"
dotnet "$repo/src/HotlineTelephony.Server/bin/Release/net10.0/HotlineTelephony.Server.dll" \
    --Sip:ListenAddress=127.0.0.1 --Sip:Port=5060 --Urls=http://127.0.0.1:18080 \
    --Serilog:MinimumLevel:Default=Warning >"$server_log" 2>&1 &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true; wait $server_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fsS http://127.0.0.1:18080/healthz >/dev/null 2>&1 && break; sleep 0.5; done

OUTDIR="$out/kamailio" "$anchors" sig
OUTDIR="$out/target" TARGET=127.0.0.1:5060 "$anchors" target
echo "results: $out/kamailio/table.txt and $out/target/table.txt; server log: $server_log"
