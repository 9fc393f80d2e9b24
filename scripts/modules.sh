#!/usr/bin/env bash
# Prints the workspace's modules (the directories go.work uses), one a line.
# The Makefile, the lint and fuzz scripts and CI all take the list from here.
set -euo pipefail
cd "$(dirname "$0")/.."
go work edit -json | sed -n 's/^[[:space:]]*"DiskPath": "\.\/\(.*\)".*/\1/p'
