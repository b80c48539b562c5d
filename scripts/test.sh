#!/usr/bin/env bash
# Builds the solution and runs every test. Installs, when missing: the SIP peers the end-to-end tests drive (SIPp,
# baresip), Node.js and npm (the server's pages are built with them), the headless Chromium with Chinese fonts the
# page tests drive, and PostgreSQL (the ticket tests run on it as well as on SQLite). Ends with a plain
# "N passed, N failed" line computed from the TRX results.
set -euo pipefail

cd "$(dirname "$0")/.."

sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
command -v sipp >/dev/null 2>&1 || missing+=(sip-tester)
command -v baresip >/dev/null 2>&1 || missing+=(baresip)
# Redis is the scale-out store's server; installed so the suite's machine matches what the server runs against.
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# Without a CJK font Chromium draws the Chinese pages as boxes.
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get update -q
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# PostgreSQL for the ticket tests: a throw-away cluster on a free loopback port (installed when missing), unless the
# caller points HOTLINE_TEST_POSTGRES at one. HOTLINE_REQUIRE_POSTGRES=1 makes those tests fail instead of skipping.
pg_dir=""
stop_postgres() {
  if [ -n "$pg_dir" ]; then scripts/postgres-test-cluster.sh stop "$pg_dir" || true; fi
}
trap stop_postgres EXIT
if [ -z "${HOTLINE_TEST_POSTGRES:-}" ]; then
  eval "$(scripts/postgres-test-cluster.sh start)"
  pg_dir="$HOTLINE_TEST_POSTGRES_DIR"
fi
export HOTLINE_TEST_POSTGRES
export HOTLINE_REQUIRE_POSTGRES=1

dotnet build HotlineTelephony.sln -c Release

results_dir="$(pwd)/artifacts/test-results"
rm -rf "$results_dir"
mkdir -p "$results_dir"

test_status=0
dotnet test HotlineTelephony.sln -c Release --no-build \
  --logger "console;verbosity=normal" \
  --logger "trx" \
  --results-directory "$results_dir" || test_status=$?

# The wallboard bench's matching of pushes to changes (bench/wallboard-clients; plain Node, no package needed).
node --test --test-reporter=tap bench/wallboard-clients/attribution.test.js >"$results_dir/node-tests.tap" 2>&1 || test_status=$?

summary="$(python3 - "$results_dir" <<'PY'
import glob, sys
import xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
files = glob.glob(sys.argv[1] + "/**/*.trx", recursive=True)
for path in files:
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))
    # Name every failure with the start of its message, so the last lines of a CI log say what broke.
    root = ET.parse(path).getroot()
    for result in root.iterfind(".//t:UnitTestResult", ns):
        if result.get("outcome") not in ("Passed", "NotExecuted"):
            message = result.find("t:Output/t:ErrorInfo/t:Message", ns)
            text = (message.text or "").strip().replace("\n", " ")[:400] if message is not None else ""
            print(f"FAILED {result.get('testName')}: {text}")
tap = sys.argv[1] + "/node-tests.tap"
try:
    lines = open(tap, encoding="utf-8").read().splitlines()
except OSError:
    lines = ["# fail 1"]
for line in lines:
    if line.startswith("# pass "):
        passed += int(line.split()[2])
    elif line.startswith("# fail "):
        failed += int(line.split()[2])
        if int(line.split()[2]):
            print(f"FAILED node tests, see {tap}")
print(f"{passed} passed, {failed} failed, {skipped} skipped" if files else "0 passed, 1 failed")
PY
)"
echo "$summary"

if [ "$test_status" -ne 0 ]; then
  exit "$test_status"
fi
case "$summary" in
  *", 0 failed,"*) [ "${summary%% *}" -gt 0 ] || { echo "no test ran" >&2; exit 1; } ;;
  *) exit 1 ;;
esac
