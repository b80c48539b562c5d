#!/usr/bin/env bash
# Caller → queue → agent answer → hang-up, end to end through HotlineTelephony: AGENTS agent extensions (2001…)
# register from one SIPp port and answer there (uas_ring_answer: 1 s of ringing, then 200), all logged in through the
# API; SIPp callers dial 12345 at each rate in ACD_RATES for ACD_SECONDS, holding ACD_HOLD ms after the answer.
# Reports per rate: calls attempted, SIPp failures, answered by an agent (metrics recomputed from the event log),
# server CPU share and RSS. Also measures 1,000 callers waiting on hold music at once (ON_HOLD=1000, 60 s).
#
# Usage: bench/acd-calls.sh            (AGENTS=200, ACD_RATES="10 25 40", ACD_SECONDS=30, ACD_HOLD=4000: 1 s of ringing, ~3 s of talk)
# Loopback only; everything it starts it stops. Run on a quiet machine. The registrar's OPTIONS keep-alive is slowed
# down: the SIPp agent would take each OPTIONS for a new call, fail it, and stop early at its -m count.
set -euo pipefail
# The server as shipped (launchSettings.json, infra/Dockerfile): a 64 MB gen0 budget; override to compare.
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x4000000}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
shared="${SHARED:-$repo/../shared/bench-anchors}"
scenarios="$repo/tests/HotlineTelephony.EndToEnd.Tests/Scenarios"
agents="${AGENTS:-200}"; rates="${ACD_RATES:-10 25 40}"; seconds="${ACD_SECONDS:-30}"; hold="${ACD_HOLD:-4000}"
on_hold="${ON_HOLD:-1000}"
out="${BENCH_OUT:-/tmp/hotline-bench/acd-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out/dialplan"
api=http://127.0.0.1:18080

# A bench dialplan: the shipped one plus AGENTS agents on 2001… in the general queue, no wrap-up, no overflow offer.
python3 - "$repo/dialplans/city-centre.yaml" "$out/dialplan/bench.yaml" "$agents" <<'PY'
import sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = open(src, encoding="utf-8").read().splitlines()
result, overflow_done = [], False
for line in lines:
    if line == "agents:":
        # The shipped agents stay (their skills keep the plan valid) but are never logged in.
        result.append(line)
        result += [f'  - {{ id: bench-{i:04d}, extension: "{2000 + i}", queues: [general] }}' for i in range(1, n + 1)]
        continue
    if line.strip().startswith("wrap_up_seconds:"):
        line = line.split("wrap_up_seconds:")[0] + "wrap_up_seconds: 0"
    if line.strip() == "enabled: true" and not overflow_done:
        line, overflow_done = line.replace("true", "false"), True
    result.append(line)
    if '"_1XXX"' in line:
        result.append('  - { number: "_2XXX", kind: agent_extension, name: bench agents }')
open(dst, "w", encoding="utf-8").write("\n".join(result) + "\n")
PY

extension_args=()
for i in $(seq 1 "$agents"); do extension_args+=("--Registrar:Extensions:$((2000 + i))=bench"); done

dotnet build "$repo/src/HotlineTelephony.Server" -c Release -v q -nologo >/dev/null
start_server() {
  dotnet "$repo/src/HotlineTelephony.Server/bin/Release/net10.0/HotlineTelephony.Server.dll" \
      --Sip:ListenAddress=127.0.0.1 --Sip:Port=5060 --Urls=$api --Dialplan:Folder="$out/dialplan" \
      --CallRecords:ConnectionString="Data Source=$out/hotline-$1.db" --Media:Recording:Folder="$out/recordings-$1" \
      --Serilog:MinimumLevel:Default="${2:-Warning}" --Registrar:KeepAliveSeconds=3600 \
      "${extension_args[@]}" >"$out/server-$1.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 60); do curl -fsS $api/healthz >/dev/null 2>&1 && return; sleep 0.5; done
  echo "server did not start" >&2; exit 1
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
# The API needs a signed-in user: the demo supervisor's bearer token (docs/configuration.md, Auth).
curl_api() {
  if [ -z "${api_token:-}" ]; then
    api_token=$(curl -fsS -H 'Content-Type: application/json' -d '{"userName":"supervisor","password":"supervisor"}' "$api/api/auth/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
  fi
  curl -fsS -H "Authorization: Bearer $api_token" "$@"
}
trap 'kill ${server_pid:-0} ${uas_pid:-0} 2>/dev/null || true' EXIT

echo "rate_cps seconds attempted sipp_failed answered entered cpu_core_share rss_kib" | tee "$out/table.txt"
for rate in $rates; do
  start_server "$rate"
  # Every agent registers from the same port, so one SIPp there answers for all of them.
  for i in $(seq 1 "$agents"); do
    sipp -sf "$scenarios/uac_register.xml" -s $((2000 + i)) -au $((2000 + i)) -ap bench -i 127.0.0.1 -p 5090 -m 1 -nostdin \
        -timeout 10 127.0.0.1:5060 >>"$out/register-$rate.log" 2>&1
  done
  for i in $(seq 1 "$agents"); do curl_api -XPOST "$api/api/agents/bench-$(printf %04d "$i")/login" >/dev/null; done
  total=$((rate * seconds))
  sipp -sf "$scenarios/uas_ring_answer.xml" -i 127.0.0.1 -p 5090 -mp 7000 -m "$total" -nostdin -timeout $((seconds + 120)) \
      >"$out/uas-$rate.log" 2>&1 &
  uas_pid=$!
  t0=$(cpu_ticks "$server_pid"); s0=$(date +%s.%N)
  sipp -sn uac -s 12345 -i 127.0.0.1 -p 5091 -mp 8000 -r "$rate" -m "$total" -d "$hold" -l $((rate * 10)) -nostdin \
      -trace_stat -stf "$out/uac-$rate.csv" -timeout $((seconds + 120)) 127.0.0.1:5060 >"$out/uac-$rate.log" 2>&1 || true
  t1=$(cpu_ticks "$server_pid"); s1=$(date +%s.%N)
  rss=$(ps -o rss= -p "$server_pid" | tr -d ' ')
  sleep 3
  failed=$(tail -1 "$out/uac-$rate.csv" | awk -F';' '{print $18}')   # FailedCall(C)
  metrics=$(curl_api "$api/api/records/metrics")
  answered=$(echo "$metrics" | python3 -c 'import json,sys; q=json.load(sys.stdin)["queues"]["general"]; print(q["answered"], q["entered"])')
  share=$(awk -v a="$t0" -v b="$t1" -v s="$s0" -v e="$s1" -v hz="$hz" 'BEGIN {printf "%.3f", (b - a) / hz / (e - s)}')
  echo "$rate $seconds $total ${failed:-?} $answered $share $rss" | tee -a "$out/table.txt"
  kill "$uas_pid" "$server_pid" 2>/dev/null || true; wait "$uas_pid" "$server_pid" 2>/dev/null || true
done

# Callers on hold: ON_HOLD PCMU callers wait in the queue (no agent logged in) with music and announcements, 60 s.
if [ "$on_hold" -gt 0 ]; then
  start_server hold Information
  cp "$shared/scenarios/pcmu_1s.ulaw" "$out/"
  rate=$((on_hold / 20))
  (cd "$out" && sipp -sf "$shared/scenarios/uac_pcmu.xml" -key ruri sip:12345@127.0.0.1:5060 -i 127.0.0.1 -p 5092 -mp 9000 \
      -m "$on_hold" -l "$on_hold" -r "$rate" -d 60000 -nostdin -timeout 200 127.0.0.1:5060 >"sipp-hold.log" 2>&1) &
  sipp_pid=$!
  sleep 25
  t0=$(cpu_ticks "$server_pid"); s0=$(date +%s.%N)
  sleep 20
  t1=$(cpu_ticks "$server_pid"); s1=$(date +%s.%N)
  rss=$(ps -o rss= -p "$server_pid" | tr -d ' ')
  waiting=$(curl_api "$api/api/queues/general" | python3 -c 'import json,sys; print(json.load(sys.stdin)["waiting"])')
  wait "$sipp_pid" || true
  sleep 3
  kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true
  share=$(awk -v a="$t0" -v b="$t1" -v s="$s0" -v e="$s1" -v hz="$hz" 'BEGIN {printf "%.3f", (b - a) / hz / (e - s)}')
  echo "on hold: $on_hold callers, waiting at the measure $waiting, server CPU share $share, RSS $rss KiB" | tee -a "$out/table.txt"
  grep -o 'loss [0-9.]* %' "$out/server-hold.log" | awk '{n++; s+=$2; if ($2>m) m=$2} END {if (n) printf "  legs %d, mean loss %.3f %%, worst %.3f %%\n", n, s/n, m}' | tee -a "$out/table.txt"
fi
echo "results: $out/table.txt"
