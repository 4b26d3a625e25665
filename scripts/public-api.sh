#!/usr/bin/env bash
# Brings the libraries' API baselines up to date: builds the solution with the API analyzers' findings as warnings,
# adds every public member the build reports as undeclared (RS0016) to its project's PublicAPI.Unshipped.txt and drops
# every declared one that is gone (RS0017) from it, then builds again as CI does. Review the diff: every line is a
# public API change.
#
#   scripts/public-api.sh
set -euo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet build PaddleInferenceSharp.sln --nologo -v q -p:TreatWarningsAsErrors=false >"$log" 2>&1 || true

python3 - "$log" <<'PY'
import collections, os, re, sys
added, removed = collections.defaultdict(set), collections.defaultdict(set)
pattern = re.compile(r"(?:warning|error) (RS0016|RS0017): Symbol '(.*)' is (?:not part of the declared public API|part of the declared API, but is either not public or could not be found).*\[(.*\.csproj)\]")
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    m = pattern.search(line)
    if m:
        rule, symbol, project = m.groups()
        (added if rule == "RS0016" else removed)[os.path.dirname(project)].add(symbol)
for folder in sorted(set(added) | set(removed)):
    path = os.path.join(folder, "PublicAPI.Unshipped.txt")
    lines = open(path, encoding="utf-8").read().splitlines() if os.path.exists(path) else ["#nullable enable"]
    header = [l for l in lines if l.startswith("#")] or ["#nullable enable"]
    body = {l for l in lines if l and not l.startswith("#")}
    body = (body | added[folder]) - removed[folder]
    open(path, "w", encoding="utf-8").write("\n".join(header + sorted(body, key=str.lower)) + "\n")
    print(f"{os.path.relpath(path)}: +{len(added[folder])} -{len(removed[folder] & set(lines))}")
PY
grep -q "RS0017" "$log" && echo "note: RS0017 for lines in PublicAPI.Shipped.txt must be removed by hand (a shipped API went away)" >&2 || true
dotnet build PaddleInferenceSharp.sln --nologo -v q
