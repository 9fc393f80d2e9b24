#!/usr/bin/env bash
# Installs Debian's chromium package for the browser tests of `ocap daemon ui`
# (cli/internal/ui). Does nothing when /usr/bin/chromium is already there.
# Runs apt-get non-interactively, as root or through sudo when that is possible;
# otherwise says what to run and fails.
set -euo pipefail
bin=/usr/bin/chromium
if [ -x "$bin" ]; then
  echo "install-chromium: $bin is already installed ($("$bin" --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "install-chromium: apt-get not found; install Chromium so that $bin exists" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "install-chromium: need root (or password-less sudo) to run: apt-get install -y chromium" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "install-chromium: ${as_root[*]:+${as_root[*]} }apt-get update"
"${as_root[@]}" apt-get update -q
echo "install-chromium: ${as_root[*]:+${as_root[*]} }apt-get install -y --no-install-recommends chromium"
"${as_root[@]}" apt-get install -y -q --no-install-recommends chromium
echo "install-chromium: installed $("$bin" --version 2>/dev/null || echo "$bin")"
