#!/usr/bin/env bash
# Bridged G.711 calls through HotlineTelephony: SIPp uac (PCMU rtp_stream) calls extension 1001, which is a SIPp uas
# (PCMU rtp_stream back) registered with digest auth; the server anchors both legs.
# By default extension calls are not recorded here (EXTENSION_RECORDING=false), so both legs being PCMU, each call
# is relayed packet to packet like rtpengine does (Media:SameCodecRelay). EXTENSION_RECORDING=true gives the
# earlier figure: every call decoded, mixed, re-encoded and recorded. SAME_CODEC_RELAY=false forces the mixer
# without recording. RECEIVE_LOOP=epoll (default) or async picks how the server reads RTP (Media:ReceiveLoop), so
# the two can be compared on the same machine; RECEIVE_THREADS (Media:ReceiveThreads, default 0 = one per core)
# sets the epoll threads.
# Compare with rtpengine's figures from bench/media-load-vs-rtpengine.sh (run them back to back).
#
# Usage: bench/media-bridged-calls.sh          (MEDIA_CALLS "200 400 800", 25 s calls)
#        EXTENSION_RECORDING=true bench/media-bridged-calls.sh
#        RECEIVE_LOOP=async MEDIA_CALLS="800 1200" MEDIA_HOLD=60 bench/media-bridged-calls.sh
# Loopback only; everything it starts it stops.
# The SIPp uas (shared uas_pcmu.xml) does not answer OPTIONS: a registrar keep-alive to it counts as one of its -m
# calls (so the last INVITE of the run went unanswered: the "1 of 1200" failure of 2026-11-23) and two unanswered
# keep-alives drop 1001's binding. Keep-alives are therefore pushed out past the run.
set -euo pipefail
# The server as shipped (launchSettings.json, infra/Dockerfile): a 64 MB gen0 budget; override to compare.
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x4000000}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
shared="${SHARED:-$repo/../shared/bench-anchors}"
export MEDIA_CALLS="${MEDIA_CALLS:-200 400 800}" MEDIA_HOLD="${MEDIA_HOLD:-25}"
recording="${EXTENSION_RECORDING:-false}" relay="${SAME_CODEC_RELAY:-true}" receive_loop="${RECEIVE_LOOP:-epoll}" receive_threads="${RECEIVE_THREADS:-0}"
case "$receive_loop" in
    epoll|async) ;;
    *) echo "RECEIVE_LOOP must be epoll or async (was $receive_loop)" >&2; exit 2 ;;
esac
out="${OUTDIR:-/tmp/hotline-bench/bridged-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
total=0; for n in $MEDIA_CALLS; do total=$((total + n)); done

dotnet build "$repo/src/HotlineTelephony.Server" -c Release -v q -nologo >/dev/null
dotnet "$repo/src/HotlineTelephony.Server/bin/Release/net10.0/HotlineTelephony.Server.dll" \
    --Sip:ListenAddress=127.0.0.1 --Sip:Port=5060 --Urls=http://127.0.0.1:18080 \
    --Media:Recording:Folder="$out/recordings" --Media:Recording:ExtensionCalls="$recording" \
    --Registrar:KeepAliveSeconds=86400 \
    --Media:SameCodecRelay="$relay" --Media:ReceiveLoop="$receive_loop" --Media:ReceiveThreads="$receive_threads" >"$out/server.log" 2>&1 &
server_pid=$!
pids=("$server_pid")
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fsS http://127.0.0.1:18080/healthz >/dev/null 2>&1 && break; sleep 0.5; done

# The "agent": register 1001 from 127.0.0.1:5090, then answer every call on that port with PCMU streaming.
cd "$out"
cp "$shared/scenarios/pcmu_1s.ulaw" .
sipp -sf "$repo/tests/HotlineTelephony.EndToEnd.Tests/Scenarios/uac_register.xml" -s 1001 -au 1001 -ap agent1001 \
    -i 127.0.0.1 -p 5090 -m 1 -nostdin -timeout 10 127.0.0.1:5060 >"$out/register.log" 2>&1
sipp -sf "$shared/scenarios/uas_pcmu.xml" -i 127.0.0.1 -p 5090 -mp 7000 -m "$total" -nostdin \
    -timeout $((total * 2 + 600)) >"$out/uas.log" 2>&1 &
pids+=("$!")

OUTDIR="$out/target" TARGET=127.0.0.1:5060 TARGET_USER=1001 SIG_RATES=" " MAX_WALL=3600 "$shared/run-anchors.sh" target
echo "peak RSS of the server (KiB): $(ps -o rss= -p "$server_pid")"
grep -o 'loss [0-9.]* %' "$out/server.log" | awk '{n++; s+=$2; if ($2>m) m=$2} END {printf "legs %d, mean loss %.3f %%, worst %.3f %%\n", n, s/n, m}'
echo "extension recording: $recording ($(find "$out/recordings" -name '*.wav' 2>/dev/null | wc -l) WAV files), same-codec relay: $relay, receive loop: $receive_loop (threads $receive_threads)"
echo "results: $out/target/table.txt"
