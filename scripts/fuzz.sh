#!/usr/bin/env bash
# Run every fuzz target of terrarium for a while and keep what they find.
#
#   scripts/fuzz.sh            # each target for 1 minute
#   scripts/fuzz.sh 10m        # each target for 10 minutes
#   FUZZ_ONLY=FuzzLoad scripts/fuzz.sh 5m
#
# `go test -fuzz` writes every failing input to the package's
# testdata/fuzz/FuzzName/ directory, where plain `go test` (CI) replays it as
# a regression seed from then on. This script runs the targets one at a
# time, lists the new seeds, and exits 1 when any target failed: commit the
# new files together with the fix.
set -u
cd "$(dirname "$0")/.."
duration="${1:-1m}"
targets=(
	"./schema FuzzLoad"                        # configuration loader
	"./internal/lint FuzzRun"                  # loader + every lint rule
	"./internal/lint/hostspec FuzzParse"       # host parser
	"./internal/lint/pkgspec FuzzParse"        # package-spec parser
	"./internal/state FuzzReader"              # state log reader (torn tails)
	"./internal/state FuzzFinder"              # state log address finder
	"./internal/plan FuzzUnmarshal"            # plan file reader
)
before=$(find . -path '*/testdata/fuzz/*' -type f | sort)
failed=()
for t in "${targets[@]}"; do
	set -- $t
	pkg=$1 name=$2
	if [ -n "${FUZZ_ONLY:-}" ] && [ "$FUZZ_ONLY" != "$name" ]; then
		continue
	fi
	echo "== $pkg $name ($duration)"
	if ! go test "$pkg" -run '^$' -fuzz "^${name}\$" -fuzztime "$duration" -fuzzminimizetime 10s; then
		failed+=("$pkg $name")
	fi
done
after=$(find . -path '*/testdata/fuzz/*' -type f | sort)
new=$(comm -13 <(echo "$before") <(echo "$after"))
if [ -n "$new" ]; then
	echo
	echo "New regression seeds (commit them with the fix):"
	echo "$new"
fi
if [ ${#failed[@]} -gt 0 ]; then
	echo
	echo "Failed: ${failed[*]}"
	exit 1
fi
echo "All fuzz targets ran for $duration without a failure."
