#!/usr/bin/env bash
# Server CPU time per 12345 call (answer + welcome + queue + record + BYE, the whole product path), measured from
# /proc on a warm server: a warm-up run, then RUNS measured runs of SIPp's built-in uac at RATE calls/s for SECS s.
# Prints, per run, calls, failed calls, retransmissions, server CPU seconds, CPU ms per call and RSS.
#
# Usage: bench/cpu-per-call.sh                  (RATE=300 SECS=20 RUNS=3)
#        RATE=500 SECS=30 RUNS=2 bench/cpu-per-call.sh
# Loopback only; the server runs in a throw-away directory (database, recordings) and is stopped at the end.
set -euo pipefail
# The server as shipped (launchSettings.json, infra/Dockerfile): a 64 MB gen0 budget; override to compare.
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x4000000}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
rate="${RATE:-300}" secs="${SECS:-20}" runs="${RUNS:-3}"
work="$(mktemp -d /tmp/hotline-cpu-per-call.XXXXXX)"
[ -n "${NO_BUILD:-}" ] || dotnet build "$repo/src/HotlineTelephony.Server" -c Release -v q -nologo >/dev/null
cd "$work"
dotnet "$repo/src/HotlineTelephony.Server/bin/Release/net10.0/HotlineTelephony.Server.dll" \
    --Sip:ListenAddress=127.0.0.1 --Sip:Port=5060 --Urls=http://127.0.0.1:18080 \
    --Serilog:MinimumLevel:Default=Warning >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 60); do curl -fsS http://127.0.0.1:18080/healthz >/dev/null 2>&1 && break; sleep 0.5; done
ticks=$(getconf CLK_TCK)

run() {
    local label=$1 u0 s0 u1 s1
    read -r u0 s0 < <(cut -d' ' -f14,15 "/proc/$server/stat")
    rm -f "$work/stat.csv"
    timeout $((secs + 40)) sipp -sn uac -s 12345 127.0.0.1:5060 -p 5080 -m $((rate * secs)) -r "$rate" \
        -timeout $((secs + 30)) -timeout_error -trace_stat -stf "$work/stat.csv" -fd 5 >/dev/null 2>&1 || true
    read -r u1 s1 < <(cut -d' ' -f14,15 "/proc/$server/stat")
    python3 - "$label" $((u1 + s1 - u0 - s0)) "$ticks" "$work/stat.csv" "$(ps -o rss= -p "$server")" <<'PY'
import csv, sys
label, jiffies, ticks, path, rss = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
rows = list(csv.reader(open(path), delimiter=';'))
head, last = rows[0], rows[-1]
get = lambda k: int(last[head.index(k)])
calls = get('TotalCallCreated')
cpu = jiffies / ticks
print(f"{label}: calls={calls} failed={get('FailedCall(C)')} retransmissions={get('Retransmissions(C)')} "
      f"server_cpu_s={cpu:.1f} cpu_ms_per_call={1000 * cpu / max(calls, 1):.2f} rss_mb={rss // 1024}")
PY
}

run warm-up
for i in $(seq 1 "$runs"); do run "run $i"; done
