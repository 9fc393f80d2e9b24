package rpc

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
)

type validateCase struct {
	name   string
	method string
	params string // "" = absent
	want   string // "" = valid; otherwise the full error message
}

// validationCases cover every method. Messages marked §3.5 are upstream's
// recorded validation messages (with the HEAD corrections of
// testdata/golden/README.md, item 5); the rest follow superstruct semantics and were derived from the
// upstream structs.
var validationCases = []validateCase{
	// Upstream HEAD's remote-comms methods (messages from the golden
	// transcript).
	{"initRemoteComms {}", "initRemoteComms", "{}", ""},
	{"initRemoteComms full", "initRemoteComms", `{"relays":["/ip4/127.0.0.1/tcp/1/ws"],"directListenAddresses":["/ip4/127.0.0.1/tcp/0"],"maxRetryAttempts":0,"maxQueue":10,"maxUrlRelayHints":1,"maxKnownRelays":2,"allowedWsHosts":["localhost"]}`, ""},
	{"initRemoteComms bogus", "initRemoteComms", `{"bogus":1}`, "Invalid params: At path: bogus -- Expected a value of type `never`, but received: `1`"},
	{"initRemoteComms maxQueue -1", "initRemoteComms", `{"maxQueue":-1}`, "Invalid params: At path: maxQueue -- Expected a integer greater than or equal to 0 but received `-1`"},
	{"initRemoteComms maxUrlRelayHints 0", "initRemoteComms", `{"maxUrlRelayHints":0}`, "Invalid params: At path: maxUrlRelayHints -- Expected a integer greater than or equal to 1 but received `0`"},
	{"initRemoteComms maxQueue 1.5", "initRemoteComms", `{"maxQueue":1.5}`, "Invalid params: At path: maxQueue -- Expected an integer, but received: 1.5"},
	{"initRemoteComms relays string", "initRemoteComms", `{"relays":"/ip4/127.0.0.1/tcp/1"}`, `Invalid params: At path: relays -- Expected an array value, but received: "/ip4/127.0.0.1/tcp/1"`},
	{"registerLocationHints ok", "registerLocationHints", `{"peerId":"12D3KooW","hints":[]}`, ""},
	{"registerLocationHints {}", "registerLocationHints", `{}`, "Invalid params: At path: peerId -- Expected a string, but received: undefined"},
	{"registerLocationHints no hints", "registerLocationHints", `{"peerId":"p"}`, "Invalid params: At path: hints -- Expected an array value, but received: undefined"},
	// []-methods (EmptyJsonArray). §3.5 rows 1-2.
	{"getStatus absent", "getStatus", "", ""},
	{"getStatus null", "getStatus", "null", ""},
	{"getStatus []", "getStatus", "[]", ""},
	{"getStatus {}", "getStatus", "{}", "Invalid params: Expected an array value, but received: [object Object]"},
	{"getStatus [1]", "getStatus", "[1]", "Invalid params: Expected an empty array but received one with a size of `1`"},
	{"getStatus [1,2,3]", "getStatus", "[1,2,3]", "Invalid params: Expected an empty array but received one with a size of `3`"},
	{"getStatus string", "getStatus", `"x"`, `Invalid params: Expected an array value, but received: "x"`},
	{"getStatus number", "getStatus", `1.50`, `Invalid params: Expected an array value, but received: 1.5`},
	{"getStatus true", "getStatus", `true`, `Invalid params: Expected an array value, but received: true`},
	// Elements are checked before the emptiness refinement.
	{"getStatus [1e400]", "getStatus", `[1e400]`, "Invalid params: At path: 0 -- Expected a value of type `JSON`, but received: `Infinity`"},
	{"terminateAllVats {}", "terminateAllVats", "{}", "Invalid params: Expected an array value, but received: [object Object]"},
	{"terminateAllVats [null]", "terminateAllVats", "[null]", "Invalid params: Expected an empty array but received one with a size of `1`"},
	{"terminateAllVats absent", "terminateAllVats", "", ""},
	{"collectGarbage {}", "collectGarbage", "{}", "Invalid params: Expected an array value, but received: [object Object]"},
	{"collectGarbage []", "collectGarbage", "[]", ""},
	{"clearState {}", "clearState", "{}", "Invalid params: Expected an array value, but received: [object Object]"},
	{"clearState [[]]", "clearState", "[[]]", "Invalid params: Expected an empty array but received one with a size of `1`"},
	{"clearState null", "clearState", "null", ""},

	// VatId methods. §3.5 rows 3-5.
	{"pingVat absent", "pingVat", "", "Invalid params: At path: id -- Expected a value of type `VatId`, but received: `undefined`"},
	{"pingVat {}", "pingVat", "{}", "Invalid params: At path: id -- Expected a value of type `VatId`, but received: `undefined`"},
	{"pingVat x1", "pingVat", `{"id":"x1"}`, "Invalid params: At path: id -- Expected a value of type `VatId`, but received: `\"x1\"`"},
	{"pingVat id+vatId", "pingVat", `{"id":"v1","vatId":"v1"}`, "Invalid params: At path: vatId -- Expected a value of type `never`, but received: `\"v1\"`"},
	{"pingVat v1", "pingVat", `{"id":"v1"}`, ""},
	{"pingVat v01 (HEAD: non-canonical passes)", "pingVat", `{"id":"v01"}`, ""},
	{"pingVat v0", "pingVat", `{"id":"v0"}`, ""},
	{"pingVat v", "pingVat", `{"id":"v"}`, "Invalid params: At path: id -- Expected a value of type `VatId`, but received: `\"v\"`"},
	{"pingVat v-1", "pingVat", `{"id":"v-1"}`, "Invalid params: At path: id -- Expected a value of type `VatId`, but received: `\"v-1\"`"},
	{"pingVat v1 trailing newline", "pingVat", `{"id":"v1\n"}`, "Invalid params: At path: id -- Expected a value of type `VatId`, but received: `\"v1\\n\"`"},
	{"pingVat unicode digit", "pingVat", `{"id":"v١"}`, "Invalid params: At path: id -- Expected a value of type `VatId`, but received: `\"v١\"`"},
	{"pingVat number id", "pingVat", `{"id":1}`, "Invalid params: At path: id -- Expected a value of type `VatId`, but received: `1`"},
	{"pingVat object id", "pingVat", `{"id":{}}`, "Invalid params: At path: id -- Expected a value of type `VatId`, but received: `[object Object]`"},
	{"pingVat array id", "pingVat", `{"id":[1,[2,null],"a"]}`, "Invalid params: At path: id -- Expected a value of type `VatId`, but received: `1,2,,a`"},
	{"pingVat null id", "pingVat", `{"id":null}`, "Invalid params: At path: id -- Expected a value of type `VatId`, but received: `null`"},
	// Arrays pass the object check, then fail on the first missing key.
	{"pingVat positional", "pingVat", `["v1"]`, "Invalid params: At path: id -- Expected a value of type `VatId`, but received: `undefined`"},
	{"pingVat string", "pingVat", `"v1"`, `Invalid params: Expected an object, but received: "v1"`},
	{"pingVat number", "pingVat", `5`, `Invalid params: Expected an object, but received: 5`},
	// Duplicate keys: the last value wins (JSON.parse).
	{"pingVat duplicate id", "pingVat", `{"id":"x","id":"v2"}`, ""},
	// Unknown keys are reported in JS property order: index keys first.
	{"pingVat two unknown keys", "pingVat", `{"id":"v1","b":1,"7":2}`, "Invalid params: At path: 7 -- Expected a value of type `never`, but received: `2`"},
	{"restartVat {}", "restartVat", "{}", "Invalid params: At path: id -- Expected a value of type `VatId`, but received: `undefined`"},
	{"restartVat vatId", "restartVat", `{"vatId":"v1"}`, "Invalid params: At path: id -- Expected a value of type `VatId`, but received: `undefined`"},
	{"restartVat ok", "restartVat", `{"id":"v3"}`, ""},
	{"terminateVat {}", "terminateVat", "{}", "Invalid params: At path: id -- Expected a value of type `VatId`, but received: `undefined`"},
	{"terminateVat id+vatId", "terminateVat", `{"id":"v1","vatId":"v1"}`, "Invalid params: At path: vatId -- Expected a value of type `never`, but received: `\"v1\"`"},
	{"terminateVat ok", "terminateVat", `{"id":"v2"}`, ""},

	// terminateSubcluster: SubclusterId at HEAD (golden README item 5).
	{"terminateSubcluster {}", "terminateSubcluster", "{}", "Invalid params: At path: id -- Expected a value of type `SubclusterId`, but received: `undefined`"},
	{"terminateSubcluster x1", "terminateSubcluster", `{"id":"x1"}`, "Invalid params: At path: id -- Expected a value of type `SubclusterId`, but received: `\"x1\"`"},
	{"terminateSubcluster s1", "terminateSubcluster", `{"id":"s1"}`, ""},
	{"terminateSubcluster s", "terminateSubcluster", `{"id":"s"}`, "Invalid params: At path: id -- Expected a value of type `SubclusterId`, but received: `\"s\"`"},

	// executeDBQuery. §3.5 row 6.
	{"executeDBQuery {}", "executeDBQuery", "{}", "Invalid params: At path: sql -- Expected a string, but received: undefined"},
	{"executeDBQuery absent", "executeDBQuery", "", "Invalid params: At path: sql -- Expected a string, but received: undefined"},
	{"executeDBQuery number", "executeDBQuery", `{"sql":1}`, "Invalid params: At path: sql -- Expected a string, but received: 1"},
	{"executeDBQuery big number", "executeDBQuery", `{"sql":1e21}`, "Invalid params: At path: sql -- Expected a string, but received: 1e+21"},
	{"executeDBQuery small number", "executeDBQuery", `{"sql":-0.0000001}`, "Invalid params: At path: sql -- Expected a string, but received: -1e-7"},
	{"executeDBQuery -0", "executeDBQuery", `{"sql":-0}`, "Invalid params: At path: sql -- Expected a string, but received: 0"},
	{"executeDBQuery ok", "executeDBQuery", `{"sql":"SELECT 1"}`, ""},
	{"executeDBQuery empty sql", "executeDBQuery", `{"sql":""}`, ""},
	{"executeDBQuery extra", "executeDBQuery", `{"sql":"x","limit":3}`, "Invalid params: At path: limit -- Expected a value of type `never`, but received: `3`"},

	// KRef methods (HEAD: KRef struct, golden README item 5).
	{"issueOcapURL {}", "issueOcapURL", "{}", "Invalid params: At path: kref -- Expected a value of type `KRef`, but received: `undefined`"},
	{"issueOcapURL xyz", "issueOcapURL", `{"kref":"xyz"}`, "Invalid params: At path: kref -- Expected a value of type `KRef`, but received: `\"xyz\"`"},
	{"issueOcapURL ko4", "issueOcapURL", `{"kref":"ko4"}`, ""},
	{"issueOcapURL kp1", "issueOcapURL", `{"kref":"kp1"}`, ""},
	{"revoke {}", "revoke", "{}", "Invalid params: At path: kref -- Expected a value of type `KRef`, but received: `undefined`"},
	{"revoke kr1", "revoke", `{"kref":"kr1"}`, "Invalid params: At path: kref -- Expected a value of type `KRef`, but received: `\"kr1\"`"},
	{"revoke ko04 (non-canonical passes)", "revoke", `{"kref":"ko04"}`, ""},
	{"isRevoked {}", "isRevoked", "{}", "Invalid params: At path: kref -- Expected a value of type `KRef`, but received: `undefined`"},
	{"isRevoked wrong key", "isRevoked", `{"id":"ko5"}`, "Invalid params: At path: kref -- Expected a value of type `KRef`, but received: `undefined`"},
	{"isRevoked ok", "isRevoked", `{"kref":"ko5"}`, ""},
	// releaseKrefs (this kernel's own): an array of KRefs, nothing else.
	{"releaseKrefs ok", "releaseKrefs", `{"krefs":["ko5","kp12"]}`, ""},
	{"releaseKrefs empty", "releaseKrefs", `{"krefs":[]}`, ""},
	{"releaseKrefs absent", "releaseKrefs", "", "Invalid params: At path: krefs -- Expected an array value, but received: undefined"},
	{"releaseKrefs {}", "releaseKrefs", "{}", "Invalid params: At path: krefs -- Expected an array value, but received: undefined"},
	{"releaseKrefs a string", "releaseKrefs", `{"krefs":"ko5"}`, `Invalid params: At path: krefs -- Expected an array value, but received: "ko5"`},
	{"releaseKrefs malformed", "releaseKrefs", `{"krefs":["ko5","o+1"]}`, "Invalid params: At path: krefs.1 -- Expected a value of type `KRef`, but received: `\"o+1\"`"},
	{"releaseKrefs unknown param", "releaseKrefs", `{"krefs":["ko5"],"all":true}`, "Invalid params: At path: all -- Expected a value of type `never`, but received: `true`"},
	{"releaseKrefs kref", "releaseKrefs", `{"kref":"ko5"}`, "Invalid params: At path: krefs -- Expected an array value, but received: undefined"},

	// redeemOcapURL. §3.5 row 8.
	{"redeemOcapURL {}", "redeemOcapURL", "{}", "Invalid params: At path: url -- Expected a string, but received: undefined"},
	{"redeemOcapURL ok", "redeemOcapURL", `{"url":"ocap:x@y"}`, ""},
	{"redeemOcapURL bool", "redeemOcapURL", `{"url":false}`, "Invalid params: At path: url -- Expected a string, but received: false"},

	// queueMessage. §3.5 rows 10-12 and golden transcript.
	{"queueMessage object", "queueMessage", `{"target":"ko4"}`, "Invalid params: Expected an array, but received: [object Object]"},
	{"queueMessage 2-tuple", "queueMessage", `["ko4","m"]`, "Invalid params: At path: 2 -- Expected an array value, but received: undefined"},
	{"queueMessage 4-tuple", "queueMessage", `["ko4","m",[],1]`, "Invalid params: At path: 3 -- Expected a value of type `never`, but received: `1`"},
	{"queueMessage absent", "queueMessage", "", "Invalid params: At path: 0 -- Expected a value of type `KRef`, but received: `undefined`"},
	{"queueMessage bad kref", "queueMessage", `["xyz","m",[]]`, "Invalid params: At path: 0 -- Expected a value of type `KRef`, but received: `\"xyz\"`"},
	{"queueMessage method number", "queueMessage", `["ko4",1,[]]`, "Invalid params: At path: 1 -- Expected a string, but received: 1"},
	{"queueMessage args string", "queueMessage", `["ko4","m","golden"]`, `Invalid params: At path: 2 -- Expected an array value, but received: "golden"`},
	{"queueMessage args object", "queueMessage", `["ko4","m",{"a":1}]`, `Invalid params: At path: 2 -- Expected an array value, but received: [object Object]`},
	{"queueMessage infinite arg", "queueMessage", `["ko4","m",[1,[2e400]]]`, "Invalid params: At path: 2.1 -- Expected a value of type `JSON`, but received: `Infinity`"},
	{"queueMessage ok", "queueMessage", `["ko4","hello",["golden",1,true,null,{"a":[1]}]]`, ""},
	{"queueMessage ok promise", "queueMessage", `["kp1","hello",[]]`, ""},

	// launchSubcluster. §3.5 rows 13-15 and golden transcript.
	{"launch absent", "launchSubcluster", "", "Invalid params: At path: config -- Expected an object, but received: undefined"},
	{"launch {}", "launchSubcluster", "{}", "Invalid params: At path: config -- Expected an object, but received: undefined"},
	{"launch config string", "launchSubcluster", `{"config":"x"}`, `Invalid params: At path: config -- Expected an object, but received: "x"`},
	{"launch config {}", "launchSubcluster", `{"config":{}}`, "Invalid params: At path: config.bootstrap -- Expected a string, but received: undefined"},
	{"launch no vats", "launchSubcluster", `{"config":{"bootstrap":"a"}}`, "Invalid params: At path: config.vats -- Expected an object, but received: undefined"},
	{"launch forceReset string", "launchSubcluster", `{"config":{"bootstrap":"a","forceReset":"yes","vats":{}}}`, "Invalid params: At path: config.forceReset -- Expected a value of type `boolean`, but received: `\"yes\"`"},
	{"launch services not array", "launchSubcluster", `{"config":{"bootstrap":"a","services":"s","vats":{}}}`, `Invalid params: At path: config.services -- Expected an array value, but received: "s"`},
	{"launch services item", "launchSubcluster", `{"config":{"bootstrap":"a","services":["x",2],"vats":{}}}`, "Invalid params: At path: config.services.1 -- Expected a string, but received: 2"},
	{"launch empty vats", "launchSubcluster", `{"config":{"bootstrap":"main","vats":{}}}`, ""},
	{"launch vat extra key", "launchSubcluster", `{"config":{"bootstrap":"main","vats":{"main":{"bundleSpec":"b","foo":1}}}}`, "Invalid params: At path: config.vats.main -- Expected a value of type `VatConfig`, but received: `[object Object]`"},
	{"launch vat no spec", "launchSubcluster", `{"config":{"bootstrap":"main","vats":{"main":{"parameters":{"name":"x"}}}}}`, "Invalid params: At path: config.vats.main -- Expected a value of type `VatConfig`, but received: `[object Object]`"},
	{"launch vat two specs", "launchSubcluster", `{"config":{"bootstrap":"main","vats":{"main":{"bundleSpec":"b","bundleName":"x"}}}}`, "Invalid params: At path: config.vats.main -- Expected a value of type `VatConfig`, but received: `[object Object]`"},
	{"launch vat spec number", "launchSubcluster", `{"config":{"bootstrap":"main","vats":{"main":{"bundleSpec":5}}}}`, "Invalid params: At path: config.vats.main -- Expected a value of type `VatConfig`, but received: `[object Object]`"},
	{"launch vat string", "launchSubcluster", `{"config":{"bootstrap":"main","vats":{"main":"b"}}}`, "Invalid params: At path: config.vats.main -- Expected a value of type `VatConfig`, but received: `\"b\"`"},
	{"launch vat null", "launchSubcluster", `{"config":{"bootstrap":"main","vats":{"main":null}}}`, "Invalid params: At path: config.vats.main -- Expected a value of type `VatConfig`, but received: `null`"},
	{"launch vat array", "launchSubcluster", `{"config":{"bootstrap":"main","vats":{"main":[]}}}`, "Invalid params: At path: config.vats.main -- Expected a value of type `VatConfig`, but received: ``"},
	{"launch vats array ok", "launchSubcluster", `{"config":{"bootstrap":"0","vats":[{"bundleSpec":"b"}]}}`, ""},
	{"launch vats string", "launchSubcluster", `{"config":{"bootstrap":"main","vats":"x"}}`, `Invalid params: At path: config.vats -- Expected an object, but received: "x"`},
	{"launch vats: first bad vat in JS order", "launchSubcluster", `{"config":{"bootstrap":"b","vats":{"b":{"x":1},"2":{"y":1}}}}`, "Invalid params: At path: config.vats.2 -- Expected a value of type `VatConfig`, but received: `[object Object]`"},
	{"launch unknown config key", "launchSubcluster", `{"config":{"bootstrap":"a","vats":{"a":{"bundleSpec":"b"}},"bogus":1}}`, "Invalid params: At path: config.bogus -- Expected a value of type `never`, but received: `1`"},
	{"launch unknown config key after bad vats", "launchSubcluster", `{"config":{"bogus":1,"bootstrap":"a","vats":{"a":{}}}}`, "Invalid params: At path: config.vats.a -- Expected a value of type `VatConfig`, but received: `[object Object]`"},
	{"launch extra top key", "launchSubcluster", `{"config":{"bootstrap":"a","vats":{"a":{"bundleSpec":"b"}}},"extra":true}`, "Invalid params: At path: extra -- Expected a value of type `never`, but received: `true`"},
	{"launch bundles bad", "launchSubcluster", `{"config":{"bootstrap":"a","vats":{},"bundles":{"x":{}}}}`, "Invalid params: At path: config.bundles.x -- Expected a value of type `VatConfig`, but received: `[object Object]`"},
	{"launch full ok", "launchSubcluster", `{"config":{"bootstrap":"alice","forceReset":true,"services":["ocapURLIssuerService"],"vats":{"alice":{"bundleSpec":"file:///a.bundle","parameters":{"name":"Alice"},"creationOptions":{"x":1},"globals":["Date","fetch"],"network":{"allowedHosts":["h"]},"platformConfig":{"fs":{"rootDir":"/tmp","existsSync":true,"promises":{"readFile":true}}}},"bob":{"sourceSpec":"s"}},"bundles":{"c":{"bundleName":"n"}}}}`, ""},
	// Optional VatConfig keys are only checked when truthy.
	{"launch falsy optional keys", "launchSubcluster", `{"config":{"bootstrap":"a","vats":{"a":{"bundleSpec":"b","parameters":null,"creationOptions":0,"platformConfig":false,"globals":""}}}}`, ""},
	{"launch unknown global", "launchSubcluster", `{"config":{"bootstrap":"a","vats":{"a":{"bundleSpec":"b","globals":["process"]}}}}`, "Invalid params: At path: config.vats.a -- Expected a value of type `VatConfig`, but received: `[object Object]`"},
	{"launch platformConfig fetch (not a capability at HEAD)", "launchSubcluster", `{"config":{"bootstrap":"a","vats":{"a":{"bundleSpec":"b","platformConfig":{"fetch":{"allowedHosts":["h"]}}}}}}`, "Invalid params: At path: config.vats.a -- Expected a value of type `VatConfig`, but received: `[object Object]`"},
	{"launch network without allowedHosts", "launchSubcluster", `{"config":{"bootstrap":"a","vats":{"a":{"bundleSpec":"b","network":{}}}}}`, "Invalid params: At path: config.vats.a -- Expected a value of type `VatConfig`, but received: `[object Object]`"},
	{"launch bad globals", "launchSubcluster", `{"config":{"bootstrap":"a","vats":{"a":{"bundleSpec":"b","globals":[1]}}}}`, "Invalid params: At path: config.vats.a -- Expected a value of type `VatConfig`, but received: `[object Object]`"},
	{"launch infinite parameter", "launchSubcluster", `{"config":{"bootstrap":"a","vats":{"a":{"bundleSpec":"b","parameters":{"n":1e999}}}}}`, "Invalid params: At path: config.vats.a -- Expected a value of type `VatConfig`, but received: `[object Object]`"},
	{"launch bad platformConfig", "launchSubcluster", `{"config":{"bootstrap":"a","vats":{"a":{"bundleSpec":"b","platformConfig":{"net":{}}}}}}`, "Invalid params: At path: config.vats.a -- Expected a value of type `VatConfig`, but received: `[object Object]`"},
	{"launch platformConfig fs without rootDir", "launchSubcluster", `{"config":{"bootstrap":"a","vats":{"a":{"bundleSpec":"b","platformConfig":{"fs":{}}}}}}`, "Invalid params: At path: config.vats.a -- Expected a value of type `VatConfig`, but received: `[object Object]`"},
	{"launch io ok", "launchSubcluster", `{"config":{"bootstrap":"a","io":{"c":{"type":"console"},"l":{"type":"listen","hostport":"127.0.0.1:1","direction":"in","unit":"line"},"f":{"type":"file","path":"/x"}},"vats":{"a":{"bundleSpec":"b"}}}}`, ""},
	{"launch io bad type", "launchSubcluster", `{"config":{"bootstrap":"a","io":{"c":{"type":"pipe"}},"vats":{}}}`, "Invalid params: At path: config.io.c -- Expected the value to satisfy a union of `object | object | object | object | object`, but received: [object Object]"},
	{"launch io missing path", "launchSubcluster", `{"config":{"bootstrap":"a","io":{"f":{"type":"file"}},"vats":{}}}`, "Invalid params: At path: config.io.f -- Expected the value to satisfy a union of `object | object | object | object | object`, but received: [object Object]"},
	{"launch io bad direction", "launchSubcluster", `{"config":{"bootstrap":"a","io":{"c":{"type":"console","direction":"up"}},"vats":{}}}`, "Invalid params: At path: config.io.c -- Expected the value to satisfy a union of `object | object | object | object | object`, but received: [object Object]"},
	{"launch io not object", "launchSubcluster", `{"config":{"bootstrap":"a","io":[],"vats":{}}}`, ""},
	{"launch io string", "launchSubcluster", `{"config":{"bootstrap":"a","io":"c","vats":{}}}`, `Invalid params: At path: config.io -- Expected an object, but received: "c"`},
}

func TestValidateParams(t *testing.T) {
	seen := map[string]bool{}
	for _, tc := range validationCases {
		t.Run(tc.name, func(t *testing.T) {
			m, ok := LookupMethod(tc.method)
			if !ok {
				t.Fatalf("unknown method %q", tc.method)
			}
			seen[tc.method] = true
			var raw json.RawMessage
			if tc.params != "" {
				raw = json.RawMessage(tc.params)
			}
			got, err := m.Validate(raw)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Validate(%s) = %v, want valid", tc.params, err)
				}
				if got == nil {
					t.Fatal("Validate returned nil params")
				}
				return
			}
			var pe *ParamsError
			if !errors.As(err, &pe) {
				t.Fatalf("Validate(%s) error = %v (%T), want *ParamsError", tc.params, err, err)
			}
			if pe.Error() != tc.want {
				t.Errorf("Validate(%s)\n got %q\nwant %q", tc.params, pe.Error(), tc.want)
			}
			if got != nil {
				t.Errorf("Validate returned params %v with an error", got)
			}
			if e := ToError(err); e.Code != CodeInvalidParams || e.Message != tc.want {
				t.Errorf("ToError = %+v", e)
			}
		})
	}
	for _, m := range Methods() {
		if !seen[m.Name] {
			t.Errorf("no validation case for %s", m.Name)
		}
	}
}

func TestValidateNotJSON(t *testing.T) {
	for _, m := range Methods() {
		_, err := m.Validate(json.RawMessage(`{"id":`))
		var pe *ParamsError
		if !errors.As(err, &pe) {
			t.Errorf("%s: error = %v, want *ParamsError", m.Name, err)
		}
	}
}

func TestValidateDecodes(t *testing.T) {
	boolTrue := true
	tests := []struct {
		method string
		params string
		want   any
	}{
		{"getStatus", "", NoParams{}},
		{"pingVat", `{"id":"v1"}`, VatIDParams{ID: "v1"}},
		{"restartVat", `{"id":"x","id":"v7"}`, VatIDParams{ID: "v7"}},
		{"terminateSubcluster", `{"id":"s2"}`, SubclusterIDParams{ID: "s2"}},
		{"executeDBQuery", `{"sql":"SELECT <b> & 1"}`, SQLParams{SQL: "SELECT <b> & 1"}},
		{"issueOcapURL", `{"kref":"ko4"}`, KRefParams{KRef: "ko4"}},
		{"redeemOcapURL", `{"url":"ocap:a@b"}`, URLParams{URL: "ocap:a@b"}},
		{"releaseKrefs", `{"krefs":["ko4","kp1"]}`, KRefsParams{KRefs: []string{"ko4", "kp1"}}},
		{"releaseKrefs", `{"krefs":[]}`, KRefsParams{KRefs: []string{}}},
		{"queueMessage", `["ko4","hello",["x",1.5,true,null,[1],{"b":2,"a":"c"}]]`, QueueMessageParams{
			Target: "ko4", Method: "hello",
			Args: []any{"x", 1.5, true, nil, []any{1.0}, map[string]any{"a": "c", "b": 2.0}},
		}},
		{"queueMessage", `["kp1","m",[]]`, QueueMessageParams{Target: "kp1", Method: "m", Args: []any{}}},
		{"launchSubcluster", `{"config":{"bootstrap":"alice","forceReset":true,"services":["s"],` +
			`"io":{"out":{"type":"console","direction":"out"}},` +
			`"vats":{"zed":{"bundleSpec":"z","parameters":{"name":"Z","n":1.50}},"2":{"sourceSpec":"two","globals":["Date"]},"alice":{"bundleSpec":"a","globals":0}},` +
			`"bundles":{"b":{"bundleName":"n","creationOptions":{"k":[1]},"platformConfig":{"fs":{"rootDir":"/"}}}}}}`,
			LaunchSubclusterParams{Config: api.ClusterConfig{
				Bootstrap:  "alice",
				ForceReset: &boolTrue,
				Services:   []string{"s"},
				IO:         &api.NamedMap[api.IOConfig]{Entries: []api.Named[api.IOConfig]{{Name: "out", Value: api.IOConfig{Type: "console", Direction: "out"}}}},
				// JS property order: the index key "2" first.
				Vats: api.NamedMap[api.VatConfig]{Entries: []api.Named[api.VatConfig]{
					{Name: "2", Value: api.VatConfig{SourceSpec: "two", Globals: []string{"Date"}}},
					{Name: "zed", Value: api.VatConfig{BundleSpec: "z", Parameters: json.RawMessage(`{"name":"Z","n":1.5}`)}},
					{Name: "alice", Value: api.VatConfig{BundleSpec: "a"}},
				}},
				Bundles: &api.NamedMap[api.VatConfig]{Entries: []api.Named[api.VatConfig]{
					{Name: "b", Value: api.VatConfig{BundleName: "n", CreationOptions: json.RawMessage(`{"k":[1]}`), PlatformConfig: json.RawMessage(`{"fs":{"rootDir":"/"}}`)}},
				}},
			}},
		},
		{"launchSubcluster", `{"config":{"bootstrap":"0","vats":[{"bundleSpec":"b"}]}}`, LaunchSubclusterParams{Config: api.ClusterConfig{
			Bootstrap: "0",
			Vats:      api.NamedMap[api.VatConfig]{Entries: []api.Named[api.VatConfig]{{Name: "0", Value: api.VatConfig{BundleSpec: "b"}}}},
		}}},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.params, func(t *testing.T) {
			m, _ := LookupMethod(tc.method)
			var raw json.RawMessage
			if tc.params != "" {
				raw = json.RawMessage(tc.params)
			}
			got, err := m.Validate(raw)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Validate\n got %#v\nwant %#v", got, tc.want)
			}
		})
	}
}

func TestDecodeClusterConfig(t *testing.T) {
	tests := []struct {
		name, config, want string
	}{
		{"ok", `{"bootstrap":"a","services":["repl"],"io":{"repl":{"type":"socket","path":"/p"}},"vats":{"b":{"bundleSpec":"x"},"a":{"bundleSpec":"y"}}}`, ""},
		{"unknown member", `{"bootstrap":"a","vats":{},"servces":[]}`, "invalid cluster config: At path: servces -- Expected a value of type `never`, but received: ``"},
		{"bad io", `{"bootstrap":"a","vats":{},"io":{"r":{"type":"pipe"}}}`, "invalid cluster config: At path: io.r -- "},
		{"not JSON", `{`, "invalid cluster config: not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := DecodeClusterConfig([]byte(tt.config))
			if tt.want == "" {
				if err != nil || cfg.Bootstrap != "a" || strings.Join(cfg.Vats.Names(), ",") != "b,a" || cfg.IO == nil || strings.Join(cfg.Services, ",") != "repl" {
					t.Fatalf("DecodeClusterConfig = %+v, %v", cfg, err)
				}
				return
			}
			var ce *ClusterConfigError
			if !errors.As(err, &ce) || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("error = %v, want one starting %q", err, tt.want)
			}
		})
	}
}
