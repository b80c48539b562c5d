#!/usr/bin/env bash
# Three-party conferences through HotlineTelephony's mixer: for each step, ROOMS conference rooms get three SIPp
# callers each (PCMU 20 ms both ways, rtp_stream), held CONF_HOLD seconds. Each member hears the sum of the other
# two, re-encoded per member; each conference is recorded. Reports server CPU (share of one core) over the hold,
# conferences per core, loss at the server (from the call records in the log) and RSS.
#
# Usage: bench/media-conferences.sh            (CONF_STEPS "50 100 150", 30 s holds)
# Loopback only; everything it starts it stops. Run on a quiet machine, nothing else building.
set -euo pipefail
# The server as shipped (launchSettings.json, infra/Dockerfile): a 64 MB gen0 budget; override to compare.
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x4000000}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
shared="${SHARED:-$repo/../shared/bench-anchors}"
steps="${CONF_STEPS:-50 100 150}"
hold="${CONF_HOLD:-30}"
out="${BENCH_OUT:-/tmp/hotline-bench/conferences-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
max=0; for n in $steps; do [ "$n" -gt "$max" ] && max=$n; done

dotnet build "$repo/src/HotlineTelephony.Server" -c Release -v q -nologo >/dev/null
rooms_args=()
for i in $(seq 0 $((max - 1))); do rooms_args+=("--Hotline:ConferenceRooms:$i=$((70000 + i))"); done

# The member scenario is the anchors' PCMU caller with the room number from the injection file.
sed 's#\[ruri\]#sip:[field0]@[remote_ip]:[remote_port]#g' "$shared/scenarios/uac_pcmu.xml" > "$out/uac_conference.xml"
cp "$shared/scenarios/pcmu_1s.ulaw" "$out/"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

echo "step rooms members cpu_core_share conferences_per_core failed rss_kib" | tee "$out/table.txt"
for rooms in $steps; do
  dotnet "$repo/src/HotlineTelephony.Server/bin/Release/net10.0/HotlineTelephony.Server.dll" \
      --Sip:ListenAddress=127.0.0.1 --Sip:Port=5060 --Urls=http://127.0.0.1:18080 \
      --Media:Recording:Folder="$out/recordings-$rooms" "${rooms_args[@]}" >"$out/server-$rooms.log" 2>&1 &
  server_pid=$!
  trap 'kill $server_pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 60); do curl -fsS http://127.0.0.1:18080/healthz >/dev/null 2>&1 && break; sleep 0.5; done

  { echo "SEQUENTIAL"; for i in $(seq 0 $((rooms - 1))); do for _ in 1 2 3; do echo "$((70000 + i))"; done; done; } > "$out/rooms-$rooms.csv"
  members=$((rooms * 3))
  rate=$(( members / 5 + 1 ))
  (cd "$out" && sipp -sf uac_conference.xml -inf "rooms-$rooms.csv" -i 127.0.0.1 -p 5071 -mp 16000 \
      -m "$members" -l "$members" -r "$rate" -d $((hold * 1000)) -nostdin -trace_stat -stf "stat-$rooms.csv" \
      -timeout $((hold + 120)) 127.0.0.1:5060 >"sipp-$rooms.log" 2>&1) &
  sipp_pid=$!

  # Measure the middle of the hold, when every member has joined and none has left.
  sleep $(( members / rate + 3 ))
  t0=$(cpu_ticks "$server_pid"); s0=$(date +%s.%N)
  sleep $(( hold / 2 ))
  t1=$(cpu_ticks "$server_pid"); s1=$(date +%s.%N)
  rss=$(ps -o rss= -p "$server_pid" | tr -d ' ')
  wait "$sipp_pid" || true
  share=$(awk -v a="$t0" -v b="$t1" -v s="$s0" -v e="$s1" -v hz="$hz" 'BEGIN {printf "%.3f", (b - a) / hz / (e - s)}')
  per_core=$(awk -v r="$rooms" -v c="$share" 'BEGIN {printf "%.0f", (c > 0 ? r / c : 0)}')
  failed=$(grep -o 'Failed call[^0-9]*[0-9]*' "$out/sipp-$rooms.log" | tail -1 | grep -o '[0-9]*$' || echo "?")
  kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true
  echo "$rooms $rooms $members $share $per_core $failed $rss" | tee -a "$out/table.txt"
  grep -o 'loss [0-9.]* %' "$out/server-$rooms.log" | awk '{n++; s+=$2; if ($2>m) m=$2} END {if (n) printf "  legs %d, mean loss %.3f %%, worst %.3f %%\n", n, s/n, m}' | tee -a "$out/table.txt"
done
echo "results: $out/table.txt"
