#!/usr/bin/env bash
# Lint gate: formatting, vet, staticcheck, tidy modules, package docs, workflow,
# and citations of files in comments and documents.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
modules=$(./scripts/modules.sh)
fail=0

bad=$(gofmt -l $(git ls-files -co --exclude-standard -- '*.go') 2>/dev/null || true)
if [ -n "$bad" ]; then echo "gofmt: needs formatting:"; echo "$bad"; fail=1; fi

for m in $modules; do
  echo "== $m"
  (cd "$m" && $GO vet ./...) || fail=1
  (cd "$m" && $GO run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...) || fail=1
  (cd "$m" && $GO mod tidy -diff) || { echo "$m: go mod tidy leaves a diff"; fail=1; }
  # Every package has a doc comment.
  missing=$(cd "$m" && $GO list -f '{{if and (not .Doc) (ne .Name "main")}}{{.ImportPath}}{{end}}' ./... | sed '/^$/d')
  if [ -n "$missing" ]; then echo "package without doc comment:"; echo "$missing"; fail=1; fi
  # Each module also builds alone, outside the workspace.
  (cd "$m" && GOWORK=off $GO build ./...) || { echo "$m: does not build with GOWORK=off"; fail=1; }
done

$GO run github.com/rhysd/actionlint/cmd/actionlint@v1.7.7 .github/workflows/*.yml || fail=1

# Comments and documents name only files the repository holds.
$GO run ./devtools/cmd/doclinks . || fail=1

exit $fail
