#!/usr/bin/env bash
# Adds every public member that is not yet in a library's API baseline to its PublicAPI.Unshipped.txt
# (Microsoft.CodeAnalysis.PublicApiAnalyzers' code fix for RS0016), then builds so RS0016/RS0017 are checked.
# Review the diff: every line is a public API change.
#
#   scripts/public-api.sh            # all library projects
#   scripts/public-api.sh src/PaddleInferenceSharp.Ocr
set -euo pipefail
cd "$(dirname "$0")/.."

projects=("$@")
if [[ ${#projects[@]} -eq 0 ]]; then
  mapfile -t projects < <(ls -d bindings/*/ src/*/ | sed 's:/$::' | while read -r dir; do
    [[ -f "$dir/PublicAPI.Shipped.txt" ]] && echo "$dir"; done)
fi

for dir in "${projects[@]}"; do
  dir=${dir%/}
  project=$(ls "$dir"/*.csproj)
  for file in PublicAPI.Shipped.txt PublicAPI.Unshipped.txt; do
    [[ -f "$dir/$file" ]] || printf '#nullable enable\n' > "$dir/$file"
  done
  echo "public API: $dir" >&2
  dotnet format analyzers "$project" --diagnostics RS0016 --severity warn --verbosity quiet
done
dotnet build PaddleInferenceSharp.sln --nologo -v q
