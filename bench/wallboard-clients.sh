#!/usr/bin/env bash
# Wallboard push latency with many SignalR clients (issue 5): the server (Release) on 127.0.0.1, WALLBOARD_CLIENTS
# Node clients (@microsoft/signalr from npm, WebSockets, the demo supervisor's bearer token) on /hubs/wallboard, held
# by WALLBOARD_PROCS Node worker processes; a driver process changes agents' states through the REST API
# (/api/agents/{id}/login | not-ready | logout) at WALLBOARD_RATE changes per second, WALLBOARD_CHANGES changes.
# Reports, over all clients and changes, the time from just before the API call to the receipt of the first push
# showing the change (p50/p95/p99/max), the same from the change's own event time stamp, pushes received, failures
# and disconnects; the server's CPU (utime+stime from /proc over an idle window with everyone connected and over the
# measured window) and RSS (before connecting, with everyone connected), per client; the load generator's CPU apart.
# How a push is matched to a change: bench/wallboard-clients/wallboard-clients.js.
#
# Usage: bench/wallboard-clients.sh                        (WALLBOARD_CLIENTS="1000", 2 workers, 2 changes/s, 120 changes)
#        WALLBOARD_CLIENTS="250 1000 2000" bench/wallboard-clients.sh
# One fresh server per client count (every agent logged out at the start). Loopback only, free ports picked at
# start; everything it starts it stops; each run is bounded (WALLBOARD_DEADLINE seconds, default 600).
set -euo pipefail
# The server as shipped (launchSettings.json, infra/Dockerfile): a 64 MB gen0 budget; override to compare.
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x4000000}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
client_counts="${WALLBOARD_CLIENTS:-1000}"; procs="${WALLBOARD_PROCS:-2}"; rate="${WALLBOARD_RATE:-2}"
changes="${WALLBOARD_CHANGES:-120}"; idle="${WALLBOARD_IDLE_SECONDS:-15}"; warmup="${WALLBOARD_WARMUP_CYCLES:-1}"; deadline="${WALLBOARD_DEADLINE:-600}"
out="${BENCH_OUT:-/tmp/hotline-bench/wallboard-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"

command -v node >/dev/null && command -v npm >/dev/null || { echo "needs node and npm (apt-get install nodejs npm)" >&2; exit 2; }
if [ ! -d "$here/wallboard-clients/node_modules/@microsoft/signalr" ]; then
  (cd "$here/wallboard-clients" && npm ci --no-audit --no-fund >/dev/null)
fi
dotnet build "$repo/src/HotlineTelephony.Server" -c Release -v q -nologo >/dev/null

server_pid=""; node_pid=""
stop_all() {
  [ -n "$node_pid" ] && kill "$node_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop_all EXIT

# Two free loopback ports (HTTP; SIP on UDP and TCP), chosen by the kernel.
free_ports() {
  python3 - <<'PY'
import socket
ports = []
while len(ports) < 2:
    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM); t.bind(("127.0.0.1", 0)); port = t.getsockname()[1]
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        u.bind(("127.0.0.1", port)); ports.append(port)
    except OSError:
        pass
    u.close(); t.close()
print(*ports)
PY
}

echo "uptime before: $(uptime)" | tee "$out/table.txt"
for clients in $client_counts; do
  read -r http_port sip_port < <(free_ports)
  api="http://127.0.0.1:$http_port"
  run="$out/clients-$clients"; mkdir -p "$run"
  # The working directory holds the run's databases (records, users, tickets). Started directly (no subshell) so
  # $! is the server itself, whose /proc/<pid>/stat is read.
  cd "$run"
  dotnet "$repo/src/HotlineTelephony.Server/bin/Release/net10.0/HotlineTelephony.Server.dll" \
      --Urls="$api" --Sip:ListenAddress=127.0.0.1 --Sip:Port="$sip_port" \
      --CallRecords:ConnectionString="Data Source=$run/hotline.db" --Tickets:ConnectionString="Data Source=$run/tickets.db" \
      --Media:Recording:Folder="$run/recordings" --Serilog:MinimumLevel:Default=Warning >"$run/server.log" 2>&1 &
  server_pid=$!
  cd "$repo"
  up=false
  for _ in $(seq 1 120); do curl -fsS "$api/healthz" >/dev/null 2>&1 && { up=true; break; }; sleep 0.5; done
  $up || { echo "server did not start (see $run/server.log)" >&2; exit 1; }
  [ "$(readlink "/proc/$server_pid/exe")" = "$(readlink -f "$(command -v dotnet)")" ] || { echo "pid $server_pid is not the server" >&2; exit 1; }

  echo "== $clients clients ($(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$out/table.txt"
  timeout --kill-after=10 $((deadline + 30)) node "$here/wallboard-clients/wallboard-clients.js" \
      --url "$api" --clients "$clients" --procs "$procs" --rate "$rate" --changes "$changes" --idle-seconds "$idle" --warmup-cycles "$warmup" \
      --server-pid "$server_pid" --clk-tck "$(getconf CLK_TCK)" --deadline-seconds "$deadline" \
      --out "$run/result.json" >"$run/node.out" 2>"$run/node.err" &
  node_pid=$!
  status=0; wait "$node_pid" || status=$?
  node_pid=""
  tee -a "$out/table.txt" <"$run/node.out"
  [ "$status" -eq 0 ] || echo "load generator failed ($status): $(tail -5 "$run/node.err")" | tee -a "$out/table.txt"
  kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""
done
echo "uptime after: $(uptime)" | tee -a "$out/table.txt"
echo "results: $out/table.txt"
