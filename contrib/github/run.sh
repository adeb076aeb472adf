#!/bin/sh
# The action's check step (action.yml), also usable in any CI: writes SARIF to
# $INPUT_SARIF_FILE, a Markdown summary to $GITHUB_STEP_SUMMARY, optionally annotations,
# and goodfaith's exit code to $GITHUB_OUTPUT. Always exits 0 so the SARIF upload runs;
# the action fails the job afterwards.
#
# Environment: INPUT_PATHS (default .), INPUT_ARGS, INPUT_SARIF_FILE (default
# goodfaith.sarif), INPUT_ANNOTATIONS (true/false), GOODFAITH (the binary).
set -u
gf=${GOODFAITH:-goodfaith}
paths=${INPUT_PATHS:-.}
args=${INPUT_ARGS:-}
sarif=${INPUT_SARIF_FILE:-goodfaith.sarif}

# shellcheck disable=SC2086 # paths and args are lists
"$gf" --format sarif $args $paths >"$sarif"
code=$?

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
	# shellcheck disable=SC2086
	"$gf" --format markdown $args $paths >>"$GITHUB_STEP_SUMMARY" 2>/dev/null
fi
if [ "${INPUT_ANNOTATIONS:-false}" = true ]; then
	# shellcheck disable=SC2086
	"$gf" --format github $args $paths 2>/dev/null
fi

if [ -n "${GITHUB_OUTPUT:-}" ]; then
	echo "exit-code=$code" >>"$GITHUB_OUTPUT"
	echo "sarif-file=$sarif" >>"$GITHUB_OUTPUT"
fi
echo "goodfaith exited $code; SARIF in $sarif"
exit 0
