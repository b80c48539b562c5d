#!/usr/bin/env bash
# Media capacity of HotlineTelephony against rtpengine (userspace, driven by Kamailio), in one run on this machine.
#
# 1. rtpengine: SIPp uac (PCMU rtp_stream) -> Kamailio + rtpengine -> SIPp uas (PCMU back): run-anchors.sh media
# 2. ours: SIPp uac (PCMU rtp_stream) -> our server answering sip:12345 (welcome prompt, then music, recorded):
#    TARGET=127.0.0.1:5060 run-anchors.sh target. Each call is one RTP leg decoded, mixed, encoded and recorded
#    (a bridged call is two such legs). Per-leg loss is in the server's call log (event 3102).
#
# Usage: bench/media-load-vs-rtpengine.sh          (MEDIA_CALLS "200 400 800", 25 s calls)
#        MEDIA_CALLS="100 200" MEDIA_HOLD=60 bench/media-load-vs-rtpengine.sh
# Loopback only; everything it starts it stops.
set -euo pipefail
# The server as shipped (launchSettings.json, infra/Dockerfile): a 64 MB gen0 budget; override to compare.
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x4000000}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
anchors="${ANCHORS:-$repo/../shared/bench-anchors/run-anchors.sh}"
export MEDIA_CALLS="${MEDIA_CALLS:-200 400 800}"
export MEDIA_HOLD="${MEDIA_HOLD:-25}"
export MEDIA_DIRECT_CALLS="" SIG_RATES=" " DIRECT_EXTRA_RATES="" SIG_BUILTIN_RATES=""  # " ": no signalling steps (empty means the default list)
export MAX_WALL="${MAX_WALL:-3600}"
out="${OUTDIR:-/tmp/hotline-bench/media-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"

dotnet build "$repo/src/HotlineTelephony.Server" -c Release -v q -nologo >/dev/null
OUTDIR="$out/rtpengine" "$anchors" media || true

dotnet "$repo/src/HotlineTelephony.Server/bin/Release/net10.0/HotlineTelephony.Server.dll" \
    --Sip:ListenAddress=127.0.0.1 --Sip:Port=5060 --Urls=http://127.0.0.1:18080 \
    --Media:Recording:Folder="$out/recordings" --Serilog:MinimumLevel:Default=Information >"$out/server.log" 2>&1 &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true; wait $server_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fsS http://127.0.0.1:18080/healthz >/dev/null 2>&1 && break; sleep 0.5; done
OUTDIR="$out/target" TARGET=127.0.0.1:5060 "$anchors" target
echo "peak RSS of the server (KiB): $(ps -o rss= -p $server_pid)"
grep -o 'loss [0-9.]* %' "$out/server.log" | awk '{n++; s+=$2; if ($2>m) m=$2} END {printf "legs %d, mean loss %.3f %%, worst %.3f %%\n", n, s/n, m}'
echo "results: $out/rtpengine/table.txt and $out/target/table.txt"
