#!/usr/bin/env bash
# Runs every fuzz target of the workspace briefly: go test -fuzz takes one
# target per invocation, so list them first.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
fuzztime=${1:-5s}
modules=$(./scripts/modules.sh)
for m in $modules; do
  for pkg in $(cd "$m" && $GO list -f '{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}' ./...); do
    dir=$(cd "$m" && $GO list -f '{{.Dir}}' "$pkg")
    targets=$(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //' || true)
    for t in $targets; do
      echo "fuzz $pkg $t ($fuzztime)"
      (cd "$dir" && $GO test -run='^$' -fuzz="^${t}\$" -fuzztime="$fuzztime" .)
    done
  done
done
