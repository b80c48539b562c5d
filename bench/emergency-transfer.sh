#!/usr/bin/env bash
# One-key emergency transfer latency (一键转接): request → INVITE to the 110 gateway. For each of N calls: a SIPp
# caller dials 12345, agent-01 (SIPp on 1001, auto-answer) takes it, then POST /api/calls/{id}/emergency
# {"number":"110","mode":"Blind"}; the server reports inviteAfterMs (request handling start → INVITE handed to the
# transport) and the gateway SIPp (uas_emergency_gateway.xml, which checks the shared-data headers) timestamps the
# INVITE it receives, so the wire figure (curl start → INVITE received) is printed too.
#
# Usage: bench/emergency-transfer.sh        (N=40)
set -euo pipefail
# The server as shipped (launchSettings.json, infra/Dockerfile): a 64 MB gen0 budget; override to compare.
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x4000000}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
scenarios="$repo/tests/HotlineTelephony.EndToEnd.Tests/Scenarios"
n="${N:-40}"
out="${BENCH_OUT:-/tmp/hotline-bench/emergency-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out/dialplan"
api=http://127.0.0.1:18080
sed -e '/name: emergency-gateway/{n;s/address: 127.0.0.1/address: 127.0.0.1\n    port: 5095/}' -e 's/wrap_up_seconds: 10/wrap_up_seconds: 0/' \
    "$repo/dialplans/city-centre.yaml" > "$out/dialplan/city.yaml"
sed 's/timeout="20000"/timeout="4000"/' "$scenarios/uac_queue_caller.xml" > "$out/caller.xml"

dotnet build "$repo/src/HotlineTelephony.Server" -c Release -v q -nologo >/dev/null
dotnet "$repo/src/HotlineTelephony.Server/bin/Release/net10.0/HotlineTelephony.Server.dll" \
    --Sip:ListenAddress=127.0.0.1 --Sip:Port=5060 --Urls=$api --Dialplan:Folder="$out/dialplan" \
    --CallRecords:ConnectionString="Data Source=$out/hotline.db" --Media:Recording:Folder="$out/recordings" \
    --Registrar:KeepAliveSeconds=3600 >"$out/server.log" 2>&1 &
server_pid=$!
# The API needs a signed-in user: the demo supervisor's bearer token (docs/configuration.md, Auth).
curl_api() {
  if [ -z "${api_token:-}" ]; then
    api_token=$(curl -fsS -H 'Content-Type: application/json' -d '{"userName":"supervisor","password":"supervisor"}' "$api/api/auth/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
  fi
  curl -fsS -H "Authorization: Bearer $api_token" "$@"
}
trap 'kill $server_pid ${agent_pid:-0} ${gateway_pid:-0} 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fsS $api/healthz >/dev/null 2>&1 && break; sleep 0.5; done

sipp -sf "$scenarios/uac_register.xml" -s 1001 -au 1001 -ap agent1001 -i 127.0.0.1 -p 5093 -m 1 -nostdin -timeout 10 127.0.0.1:5060 >"$out/register.log" 2>&1
curl_api -XPOST $api/api/agents/agent-01/login >/dev/null
sipp -sf "$scenarios/uas_ring_answer.xml" -i 127.0.0.1 -p 5093 -mp 7100 -m "$n" -nostdin -timeout 600 >"$out/agent.log" 2>&1 &
agent_pid=$!
sipp -sf "$scenarios/uas_emergency_gateway.xml" -i 127.0.0.1 -p 5095 -mp 7200 -m "$n" -nostdin -timeout 600 -trace_msg -message_file "$out/gateway-msg.log" >"$out/gateway.log" 2>&1 &
gateway_pid=$!

: > "$out/latency.txt"
for i in $(seq 1 "$n"); do
  sipp -sf "$out/caller.xml" -s 12345 -key caller "1380000$(printf %04d "$i")" -i 127.0.0.1 -p 5094 -mp 7300 -m 1 -nostdin -timeout 30 127.0.0.1:5060 >"$out/caller-$i.log" 2>&1 &
  caller_pid=$!
  id=""
  for _ in $(seq 1 100); do
    id=$(curl_api $api/api/calls | python3 -c 'import json,sys; c=[x for x in json.load(sys.stdin) if x.get("agentId") and x.get("state") in (3, "Talking", "Connected")]; print(c[0]["callId"] if c else "")' 2>/dev/null || true)
    [ -n "$id" ] && break; sleep 0.05
  done
  if [ -z "$id" ]; then echo "call $i never reached the agent" | tee -a "$out/latency.txt"; wait $caller_pid || true; continue; fi
  start=$(date +%s.%N)
  reply=$(curl_api -XPOST -H 'Content-Type: application/json' -d '{"number":"110","mode":"Blind"}' "$api/api/calls/$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$id")/emergency" || true)
  echo "$start $(echo "$reply" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("inviteAfterMs"))' 2>/dev/null || echo '?')" >> "$out/latency.txt"
  wait $caller_pid || true
done
sleep 2
kill $agent_pid $gateway_pid 2>/dev/null || true
python3 - "$out/latency.txt" <<'PY'
import sys, statistics
vals = [float(l.split()[1]) for l in open(sys.argv[1]) if len(l.split()) == 2 and l.split()[1] not in ("?", "None")]
vals.sort()
if vals:
    q = lambda p: vals[min(len(vals) - 1, int(p * len(vals)))]
    print(f"transfers {len(vals)}: request → INVITE sent (server-side) p50 {q(0.5):.2f} ms, p90 {q(0.9):.2f} ms, p99 {q(0.99):.2f} ms, max {vals[-1]:.2f} ms")
PY
echo "gateway INVITEs received: $(grep -c '^INVITE sip:110' "$out/gateway-msg.log" || true); results: $out"
