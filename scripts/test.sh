#!/usr/bin/env bash
# Runs every test project of PaddleInferenceSharp.sln and ends with one line:
#   tests: N passed, N failed, N skipped
# Extra arguments go to 'dotnet test' (e.g. --filter "FullyQualifiedName~Png").
# Exit code: 0 when nothing failed.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$ROOT/artifacts/test-results"
# Tests never download models: they use the setup folder and ../shared, and report what is missing.
export PADDLEINFERENCESHARP_OFFLINE=1
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
cd "$ROOT"

# CI runs every test: what scripts/setup.sh cannot install (../shared: the evaluation set and the Paddle-format
# models) must be beside the checkout (or one folder above, for a git worktree). Elsewhere the tests that need it
# are skipped, naming it; under CI=true they fail, and this check says so before the build.
if [[ "${CI:-}" == "true" ]]; then
  missing=""
  for dir in "$ROOT/../shared" "$ROOT/../../shared"; do
    if [[ -d "$dir/eval/dev" && -d "$dir/models" ]]; then missing=""; break; fi
    missing="$(cd "$ROOT/.." && pwd)/shared"
  done
  if [[ -n "$missing" ]]; then
    echo "scripts/test.sh: CI=true and $missing is missing (the evaluation set shared/eval/dev and the Paddle-format models shared/models); put it beside the checkout" >&2
    echo "tests: 0 passed, 1 failed, 0 skipped"
    exit 1
  fi
fi

# Build, then pack what was built: the packaging tests restore the samples from out/packages, so the packages
# must be those of this build.
if ! dotnet build PaddleInferenceSharp.sln -c Release --nologo -v quiet -clp:NoSummary; then
  echo "scripts/test.sh: the build failed" >&2
  echo "tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi
if ! scripts/pack.sh --no-build >/dev/null; then
  echo "scripts/test.sh: scripts/pack.sh failed" >&2
  echo "tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi

dotnet test PaddleInferenceSharp.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$RESULTS" "$@"
rc=$?

# Sum the counters of every TRX file (one per test project).
passed=0 failed=0 skipped=0 found=0
for trx in "$RESULTS"/*.trx; do
  [[ -f "$trx" ]] || continue
  found=1
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  # NUnit's ignored tests leave the TRX notExecuted counter at 0; they show as total - executed.
  skipped=$((skipped + $(get total) - $(get executed) + $(get inconclusive)))
done

if [[ $found -eq 0 ]]; then
  echo "scripts/test.sh: no test results were produced (build failure?)" >&2
  echo "tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi
if [[ $rc -ne 0 && $failed -eq 0 ]]; then
  # dotnet test failed without a failed test (e.g. a test host crash): count it.
  failed=1
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
