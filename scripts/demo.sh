#!/usr/bin/env bash
# The README's main job: build ocap, start a daemon in a temporary home,
# bundle and launch the example vats, send them messages, print the
# results and stop the daemon. Nothing outside the temporary directories
# is touched.
set -euo pipefail
cd "$(dirname "$0")/.."

go -C cli build -o ../bin/ocap ./cmd/ocap
ocap="$PWD/bin/ocap"
home=$(mktemp -d -t ocap-demo-home.XXXXXX)
work=$(mktemp -d -t ocap-demo-vats.XXXXXX)
cleanup() {
	"$ocap" --home "$home" daemon stop >/dev/null 2>&1 || true
	rm -rf "$home" "$work"
}
trap cleanup EXIT

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Bundle the example vats"
cp examples/vats/*.js examples/vats/hello-cluster.json "$work/"
(cd "$work" && "$ocap" bundle sample-vat.js counter-vat.js endo-vat.js)

step "Start a daemon in $home"
"$ocap" --home "$home" daemon start

step "Launch alice, bob and carol (bootstrap: alice greets the others)"
launch=$(cd "$work" && "$ocap" --home "$home" daemon exec launchSubcluster "{\"config\": $(cat hello-cluster.json)}")
echo "$launch"
root=$(printf '%s' "$launch" | sed -n 's/.*"rootKref":"\(ko[0-9]*\)".*/\1/p')

step "Send alice a message: $root.hello(\"the README\")"
"$ocap" --home "$home" daemon queueMessage "$root" hello '["the README"]'

step "A counter with durable state survives a daemon restart"
counter=$(cd "$work" && "$ocap" --home "$home" daemon exec launchSubcluster \
	'{"config":{"bootstrap":"counter","vats":{"counter":{"bundleSpec":"./counter-vat.bundle"}}}}' |
	sed -n 's/.*"rootKref":"\(ko[0-9]*\)".*/\1/p')
"$ocap" --home "$home" daemon queueMessage "$counter" inc
"$ocap" --home "$home" daemon queueMessage "$counter" inc
"$ocap" --home "$home" daemon stop
"$ocap" --home "$home" daemon start
"$ocap" --home "$home" daemon queueMessage "$counter" inc

step "An upstream-style vat: Endo exos with interface guards, @agoric/store, a durable kind"
endo=$(cd "$work" && "$ocap" --home "$home" daemon exec launchSubcluster \
	'{"config":{"bootstrap":"endo","vats":{"endo":{"bundleSpec":"./endo-vat.bundle","parameters":{"name":"endo"}}}}}' |
	sed -n 's/.*"rootKref":"\(ko[0-9]*\)".*/\1/p')
"$ocap" --home "$home" daemon queueMessage "$endo" guarded
"$ocap" --home "$home" daemon queueMessage "$endo" note '["a", 1]'
tally=$("$ocap" --home "$home" daemon queueMessage --raw "$endo" makeTally '["t1"]' | sed -n 's/.*"slots":\["\(ko[0-9]*\)"\].*/\1/p')
"$ocap" --home "$home" daemon queueMessage "$tally" add '[2]'
"$ocap" --home "$home" daemon exec restartVat '{"id":"v5"}'
"$ocap" --home "$home" daemon queueMessage "$tally" add '[3]'

step "Status"
"$ocap" --home "$home" daemon exec getStatus

step "Stop the daemon"
"$ocap" --home "$home" daemon stop

echo
echo "To watch and drive a kernel in the browser: $ocap daemon ui (prints its URL; --open opens it)"
