#!/usr/bin/env bash
# Rebuilds the JavaScript that runs inside every vat, and the everyday vat
# packages built into `ocap bundle`, from the npm packages pinned in
# ocap-kernel/jsvat/runtime/package-lock.json (make vat-runtime). The
# outputs are committed: building and testing ocap needs neither Node nor
# npm, only this script does.
set -euo pipefail
cd "$(dirname "$0")/../ocap-kernel"
rt=jsvat/runtime
command -v npm >/dev/null || { echo "vat-runtime: npm is needed to rebuild the vat runtime" >&2; exit 1; }
(cd "$rt" && npm ci --ignore-scripts --no-audit --no-fund)
go run ./internal/cmd/vatruntime -C .
