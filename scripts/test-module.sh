#!/usr/bin/env bash
# Runs one module's tests (make test/<module>). Modules in RACE_MODULES run
# under the race detector, except the packages listed in ENGINE_PACKAGES:
# their tests run the JavaScript engine, which the race detector's
# checkptr instrumentation of its transpiled code slows 10-50x, so they run
# without it, and their concurrency tests (named *Race*) run again with it.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
module=$1
race=${RACE_MODULES:-}
engine=${ENGINE_PACKAGES:-}
cd "$module"
if [[ " $race " != *" $module "* ]]; then
  exec $GO test -count=1 ./...
fi
plain=()
for p in $engine; do
  case $p in "$module"/*) plain+=("./${p#"$module"/}") ;; esac
done
if [ ${#plain[@]} -eq 0 ]; then
  exec $GO test -count=1 -race ./...
fi
exclude=$(printf '%s\n' "${plain[@]}" | sed 's|^\./||' | paste -sd'|' -)
mapfile -t racy < <($GO list ./... | grep -Ev "/(${exclude})\$")
$GO test -count=1 -race "${racy[@]}"
$GO test -count=1 "${plain[@]}"
$GO test -count=1 -race -run 'Race' "${plain[@]}"
