package smallcaps

import (
	"errors"
	"math"
	"reflect"
	"sort"
	"testing"
	"time"
)

// goldenEncodeValues gives the Go value for every "encode" entry of
// smallcaps.json, keyed by entry name. R(iface, slot) is far(), P(slot) is
// prom(); JavaScript object identity is Go pointer identity.
func goldenEncodeValues() map[string]any {
	alice := far("Alice", "ko4")
	bob := far("Bob", "ko5")
	kp1 := prom("kp1")
	alice2 := far("Alice", "ko4")
	kp2 := prom("kp2")
	return map[string]any{
		"null":                   nil,
		"true":                   true,
		"false":                  false,
		"zero":                   0.0,
		"negative zero":          math.Copysign(0, -1),
		"one":                    1,
		"minus one":              -1,
		"int 42":                 int64(42),
		"MAX_SAFE_INTEGER":       float64(1<<53 - 1),
		"2**53":                  float64(1 << 53),
		"2**64 (float)":          math.Pow(2, 64),
		"1e20":                   1e20,
		"1e21":                   1e21,
		"-1e21":                  -1e21,
		"1.5":                    1.5,
		"-1.5":                   -1.5,
		"0.1":                    0.1,
		"0.1+0.2":                sum(0.1, 0.2),
		"1e-6":                   1e-6,
		"1e-7":                   1e-7,
		"123e-20":                123e-20,
		"5e-324 (min subnormal)": 5e-324,
		"MAX_VALUE":              math.MaxFloat64,
		"PI":                     math.Pi,
		"1/3":                    1.0 / 3,
		"NaN":                    math.NaN(),
		"Infinity":               math.Inf(1),
		"-Infinity":              math.Inf(-1),
		"bigint 0n":              bigInt("0"),
		"bigint 1n":              bigInt("1"),
		"bigint -1n":             bigInt("-1"),
		"bigint 2n**64n":         bigInt("18446744073709551616"),
		"bigint -(2n**100n)":     bigInt("-1267650600228229401496703205376"),
		"bigint 2**53+1":         bigInt("9007199254740993"),
		"undefined":              Undefined,
		"empty string":           "",
		"plain string":           "hello",
		"string with space":      "hello world",
		`string "!" prefix`:      "!bang",
		`string lone "!"`:        "!",
		`string '"' prefix`:      `"quoted`,
		`string "#" prefix`:      "#hash",
		`string "#undefined" (a string, not undefined)`: "#undefined",
		`string "$" prefix (looks like a slot)`:         "$0.Alleged: Foo",
		`string "%" prefix (looks like a symbol)`:       "%foo",
		`string "&" prefix (looks like a promise)`:      "&0",
		`string "'" prefix`:                             "'apos",
		`string "(" prefix`:                             "(paren",
		`string ")" prefix`:                             ")paren",
		`string "*" prefix`:                             "*star",
		`string "+" prefix (looks like a bigint)`:       "+1",
		`string "," prefix`:                             ",comma",
		`string "-" prefix (looks like a bigint)`:       "-1",
		`string "." prefix (not special)`:               ".dot",
		`string " " prefix (not special)`:               " !",
		`string "/" prefix (not special)`:               "/slash",
		"string with special char not at start":         "a!b#c$",
		`string "!!"`:                                   "!!",
		"unicode latin":                                 "h\u00e9llo w\u00f6rld",
		"unicode CJK":                                   "\u65e5\u672c\u8a9e",
		"unicode emoji (astral)":                        "\U0001F600",
		"NFD combining sequence":                        "e\u0301",
		"U+2028 and U+2029":                             "a\u2028b\u2029c",
		"lone high surrogate":                           "\xed\xa0\x80",
		"lone low surrogate":                            "\xed\xb0\x80",
		"high surrogate between ASCII":                  "a\xed\xa0\xbdz",
		"C0 control chars":                              "\x00\x01\x1f\x7f",
		"short escapes":                                 "\b\f\n\r\t",
		"quote backslash slash":                         `"\/`,
		"HTML-sensitive chars":                          "<script>&amp;</script>",
		"U+FEFF and U+FFFF":                             "\uFEFF\uFFFF",
		"registered symbol":                             RegisteredSymbol("foo"),
		"registered symbol empty name":                  RegisteredSymbol(""),
		"well-known symbol asyncIterator":               SymbolAsyncIterator,
		`registered symbol named "@@x"`:                 RegisteredSymbol("@@x"),
		"empty array":                                   []any{},
		"mixed array":                                   []any{1, "two", nil, Undefined, true, math.Copysign(0, -1), math.NaN(), bigInt("3")},
		"nested arrays":                                 []any{[]any{[]any{}}, []any{1, []any{2, []any{3}}}},
		"array of special strings":                      []string{"!", "#", "$", "%", "&", "+", "-", "x"},
		"methargs shape":                                []any{"hello", []any{"bench"}},
		"empty record":                                  map[string]any{},
		"simple record":                                 map[string]any{"a": 1, "b": "x"},
		"record keys reverse order":                     map[string]any{"b": 1, "a": 2},
		"nested records (sorted at each level)":         map[string]any{"z": 1, "y": map[string]any{"b": 2, "a": 1}, "x": []any{map[string]any{"d": 4, "c": 3}}},
		"record with undefined value":                   map[string]any{"a": Undefined, "b": nil},
		"record with integer-like keys":                 map[string]any{"b": 1, "a": 2, "10": "ten", "2": "two", "1": "one"},
		"record with edge integer-like keys":            map[string]any{"01": 1, "1": 2, "-1": 3, "1.5": 4, "4294967294": 5, "4294967295": 6, "9007199254740993": 7, "0": 8},
		"record keys needing ! escape":                  map[string]any{"!a": 1, "#b": 2, "$c": 3, "%d": 4, "&e": 5, "+f": 6, "-g": 7, "": 8, " h": 9, ".i": 10},
		"record that looks like a tagged":               map[string]any{"#tag": "x", "payload": 1},
		"record that looks like an error":               map[string]any{"#error": "x", "name": "Error"},
		"record with unicode keys (UTF-16 sort)":        map[string]any{"\u00e9": 1, "e": 2, "z": 3, "Z": 4, "\U0001F600": 5, "\uFFFF": 6, "\uFF61": 7},
		"record with special-string values":             map[string]any{"k": "$0", "l": "#undefined"},
		"Error":                                         &Error{Name: "Error", Message: "boom"},
		"TypeError":                                     &Error{Name: "TypeError", Message: "bad type"},
		"RangeError":                                    &Error{Name: "RangeError", Message: "out of range"},
		"ReferenceError":                                &Error{Name: "ReferenceError", Message: "x is not defined"},
		"SyntaxError":                                   &Error{Name: "SyntaxError", Message: "bad syntax"},
		"EvalError":                                     &Error{Name: "EvalError", Message: "eval"},
		"URIError":                                      &Error{Name: "URIError", Message: "uri"},
		"Error with empty message":                      &Error{Name: "Error", Message: ""},
		"Error message starting with special char":      &Error{Name: "Error", Message: "!special $0"},
		"Error with cause (cause not encoded)":          &Error{Name: "Error", Message: "outer"},
		"AggregateError (errors not encoded)":           &Error{Name: "AggregateError", Message: "agg"},
		"two errors in one value (errorId counter)":     []any{&Error{Name: "Error", Message: "a"}, &Error{Name: "TypeError", Message: "b"}},
		"error nested in record":                        map[string]any{"err": &Error{Name: "Error", Message: "inner"}, "ok": 1},
		"subclass of Error (name from prototype chain)": Error{Name: "Error", Message: "custom"},
		"Error with own name property":                  &Error{Name: "MyError", Message: "named"},
		"tagged copySet":                                Tagged{Tag: "copySet", Payload: []any{"a", "b"}},
		"tagged with record payload":                    &Tagged{Tag: "foo", Payload: map[string]any{"b": 1, "a": Undefined}},
		"tagged with special tag":                       Tagged{Tag: "!weird", Payload: bigInt("1")},
		"tagged nested":                                 Tagged{Tag: "outer", Payload: Tagged{Tag: "inner", Payload: []any{nil}}},
		"tagged copyMap shape":                          Tagged{Tag: "copyMap", Payload: map[string]any{"keys": []any{"k"}, "values": []any{1}}},
		"remotable":                                     far("Alice", "o+1"),
		"remotable with methods":                        far("Counter", "o+2"),
		"remotable iface with quotes/unicode":           far("we\"ird \u00e9", "o+3"),
		"remotable default name (Far with no methods)":  far("Remotable", "o+4"),
		"promise":                         prom("p+5"),
		"repeated remotable (slot reuse)": []any{alice, alice, bob, alice, bob},
		"repeated promise":                []any{kp1, kp1, map[string]any{"p": kp1}},
		"two distinct remotables mapping to the same slot string":        []any{far("Alice", "ko4"), far("Alice", "ko4")},
		"remotables in record (slot numbering follows sorted key order)": map[string]any{"b": far("Bob", "ko5"), "a": far("Alice", "ko4")},
		"remotable inside arrays and records":                            map[string]any{"x": alice2, "y": kp2, "z": []any{alice2, far("Carol", "ko6"), map[string]any{"deep": []any{kp2}}}},
		"bootstrap methargs shape": []any{"bootstrap", []any{
			map[string]any{"alice": far("vatRoot", "ko4"), "bob": far("vatRoot", "ko5"), "carol": far("vatRoot", "ko6")},
			map[string]any{"ocapURLIssuerService": far("undefined", "ko1")},
		}},
		"remotable in tagged payload": Tagged{Tag: "copySet", Payload: []any{far("Alice", "ko4")}},
		// Go analogues of values that are not passable in JavaScript.
		"NOT PASSABLE: unhardened-looking plain object with method": struct{ F func() }{},
		"NOT PASSABLE: function":                                    func() int { return 1 },
		"NOT PASSABLE: sparse array":                                map[int]any{1: 1},
		"NOT PASSABLE: Map":                                         map[any]any{},
		"NOT PASSABLE: unregistered symbol":                         Symbol{Name: "@@local"},
		"NOT PASSABLE: record with symbol key":                      map[Symbol]any{RegisteredSymbol("s"): 1},
		"NOT PASSABLE: Date":                                        time.Unix(0, 0),
		"NOT PASSABLE: Uint8Array":                                  []byte{0, 0},
	}
}

// sum adds at run time (constants would fold 0.1+0.2 exactly to 0.3).
func sum(a, b float64) float64 { return a + b }

// goldenKserValues gives the Go value for every "kser" entry (except those
// handled specially in TestGolden), built with KSlot like upstream kslot().
func goldenKserValues(t *testing.T) map[string]any {
	ks := func(kref, iface string) *Ref {
		r, err := KSlot(kref, iface)
		if err != nil {
			t.Fatalf("KSlot(%q, %q): %v", kref, iface, err)
		}
		return r
	}
	a := ks("ko4", "Alice")
	return map[string]any{
		"kser: kslot object with iface":                              ks("ko4", "Alice"),
		"kser: kslot object default iface":                           ks("ko4", ""),
		`kser: kslot iface given with "Alleged: " prefix (stripped)`: ks("ko4", "Alleged: vatRoot"),
		"kser: kslot promise":                                        ks("kp1", ""),
		"kser: kslot promise with iface (ignored)":                   ks("kp1", "Foo"),
		"kser: same standin twice (slot reuse)":                      []any{a, a},
		"kser: two standins for the same kref (NO reuse)":            []any{ks("ko4", "Alice"), ks("ko4", "Alice")},
		"kser: bootstrap message as the kernel builds it": []any{"bootstrap", []any{
			map[string]any{"alice": ks("ko4", "vatRoot"), "bob": ks("ko5", "vatRoot"), "carol": ks("ko6", "vatRoot")},
			map[string]any{},
		}},
		"kser: bootstrap message with a service": []any{"bootstrap", []any{
			map[string]any{"main": ks("ko4", "vatRoot")},
			map[string]any{"ocapURLIssuerService": ks("ko1", "")},
		}},
		"kser: queueMessage methargs":                           []any{"hello", []any{"bench"}},
		"kser: queueMessage methargs with special-prefixed arg": []any{"hello", []any{"$5", "#x", "-1", "+2"}},
		`kser: splat value "no endpoint"`:                       "no endpoint",
		"kser: Error (no errorId)":                              &Error{Name: "Error", Message: "boom"},
		"kser: TypeError":                                       &Error{Name: "TypeError", Message: "bad"},
		"kser: Error nested":                                    []any{&Error{Name: "Error", Message: "a"}, map[string]any{"e": &Error{Name: "RangeError", Message: "b"}}},
		"kser: remote-comms error text":                         &Error{Name: "Error", Message: "Vat was deleted."},
		"kser: Far object (no getKref)":                         far("Alice", "ko4"),
		"kser: bare promise (no tag)":                           prom("kp1"),
	}
}

// goldenKernelErrors maps the makeKernelError/makeFatalKernelError entries
// to Go calls.
var goldenKernelErrors = map[string]func() CapData{
	`makeKernelError("OBJECT_REVOKED", "detail text")`:       func() CapData { return MakeKernelError("OBJECT_REVOKED", "detail text") },
	`makeKernelError("OBJECT_DELETED", "detail text")`:       func() CapData { return MakeKernelError("OBJECT_DELETED", "detail text") },
	`makeKernelError("VAT_TERMINATED", "detail text")`:       func() CapData { return MakeKernelError("VAT_TERMINATED", "detail text") },
	`makeFatalKernelError("ILLEGAL_SYSCALL", "detail text")`: func() CapData { return MakeFatalKernelError("ILLEGAL_SYSCALL", "detail text") },
}

// goldenDecodeDeviations lists decode entries where this package
// deliberately differs from JavaScript, with the reason.
var goldenDecodeDeviations = map[string]string{
	"decode: slot index out of range": "JS decodes a remotable for an undefined slot (and re-encodes slot null); CapData.Slots is []string, so Decode rejects the index",
}

// goldenEncodeOptions maps the encode-options entries to the Go sequence.
var goldenEncodeOptions = map[string]func(t *testing.T) []CapData{
	"liveslots-style marshal options {marshalName:'liveSlots:v1', errorIdNum:70000}: two errors serialized in sequence by the same marshal": func(t *testing.T) []CapData {
		enc := NewTaggingEncoder("liveSlots:v1", 70000)
		return []CapData{mustEncode(t, enc, &Error{Name: "TypeError", Message: "first"}), mustEncode(t, enc, &Error{Name: "Error", Message: "second"})}
	},
	"default marshal: errorId counter persists across toCapData calls on the same marshal instance": func(t *testing.T) []CapData {
		enc := NewEncoder(ErrorIDsAssign)
		return []CapData{mustEncode(t, enc, &Error{Name: "Error", Message: "x"}), mustEncode(t, enc, &Error{Name: "Error", Message: "y"})}
	},
	// This package only writes smallcaps; the legacy capdata output is
	// checked by decoding it back to the value it was made from.
	"default serializeBodyFormat is 'capdata' (legacy), shown for contrast": nil,
}

func mustEncode(t *testing.T, enc *Encoder, v any) CapData {
	t.Helper()
	cd, err := enc.Encode(v)
	if err != nil {
		t.Fatalf("Encode(%#v): %v", v, err)
	}
	return cd
}

func goldenCapData(t *testing.T, m map[string]any) CapData {
	t.Helper()
	body, ok := m["body"].(string)
	if !ok {
		t.Fatalf("golden capdata without body: %v", m)
	}
	cd := CapData{Body: body, Slots: []string{}}
	for _, s := range m["slots"].([]any) {
		str, ok := s.(string)
		if !ok {
			t.Fatalf("golden slot %v is not a string", s)
		}
		cd.Slots = append(cd.Slots, str)
	}
	return cd
}

func assertCapData(t *testing.T, what string, got CapData, want CapData) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s:\n got body %q slots %q\nwant body %q slots %q", what, got.Body, got.Slots, want.Body, want.Slots)
	}
}

// assertJSError checks err against a golden {name, message} record.
func assertJSError(t *testing.T, what string, err error, want map[string]any) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error, want %v", what, want)
		return
	}
	var ce *CodecError
	if !errors.As(err, &ce) {
		t.Errorf("%s: error %T %v is not a *CodecError", what, err, err)
		return
	}
	if ce.Name != want["name"] || ce.Message != want["message"] {
		t.Errorf("%s:\n got %s: %s\nwant %s: %s", what, ce.Name, ce.Message, want["name"], want["message"])
	}
}

func TestGolden(t *testing.T) {
	text, ok := readGolden(t)
	if !ok {
		t.Skip("golden file missing and OCAP_GOLDEN_OPTIONAL=1")
	}
	entries := parseNative(t, text).([]any)
	if len(entries) != 197 {
		t.Errorf("golden file has %d entries, want 197", len(entries))
	}
	encodeValues := goldenEncodeValues()
	kserValues := goldenKserValues(t)
	used := map[string]bool{}
	counts := map[string]int{}
	for _, raw := range entries {
		e := raw.(map[string]any)
		name := e["name"].(string)
		dir, _ := e["direction"].(string)
		if dir == "" {
			dir = "encode"
		}
		counts[dir]++
		if used[name] {
			t.Errorf("duplicate golden name %q", name)
		}
		used[name] = true
		t.Run(dir+"/"+name, func(t *testing.T) {
			switch dir {
			case "encode":
				v, ok := encodeValues[name]
				if !ok {
					t.Fatalf("no Go value for golden encode case %q", name)
				}
				checkGoldenEncode(t, e, v)
			case "decode":
				checkGoldenDecode(t, e)
			case "kser":
				checkGoldenKser(t, e, kserValues)
			case "encode-options":
				checkGoldenEncodeOptions(t, e)
			default:
				t.Fatalf("unknown direction %q", dir)
			}
		})
	}
	want := map[string]int{"encode": 132, "decode": 39, "kser": 23, "encode-options": 3}
	if !reflect.DeepEqual(counts, want) {
		t.Errorf("entry counts %v, want %v", counts, want)
	}
	// Every Go-side table entry must correspond to a golden entry, so a
	// renamed case cannot silently drop out.
	var stale []string
	for _, table := range []map[string]any{encodeValues, kserValues} {
		for name := range table {
			if !used[name] {
				stale = append(stale, name)
			}
		}
	}
	for name := range goldenKernelErrors {
		if !used[name] {
			stale = append(stale, name)
		}
	}
	for name := range goldenEncodeOptions {
		if !used[name] {
			stale = append(stale, name)
		}
	}
	for name := range goldenDecodeDeviations {
		if !used[name] {
			stale = append(stale, name)
		}
	}
	sort.Strings(stale)
	for _, name := range stale {
		t.Errorf("Go table entry %q matches no golden entry", name)
	}
}

func checkGoldenEncode(t *testing.T, e map[string]any, v any) {
	enc := NewEncoder(ErrorIDsAssign) // a fresh default marshal per case
	cd, err := enc.Encode(v)
	if _, bad := e["serialize_error"]; bad {
		if err == nil {
			t.Fatalf("Encode succeeded (%q), want an error", cd.Body)
		}
		if !errors.Is(err, ErrNotPassable) {
			t.Errorf("Encode error %v does not wrap ErrNotPassable", err)
		}
		if _, kerr := KSer(v); !errors.Is(kerr, ErrNotPassable) {
			t.Errorf("KSer error %v does not wrap ErrNotPassable", kerr)
		}
		return
	}
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	want := goldenCapData(t, e)
	assertCapData(t, "Encode", cd, want)

	// Decode through the harness converter and re-encode with a fresh marshal.
	dv, err := DecodeWith(want, harnessConvert)
	if err != nil {
		t.Fatalf("DecodeWith: %v", err)
	}
	if got := describe(dv); !reflect.DeepEqual(got, e["decoded"]) {
		t.Errorf("decoded %v, want %v", got, e["decoded"])
	}
	re, err := NewEncoder(ErrorIDsAssign).Encode(dv)
	if err != nil {
		t.Fatalf("re-encode: %v", err)
	}
	if e["roundtrip"] == true {
		assertCapData(t, "round trip", re, want)
	} else {
		assertCapData(t, "re-encoded", re, goldenCapData(t, e["reencoded"].(map[string]any)))
	}

	// Package-level Decode/Encode (ErrorIDsKeep) round-trips exactly.
	pv, err := Decode(want)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if pcd, err := Encode(pv); err != nil {
		t.Errorf("Encode(Decode): %v", err)
	} else if e["roundtrip"] == true {
		assertCapData(t, "Encode(Decode)", pcd, want)
	}

	checkGoldenKserOf(t, e["kser"].(map[string]any), v)
}

// checkGoldenKserOf checks KSer of v against a golden "kser" record.
func checkGoldenKserOf(t *testing.T, k map[string]any, v any) {
	t.Helper()
	kcd, err := KSer(v)
	if kerr, bad := k["error"]; bad {
		assertJSError(t, "KSer", err, kerr.(map[string]any))
		return
	}
	if err != nil {
		t.Fatalf("KSer: %v", err)
	}
	want := goldenCapData(t, k)
	assertCapData(t, "KSer", kcd, want)
	kv, err := KUnser(want)
	if err != nil {
		t.Fatalf("KUnser: %v", err)
	}
	re, err := KSer(kv)
	if err != nil {
		t.Fatalf("KSer(KUnser): %v", err)
	}
	switch k["kunser_roundtrip"] {
	case true:
		assertCapData(t, "KSer(KUnser)", re, want)
	case false:
		assertCapData(t, "KSer(KUnser)", re, goldenCapData(t, k["kunser_reencoded"].(map[string]any)))
	}
}

func checkGoldenDecode(t *testing.T, e map[string]any) {
	name := e["name"].(string)
	cd := goldenCapData(t, e)
	v, err := DecodeWith(cd, harnessConvert)
	switch {
	case goldenDecodeDeviations[name] != "":
		if err == nil {
			t.Errorf("DecodeWith succeeded; documented deviation expects an error (%s)", goldenDecodeDeviations[name])
		}
	case e["unserialize_error"] != nil:
		assertJSError(t, "DecodeWith", err, e["unserialize_error"].(map[string]any))
	default:
		if err != nil {
			t.Fatalf("DecodeWith: %v", err)
		}
		if got := describe(v); !reflect.DeepEqual(got, e["decoded"]) {
			t.Errorf("decoded %v, want %v", got, e["decoded"])
		}
		re, err := NewEncoder(ErrorIDsAssign).Encode(v)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		assertCapData(t, "re-encoded", re, goldenCapData(t, e["reencoded"].(map[string]any)))
		if (e["roundtrip"] == true) != re.Equal(cd) {
			t.Errorf("roundtrip = %v, golden says %v", re.Equal(cd), e["roundtrip"])
		}
	}

	// The kernel's kunser of the same body.
	ku := e["kunser"].(map[string]any)
	kv, err := KUnser(cd)
	if kerr, bad := ku["error"]; bad {
		assertJSError(t, "KUnser", err, kerr.(map[string]any))
		return
	}
	if err != nil {
		t.Fatalf("KUnser: %v", err)
	}
	if got := describe(kv); !reflect.DeepEqual(got, ku["decoded"]) {
		t.Errorf("KUnser decoded %v, want %v", got, ku["decoded"])
	}
	re, err := KSer(kv)
	if err != nil {
		t.Fatalf("KSer(KUnser): %v", err)
	}
	assertCapData(t, "KSer(KUnser)", re, goldenCapData(t, ku["kser_of_result"].(map[string]any)))
}

func checkGoldenKser(t *testing.T, e map[string]any, values map[string]any) {
	name := e["name"].(string)
	if evalErr, ok := e["eval_error"]; ok {
		// kslot('o+1')
		if name != "kser: kslot with invalid kref" {
			t.Fatalf("unexpected eval_error case %q", name)
		}
		_, err := KSlot("o+1", "")
		assertJSError(t, "KSlot", err, evalErr.(map[string]any))
		return
	}
	if mk, ok := goldenKernelErrors[name]; ok {
		assertCapData(t, name, mk(), goldenCapData(t, e["kser"].(map[string]any)))
		return
	}
	v, ok := values[name]
	if !ok {
		t.Fatalf("no Go value for golden kser case %q", name)
	}
	k := e["kser"].(map[string]any)
	checkGoldenKserOf(t, k, v)
	if refs, ok := e["kunser_refs"].([]any); ok {
		kv, err := KUnser(goldenCapData(t, k))
		if err != nil {
			t.Fatalf("KUnser: %v", err)
		}
		var got []any
		walkRefs(kv, func(r *Ref) {
			kref, ok := KrefOf(r)
			if !ok {
				t.Errorf("KrefOf(%+v) failed on a KUnser result", r)
			}
			d := map[string]any{"passStyle": "remotable", "kref": kref}
			if r.Promise {
				d["passStyle"] = "promise"
			} else {
				d["iface"] = r.Iface[len("Alleged: "):]
			}
			got = append(got, d)
		})
		if !reflect.DeepEqual(got, refs) {
			t.Errorf("kunser refs %v, want %v", got, refs)
		}
	}
	// The helpers that build the same shapes.
	switch name {
	case "kser: queueMessage methargs":
		cd, err := MethArgs("hello", []any{"bench"})
		if err != nil {
			t.Fatal(err)
		}
		assertCapData(t, "MethArgs", cd, goldenCapData(t, k))
		method, args, err := DecodeMethArgs(cd)
		if err != nil || method != "hello" || !equalValues(args, []any{"bench"}) {
			t.Errorf("DecodeMethArgs = %q, %v, %v", method, args, err)
		}
	case "kser: Error (no errorId)":
		assertCapData(t, "MakeError", MakeError("boom"), goldenCapData(t, k))
	}
}

// walkRefs visits refs in encoding order (arrays in order, records by
// sorted key, tagged payloads).
func walkRefs(v any, fn func(*Ref)) {
	switch x := v.(type) {
	case *Ref:
		fn(x)
	case []any:
		for _, e := range x {
			walkRefs(e, fn)
		}
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return compareRecordKeys(keys[i], keys[j]) < 0 })
		for _, k := range keys {
			walkRefs(x[k], fn)
		}
	case Tagged:
		walkRefs(x.Payload, fn)
	}
}

func checkGoldenEncodeOptions(t *testing.T, e map[string]any) {
	name := e["name"].(string)
	run, ok := goldenEncodeOptions[name]
	if !ok {
		t.Fatalf("no Go counterpart for golden encode-options case %q", name)
	}
	outputs := e["outputs"].([]any)
	if run == nil {
		// Legacy capdata [1, 'x', undefined, 1n].
		cd := goldenCapData(t, outputs[0].(map[string]any))
		v, err := Decode(cd)
		if err != nil {
			t.Fatalf("Decode legacy: %v", err)
		}
		if want := []any{1.0, "x", Undefined, bigInt("1")}; !equalValues(v, want) {
			t.Errorf("legacy decoded %#v, want %#v", v, want)
		}
		re, err := Encode(v)
		if err != nil {
			t.Fatal(err)
		}
		assertCapData(t, "smallcaps of legacy", re, CapData{Body: `#[1,"x","#undefined","+1"]`, Slots: []string{}})
		return
	}
	got := run(t)
	if len(got) != len(outputs) {
		t.Fatalf("%d outputs, golden has %d", len(got), len(outputs))
	}
	for i, o := range outputs {
		assertCapData(t, "output", got[i], goldenCapData(t, o.(map[string]any)))
	}
}
