#!/usr/bin/env bash
# terrarium in any CI system: plain shell, no GitHub needed.
#
#   examples/ci/terrarium.sh check DIR   # on a change request: fmt, validate, lint, plan
#   examples/ci/terrarium.sh apply       # after merge: apply the reviewed plan
#
# Exit codes follow terrarium's: 0 ok, 1 error, 2 found something. The plan
# step treats 2 (changes present) as success and leaves terrarium.plan and
# plan.md (a markdown rendering to post as a review comment) behind.
# Credentials come from the environment (ANTHROPIC_API_KEY, or workload
# identity federation); never put them in this file or in the config.
set -euo pipefail

step=${1:?usage: terrarium.sh check|apply DIR}
dir=${2:-environments}
plan=${TERRARIUM_PLAN:-terrarium.plan}

case "$step" in
check)
  # The checkout is the change request's: a symbolic link it placed at a
  # file this script writes with > would send the output wherever it
  # points (the shell follows it). rm removes such a link first.
  rm -f terrarium-lint.xml plan.md
  terrarium fmt -check -recursive "$dir"
  terrarium validate "$dir"
  terrarium lint -format junit "$dir" > terrarium-lint.xml || { rc=$?; [ "$rc" -eq 2 ] || exit "$rc"; }
  terrarium lint "$dir"
  rc=0
  terrarium plan -detailed-exitcode -out "$plan" "$dir" || rc=$?
  [ "$rc" -ne 1 ] || exit 1
  terrarium show -format markdown "$plan" > plan.md
  if [ "$rc" -eq 2 ]; then echo "terrarium: changes planned, see plan.md"; else echo "terrarium: no changes"; fi
  ;;
apply)
  # The plan is verified, not trusted: refused (exit 1, nothing changed)
  # when the file was edited, or when the configuration, the variables,
  # the state or the live environments moved since the plan was made, or
  # when this job talks to another API: plan again and review.
  # The plan knows its configuration directory: run from where plan ran.
  # It carries no --var value, --var-file or --replace: if the check step
  # is given any, give the same here.
  terrarium apply "$plan"
  ;;
*)
  echo "usage: terrarium.sh check|apply DIR" >&2
  exit 1
  ;;
esac
