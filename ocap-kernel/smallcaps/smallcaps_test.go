package smallcaps

import (
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"strings"
	"sync"
	"testing"
)

// TestSpecEncodings covers every smallcaps encoding (see doc.go) and the
// bodies the kernel typically carries, in both directions.
func TestSpecEncodings(t *testing.T) {
	alice := &Ref{Slot: "ko6", Iface: "Alleged: SharedObject"}
	p := &Ref{Slot: "kp3", Promise: true}
	tests := []struct {
		name  string
		value any
		body  string
		slots []string
	}{
		{"null", nil, `#null`, nil},
		{"string", "hello", `#"hello"`, nil},
		{"number", 1.0, `#1`, nil},
		{"undefined", Undefined, `#"#undefined"`, nil},
		{"string $5 escaped", "$5", `#"!$5"`, nil},
		{"string ! escaped", "!x", `#"!!x"`, nil},
		{"string # escaped", "#undefined", `#"!#undefined"`, nil},
		{"string - escaped", "-1", `#"!-1"`, nil},
		{"string . not escaped", ".x", `#".x"`, nil},
		{"NaN", math.NaN(), `#"#NaN"`, nil},
		{"Infinity", math.Inf(1), `#"#Infinity"`, nil},
		{"-Infinity", math.Inf(-1), `#"#-Infinity"`, nil},
		{"bigint +0", bigInt("0"), `#"+0"`, nil},
		{"bigint positive", bigInt("123"), `#"+123"`, nil},
		{"bigint negative", bigInt("-123"), `#"-123"`, nil},
		{"symbol", RegisteredSymbol("foo"), `#"%foo"`, nil},
		{"error", &Error{Name: "Error", Message: "Vat was deleted."}, `#{"#error":"Vat was deleted.","name":"Error"}`, nil},
		{"error with id", &Error{Name: "TypeError", Message: "m", ErrorID: "error:liveSlots:v1#70001"}, `#{"#error":"m","errorId":"error:liveSlots:v1#70001","name":"TypeError"}`, nil},
		{"error message escaped", &Error{Name: "Error", Message: "$x"}, `#{"#error":"!$x","name":"Error"}`, nil},
		{"tagged", Tagged{Tag: "copySet", Payload: []any{"a"}}, `#{"#tag":"copySet","payload":["a"]}`, nil},
		{"tagged escaped tag", Tagged{Tag: "#x", Payload: nil}, `#{"#tag":"!#x","payload":null}`, nil},
		{"remotable", alice, `#"$0.Alleged: SharedObject"`, []string{"ko6"}},
		{"remotable repeated", []any{alice, alice}, `#["$0.Alleged: SharedObject","$0"]`, []string{"ko6"}},
		{"remotable without iface", &Ref{Slot: "o+1"}, `#"$0"`, []string{"o+1"}},
		{"promise", p, `#"&0"`, []string{"kp3"}},
		{"promise repeated", []any{p, p}, `#["&0","&0"]`, []string{"kp3"}},
		{"methargs", []any{"bootstrap", []any{map[string]any{"a": alice}, map[string]any{}}}, `#["bootstrap",[{"a":"$0.Alleged: SharedObject"},{}]]`, []string{"ko6"}},
		{"record integer keys", map[string]any{"b": 1, "a": 2, "10": 3, "2": 4, "1": 5}, `#{"1":5,"2":4,"10":3,"a":2,"b":1}`, nil},
		{"record escaped keys", map[string]any{"$": 1, "a": 2}, `#{"!$":1,"a":2}`, nil},
		{"json escaping", "\"\\\n\x01\u2028<>&/\x7f", "#\"!\\\"\\\\\\n\\u0001\u2028<>&/\x7f\"", nil},
		{"lone surrogate", "x\xed\xa0\x80", `#"x\ud800"`, nil},
		{"surrogate pair halves join", "\xed\xa0\xbd\xed\xb8\x80", "#\"\U0001F600\"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cd, err := Encode(tt.value)
			if err != nil {
				t.Fatalf("Encode: %v", err)
			}
			wantSlots := tt.slots
			if wantSlots == nil {
				wantSlots = []string{}
			}
			assertCapData(t, "Encode", cd, CapData{Body: tt.body, Slots: wantSlots})
			v, err := Decode(cd)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			want := tt.value
			if s, ok := want.(string); ok {
				want = normalizeWTF8(s)
			}
			if !equalValues(v, want) {
				t.Errorf("Decode = %#v, want %#v", v, want)
			}
		})
	}
}

func TestEncodeGoNumbers(t *testing.T) {
	tests := []struct {
		value any
		body  string
	}{
		{int(7), "#7"},
		{int8(-8), "#-8"},
		{int16(300), "#300"},
		{int32(-70000), "#-70000"},
		{int64(1 << 53), "#9007199254740992"},
		{int64(1<<53 + 1), "#9007199254740992"}, // JS numbers round like float64
		{uint(9), "#9"},
		{uint8(255), "#255"},
		{uint16(65535), "#65535"},
		{uint32(1 << 31), "#2147483648"},
		{uint64(math.MaxUint64), "#18446744073709552000"},
		{uintptr(1), "#1"},
		{float32(0.5), "#0.5"},
		{math.Copysign(0, -1), "#0"},
	}
	for _, tt := range tests {
		cd, err := Encode(tt.value)
		if err != nil || cd.Body != tt.body {
			t.Errorf("Encode(%T %v) = %q, %v; want %q", tt.value, tt.value, cd.Body, err, tt.body)
		}
	}
}

func TestRecordKeyOrder(t *testing.T) {
	tests := []struct {
		name string
		keys []string
		want string
	}{
		{"array indices numeric first", []string{"b", "10", "2", "a", "1", "0"}, `#{"0":0,"1":0,"2":0,"10":0,"a":0,"b":0}`},
		{"non-canonical indices sort as strings", []string{"01", "1", "-1", "1.5", "4294967294", "4294967295"}, `#{"1":0,"4294967294":0,"!-1":0,"01":0,"1.5":0,"4294967295":0}`},
		{"utf16 not utf8 order", []string{"\uFF61", "\U0001F600", "\uFFFF", "z"}, "#{\"z\":0,\"\U0001F600\":0,\"\uFF61\":0,\"\uFFFF\":0}"},
		{"escaping after sorting", []string{".i", "!a", " h", ""}, `#{"":0," h":0,"!!a":0,".i":0}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := map[string]any{}
			for _, k := range tt.keys {
				m[k] = 0
			}
			cd, err := Encode(m)
			if err != nil {
				t.Fatal(err)
			}
			if cd.Body != tt.want {
				t.Errorf("got %s, want %s", cd.Body, tt.want)
			}
		})
	}
}

func TestEncodeNotPassable(t *testing.T) {
	var nilRef *Ref
	tests := []struct {
		name  string
		value any
	}{
		{"func", func() {}},
		{"struct", struct{}{}},
		{"chan", make(chan int)},
		{"map with int keys", map[int]any{}},
		{"nil big.Int", (*big.Int)(nil)},
		{"nil ref", nilRef},
		{"nil error", (*Error)(nil)},
		{"nested", []any{1, map[string]any{"x": []int{1}}}},
		{"bad well-known symbol", Symbol{Name: "@@nope"}},
		{"non-canonical symbol name", Symbol{Name: "@@a\nb"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Encode(tt.value)
			if !errors.Is(err, ErrNotPassable) {
				t.Fatalf("Encode error = %v, want ErrNotPassable", err)
			}
		})
	}
}

func TestEncodeDepthAndCycles(t *testing.T) {
	cyclic := []any{nil}
	cyclic[0] = cyclic
	_, err := Encode(cyclic)
	var ce *CodecError
	if !errors.As(err, &ce) || ce.Name != "RangeError" || ce.Message != "Maximum call stack size exceeded" {
		t.Fatalf("Encode(cyclic) error = %v", err)
	}
	deep := any(1)
	for range MaxDepth {
		deep = []any{deep}
	}
	if _, err := Encode(deep); err != nil {
		t.Errorf("Encode at MaxDepth: %v", err)
	}
	if _, err := Encode([]any{deep}); err == nil {
		t.Error("Encode beyond MaxDepth succeeded")
	}
}

func TestErrorIDModes(t *testing.T) {
	e := &Error{Name: "VatError", Message: "m", ErrorID: "error:liveSlots:v9#1"}
	tests := []struct {
		enc  *Encoder
		want []string
	}{
		{NewEncoder(ErrorIDsKeep), []string{
			`#{"#error":"m","errorId":"error:liveSlots:v9#1","name":"VatError"}`,
			`#{"#error":"m","errorId":"error:liveSlots:v9#1","name":"VatError"}`,
		}},
		{NewEncoder(ErrorIDsOmit), []string{`#{"#error":"m","name":"VatError"}`, `#{"#error":"m","name":"VatError"}`}},
		{NewEncoder(ErrorIDsAssign), []string{
			`#{"#error":"m","errorId":"error:anon-marshal#10001","name":"VatError"}`,
			`#{"#error":"m","errorId":"error:anon-marshal#10002","name":"VatError"}`,
		}},
		{NewTaggingEncoder("liveSlots:v1", 70000), []string{
			`#{"#error":"m","errorId":"error:liveSlots:v1#70001","name":"VatError"}`,
			`#{"#error":"m","errorId":"error:liveSlots:v1#70002","name":"VatError"}`,
		}},
	}
	for _, tt := range tests {
		for _, want := range tt.want {
			cd, err := tt.enc.Encode(e)
			if err != nil || cd.Body != want {
				t.Errorf("got %q, %v; want %q", cd.Body, err, want)
			}
		}
	}
	// An empty Name encodes as "Error"; KSer omits ids.
	cd, _ := KSer(&Error{Message: "x", ErrorID: "id"})
	if cd.Body != `#{"#error":"x","name":"Error"}` {
		t.Errorf("KSer = %s", cd.Body)
	}
}

func TestTaggingEncoderConcurrent(t *testing.T) {
	enc := NewTaggingEncoder("m", 0)
	const n = 64
	var wg sync.WaitGroup
	seen := make(chan string, n)
	for range n {
		wg.Go(func() {
			cd, err := enc.Encode([]any{&Error{Message: "x"}})
			if err != nil {
				t.Error(err)
				return
			}
			seen <- cd.Body
		})
	}
	wg.Wait()
	close(seen)
	ids := map[string]bool{}
	for body := range seen {
		ids[body] = true
	}
	if len(ids) != n {
		t.Errorf("%d distinct errorIds, want %d", len(ids), n)
	}
}

func TestDecodeSlots(t *testing.T) {
	cd := CapData{Body: `#["$0.Alleged: A","$0","&1",{"x":"&1"},"$2"]`, Slots: []string{"o+1", "p-2", "o+3"}}
	v, err := Decode(cd)
	if err != nil {
		t.Fatal(err)
	}
	a := v.([]any)
	r0, r1, r2 := a[0].(*Ref), a[2].(*Ref), a[4].(*Ref)
	if a[1].(*Ref) != r0 || a[3].(map[string]any)["x"].(*Ref) != r1 {
		t.Error("repeated slot indices must share one *Ref")
	}
	if *r0 != (Ref{Slot: "o+1", Iface: "Alleged: A"}) || *r1 != (Ref{Slot: "p-2", Promise: true}) || *r2 != (Ref{Slot: "o+3"}) {
		t.Errorf("refs %+v %+v %+v", r0, r1, r2)
	}
	re, err := Encode(v)
	if err != nil {
		t.Fatal(err)
	}
	assertCapData(t, "re-encode", re, cd)

	var calls []string
	v, err = DecodeWith(cd, func(slot, iface string, isPromise bool) (any, error) {
		calls = append(calls, slot+"|"+iface+"|"+map[bool]string{true: "p", false: "o"}[isPromise])
		return strings.ToUpper(slot), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"o+1|Alleged: A|o", "p-2||p", "o+3||o"}; strings.Join(calls, ",") != strings.Join(want, ",") {
		t.Errorf("converter calls %v, want %v", calls, want)
	}
	if !equalValues(v, []any{"O+1", "O+1", "P-2", map[string]any{"x": "P-2"}, "O+3"}) {
		t.Errorf("DecodeWith = %#v", v)
	}
	boom := errors.New("boom")
	if _, err := DecodeWith(cd, func(string, string, bool) (any, error) { return nil, boom }); err != boom {
		t.Errorf("converter error not returned unchanged: %v", err)
	}
}

// TestDecodeErrors checks rejections beyond the golden file, with the
// upstream error class and text.
func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		body  string
		slots []string
		name  string
		msg   string
	}{
		{`#"$-1"`, nil, "RangeError", "-1 is negative"},
		{`#"$9007199254740992"`, nil, "RangeError", "9007199254740992 is not a safe integer"},
		{`#"$1e21"`, nil, "RangeError", "1e+21 is not a safe integer"},
		{`#"$Infinity"`, nil, "RangeError", "Infinity is not a safe integer"},
		{`#"$0"`, nil, "Error", "slot index 0 out of range: capdata has 0 slots"},
		{`#["$0","&0"]`, []string{"o+1"}, "Error", `internal: decodePromiseFromSmallcaps option must return a promise: "[Remotable]"`},
		{`#["&0","$0"]`, []string{"p+1"}, "Error", `internal: decodeRemotableFromSmallcaps option must return a remotable: "[Promise]"`},
		{`#"%@@foo"`, nil, "Error", `Reserved for well known symbol "foo": "@@foo"`},
		{`#"-"`, nil, "SyntaxError", "Cannot convert - to a BigInt"},
		{`#"+1.5"`, nil, "SyntaxError", "Cannot convert +1.5 to a BigInt"},
		{`#{"#tag":1,"payload":2}`, nil, "Error", `Value of "#tag", the tag, must be a string: {"#tag":1,"payload":2}`},
		{`#{"#tag":"+1","payload":2}`, nil, "Error", `The tag of a tagged record must be a string: "[1n]"`},
		{`#{"#tag":"x","payload":1,"b":2,"a":3,"1":4}`, nil, "Error", `#tag record unexpected properties: ["1","b","a"]`},
		{`#{"#error":"m","name":1}`, nil, "Error", `invalid error name typeof "number"`},
		{`#{"#error":"m","name":"+1"}`, nil, "Error", `invalid error name typeof "bigint"`},
		{`#{"#error":"m","message":"x","name":"Error"}`, nil, "Error", `unexpected encoded error property "message"`},
		{`#{"#error":"m","name":"Error","cause":"#foo"}`, nil, "TypeError", `unknown constant ""#foo""`},
		{`#{"#error":"m","name":"Error","x":"*"}`, nil, "Error", `Special char "*" reserved for future use: "*"`},
		{`#{"+1":1}`, nil, "Error", `Decoded property name "[1n]" from {"+1":1} must be a string`},
		{`#{"a":1,"#b":["[x",1e400]}`, nil, "Error", `Unrecognized record type "#b": {"a":1,"#b":["[[x]","[Infinity]"]}`},
		// JSON syntax, as V8's JSON.parse reports it.
		{`#[1,]`, nil, "SyntaxError", `Unexpected token ']', "[1,]" is not valid JSON`},
		{`#{"a":1,}`, nil, "SyntaxError", `Expected double-quoted property name in JSON at position 7 (line 1 column 8)`},
		{`#{1:2}`, nil, "SyntaxError", `Expected property name or '}' in JSON at position 1 (line 1 column 2)`},
		{`#{"a" 1}`, nil, "SyntaxError", `Expected ':' after property name in JSON at position 5 (line 1 column 6)`},
		{`#{"a":1 "b":2}`, nil, "SyntaxError", `Expected ',' or '}' after property value in JSON at position 7 (line 1 column 8)`},
		{`#1 2`, nil, "SyntaxError", `Unexpected non-whitespace character after JSON at position 2 (line 1 column 3)`},
		{"#[\n1,\r\n2 3]", nil, "SyntaxError", `Expected ',' or ']' after array element in JSON at position 8 (line 3 column 3)`},
		{`#"abc`, nil, "SyntaxError", `Unterminated string in JSON at position 4 (line 1 column 5)`},
		{"#\"a\x01\"", nil, "SyntaxError", `Bad control character in string literal in JSON at position 2 (line 1 column 3)`},
		{`#"\x"`, nil, "SyntaxError", `Bad escaped character in JSON at position 2 (line 1 column 3)`},
		{`#"\u12G4"`, nil, "SyntaxError", `Bad Unicode escape in JSON at position 5 (line 1 column 6)`},
		{`#-`, nil, "SyntaxError", `No number after minus sign in JSON at position 1 (line 1 column 2)`},
		{`#01`, nil, "SyntaxError", `Unexpected number in JSON at position 1 (line 1 column 2)`},
		{`#1.`, nil, "SyntaxError", `Unterminated fractional number in JSON at position 2 (line 1 column 3)`},
		{`#1e+`, nil, "SyntaxError", `Exponent part is missing a number in JSON at position 3 (line 1 column 4)`},
		{`#tru`, nil, "SyntaxError", `Unexpected end of JSON input`},
		{`#trux`, nil, "SyntaxError", `Unexpected token 'x', "trux" is not valid JSON`},
		{`#NaN`, nil, "SyntaxError", `"NaN" is not valid JSON`},
		{`#["aaaaaaaaaaaaaaaaaaaa",x]`, nil, "SyntaxError", `Unexpected token 'x', ..."aaaaaaaa",x]" is not valid JSON`},
		{`#[x,"aaaaaaaaaaaaaaaaaaaa"]`, nil, "SyntaxError", `Unexpected token 'x', "[x,"aaaaaaa"... is not valid JSON`},
		{`#["aaaaaaaaaaaaaa",x,"aaaaaaaaaaaaaaaa"]`, nil, "SyntaxError", `Unexpected token 'x', ..."aaaaaaaa",x,"aaaaaaa"... is not valid JSON`},
		{"#\"\U0001F600\" x", nil, "SyntaxError", `Unexpected non-whitespace character after JSON at position 5 (line 1 column 6)`},
		// Legacy capdata.
		{`{"@qclass":"nope"}`, nil, "TypeError", `unrecognized "@qclass" "nope"`},
		{`{"@qclass":1}`, nil, "Error", `invalid "@qclass" typeof "number"`},
		{`{"@qclass":"ibid","index":0}`, nil, "Error", `The capData protocol no longer supports "@qclass" "ibid"`},
		{`{"@qclass":"bigint","digits":7}`, nil, "Error", `invalid digits typeof "number"`},
		{`{"@qclass":"slot","index":"0"}`, []string{"o+1"}, "RangeError", `0 is not a safe integer`},
		{`{"@qclass":"slot","index":0,"x":1}`, []string{"o+1"}, "Error", `unexpected encoded slot properties ["x"]`},
		{`{"@qclass":"error","message":"m"}`, nil, "Error", `invalid error name typeof "undefined"`},
		{`{"@qclass":"hilbert"}`, nil, "Error", `Invalid Hilbert Hotel encoding {"@qclass":"hilbert"}`},
		{`{"@qclass":"hilbert","original":1,"rest":{}}`, nil, "Error", `Rest encoding must be a non-empty object: {}`},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			_, err := Decode(CapData{Body: tt.body, Slots: tt.slots})
			assertJSError(t, "Decode", err, map[string]any{"name": tt.name, "message": tt.msg})
		})
	}
}

func TestDecodeAccepted(t *testing.T) {
	tests := []struct {
		body  string
		slots []string
		want  any
	}{
		{`#"$ 0 .X"`, []string{"o+1"}, &Ref{Slot: "o+1", Iface: "X"}}, // Number(" 0 ") is 0
		{`#"$0x0"`, []string{"o+1"}, &Ref{Slot: "o+1"}},
		{`#"$"`, []string{"o+1"}, &Ref{Slot: "o+1"}}, // Number("") is 0
		{`#"$-0"`, []string{"o+1"}, &Ref{Slot: "o+1"}},
		{`#"%@@@@x"`, nil, RegisteredSymbol("@@x")},
		{`#"+10 "`, nil, bigInt("10")},
		{`#{"a":1,"a":2,"b":3}`, nil, map[string]any{"a": 2.0, "b": 3.0}},
		{`#{"!x":1,"x":2}`, nil, map[string]any{"x": 2.0}},
		{`#{"#error":"m","name":"VatDeletedError","errorId":"error:x#1","extra":[1]}`, nil, &Error{Name: "Error", Message: "m", ErrorID: "error:x#1"}},
		{`#{"#error":"m","name":"AggregateError","errors":[{"#error":"a","name":"Error"}]}`, nil, &Error{Name: "AggregateError", Message: "m"}},
		{`#1e400`, nil, math.Inf(1)},
		{`#"\ud83d\ude00\ud800"`, nil, "\U0001F600\xed\xa0\x80"},
		{`#"\uD83D` + "\xed\xb8\x80" + `"`, nil, "\U0001F600"},
		{"#\"\xff\"", nil, "\uFFFD"},
		// Legacy capdata.
		{`{"@qclass":"NaN"}`, nil, math.NaN()},
		{`{"@qclass":"-Infinity"}`, nil, math.Inf(-1)},
		{`{"@qclass":"bigint","digits":"-5"}`, nil, bigInt("-5")},
		{`{"@qclass":"@@asyncIterator"}`, nil, SymbolAsyncIterator},
		{`{"@qclass":"symbol","name":"@@iterator"}`, nil, Symbol{Name: "@@iterator"}},
		{`{"@qclass":"symbol","name":5}`, nil, Undefined},
		{`{"@qclass":"tagged","tag":"copySet","payload":["#a"]}`, nil, Tagged{Tag: "copySet", Payload: []any{"#a"}}},
		{`{"@qclass":"error","name":"TypeError","message":"m","errorId":"e#1"}`, nil, &Error{Name: "TypeError", Message: "m", ErrorID: "e#1"}},
		{`[{"@qclass":"slot","index":0},{"@qclass":"slot","iface":"Alleged: A","index":0}]`, []string{"o+1"}, []any{&Ref{Slot: "o+1"}, &Ref{Slot: "o+1"}}},
		{`{"@qclass":"hilbert","original":{"@qclass":"undefined"},"rest":{"a":"!b"}}`, nil, map[string]any{"@qclass": Undefined, "a": "!b"}},
		{`{"#a":"$0"}`, nil, map[string]any{"#a": "$0"}},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			v, err := Decode(CapData{Body: tt.body, Slots: tt.slots})
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !equalValues(v, tt.want) {
				t.Errorf("Decode = %#v, want %#v", v, tt.want)
			}
		})
	}
}

func TestDecodeDepth(t *testing.T) {
	for _, n := range []int{MaxDepth + 1, 10000, 200000} {
		body := "#" + strings.Repeat("[", n) + strings.Repeat("]", n)
		_, err := Decode(CapData{Body: body})
		assertJSError(t, "Decode deep", err, map[string]any{"name": "RangeError", "message": "Maximum call stack size exceeded"})
		body = "#" + strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n)
		_, err = Decode(CapData{Body: body})
		assertJSError(t, "Decode deep", err, map[string]any{"name": "RangeError", "message": "Maximum call stack size exceeded"})
	}
	body := "#" + strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)
	if _, err := Decode(CapData{Body: body}); err != nil {
		t.Errorf("Decode at MaxDepth: %v", err)
	}
}

func TestLargeObjects(t *testing.T) {
	// Many keys (and duplicates) take the map-based path of the parser.
	var b strings.Builder
	b.WriteString("#{")
	for i := range 5000 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"k`)
		b.WriteString(FormatNumber(float64(i % 2500)))
		b.WriteString(`":`)
		b.WriteString(FormatNumber(float64(i)))
	}
	b.WriteString(`,"7":1,"3":2}`)
	v, err := Decode(CapData{Body: b.String()})
	if err != nil {
		t.Fatal(err)
	}
	m := v.(map[string]any)
	if len(m) != 2502 || m["k0"] != 2500.0 || m["k2499"] != 4999.0 {
		t.Errorf("decoded %d keys, k0=%v k2499=%v", len(m), m["k0"], m["k2499"])
	}
	many := make([]any, 100)
	for i := range many {
		many[i] = &Ref{Slot: "o+" + FormatNumber(float64(i))}
	}
	many = append(many, many...)
	cd, err := Encode(many)
	if err != nil || len(cd.Slots) != 100 || !strings.HasSuffix(cd.Body, `"$98","$99"]`) {
		t.Errorf("Encode(200 refs): %d slots, %v, ...%s", len(cd.Slots), err, cd.Body[len(cd.Body)-20:])
	}
}

func TestKernelHelpers(t *testing.T) {
	for _, bad := range []string{"", "ko", "o+1", "kx1", "ko1a", "kp-1", "rp+1"} {
		if _, err := KSlot(bad, ""); err == nil {
			t.Errorf("KSlot(%q) succeeded", bad)
		}
		if IsKRef(bad) {
			t.Errorf("IsKRef(%q) = true", bad)
		}
	}
	for _, good := range []string{"ko0", "kp42", "ko04"} {
		if !IsKRef(good) {
			t.Errorf("IsKRef(%q) = false", good)
		}
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("MustKSlot(bad) did not panic")
			}
		}()
		MustKSlot("v1", "")
	}()
	root := MustKSlot("ko4", "Alleged: vatRoot")
	if root.Iface != "Alleged: vatRoot" || root.Promise {
		t.Errorf("MustKSlot = %+v", root)
	}
	if r := MustKSlot("ko1", "Alleged: "); r.Iface != "Alleged: " {
		t.Errorf("empty stripped iface: %+v", r)
	}
	if k, ok := KrefOf(root); !ok || k != "ko4" {
		t.Errorf("KrefOf = %q, %v", k, ok)
	}
	if _, ok := KrefOf(&Ref{Slot: "ko4"}); ok {
		t.Error("KrefOf accepted a ref KSlot did not make")
	}
	if _, ok := KrefOf("ko4"); ok {
		t.Error("KrefOf accepted a string")
	}

	// ExtractSingleRef.
	for _, tt := range []struct {
		cd   CapData
		kref string
		ok   bool
	}{
		{CapData{Body: `#"$0.Alleged: x"`, Slots: []string{"ko7"}}, "ko7", true},
		{CapData{Body: `#"&0"`, Slots: []string{"kp7"}}, "kp7", true},
		{CapData{Body: `#"$0"`, Slots: []string{"kp7"}}, "", false}, // form disagrees with the kref
		{CapData{Body: `#["$0"]`, Slots: []string{"ko7"}}, "", false},
		{CapData{Body: `#"$0"`, Slots: []string{"o+7"}}, "", false},
		{CapData{Body: `#"no endpoint"`}, "", false},
	} {
		kref, ok := ExtractSingleRef(tt.cd)
		if kref != tt.kref || ok != tt.ok {
			t.Errorf("ExtractSingleRef(%v) = %q, %v", tt.cd, kref, ok)
		}
	}

	// KUnser standins are accepted by KSer and keep one standin per index.
	cd := CapData{Body: `#["$0.Alleged: A","$0","$1","&2"]`, Slots: []string{"ko1", "ko1", "kp2"}}
	v, err := KUnser(cd)
	if err != nil {
		t.Fatal(err)
	}
	a := v.([]any)
	if a[0] != a[1] || a[0] == a[2] || a[2].(*Ref).Iface != "Alleged: undefined" || !a[3].(*Ref).Promise {
		t.Errorf("KUnser = %#v", a)
	}
	re, err := KSer(v)
	if err != nil {
		t.Fatal(err)
	}
	assertCapData(t, "KSer(KUnser)", re, CapData{Body: `#["$0.Alleged: A","$0","$1.Alleged: undefined","&2"]`, Slots: []string{"ko1", "ko1", "kp2"}})

	// MethArgs / DecodeMethArgs.
	cd, err = MethArgs("bootstrap", []any{map[string]any{"main": root}, map[string]any{}})
	if err != nil {
		t.Fatal(err)
	}
	assertCapData(t, "MethArgs", cd, CapData{Body: `#["bootstrap",[{"main":"$0.Alleged: vatRoot"},{}]]`, Slots: []string{"ko4"}})
	method, args, err := DecodeMethArgs(cd)
	if err != nil || method != "bootstrap" || len(args) != 2 {
		t.Errorf("DecodeMethArgs = %q %v %v", method, args, err)
	}
	if cd, _ := MethArgs("ping", nil); cd.Body != `#["ping",[]]` {
		t.Errorf("MethArgs(nil) = %s", cd.Body)
	}
	for _, body := range []string{`#"x"`, `#["x"]`, `#[1,[]]`, `#["x",{}]`, `#[`} {
		if _, _, err := DecodeMethArgs(CapData{Body: body}); err == nil {
			t.Errorf("DecodeMethArgs(%s) succeeded", body)
		}
	}
	if cd := MakeError("boom"); cd.Body != `#{"#error":"boom","name":"Error"}` || cd.Slots == nil {
		t.Errorf("MakeError = %+v", cd)
	}
}

func TestCapDataJSON(t *testing.T) {
	b, err := json.Marshal(CapData{Body: "#null"})
	if err != nil || string(b) != `{"body":"#null","slots":[]}` {
		t.Errorf("json.Marshal = %s, %v", b, err)
	}
	cd := CapData{Body: "#\"<\u2028\xed\xa0\x80\"", Slots: []string{"ko1"}}
	if got := string(cd.AppendJSON(nil)); got != "{\"body\":\"#\\\"<\u2028\\ud800\\\"\",\"slots\":[\"ko1\"]}" {
		t.Errorf("AppendJSON = %s", got)
	}
	var back CapData
	if err := json.Unmarshal(cd.AppendJSON(nil), &back); err != nil || back.Slots[0] != "ko1" {
		t.Errorf("round trip through encoding/json: %+v %v", back, err)
	}
}

func TestPassStyleOf(t *testing.T) {
	tests := []struct {
		v    any
		want string
	}{
		{nil, "null"}, {Undefined, "undefined"}, {true, "boolean"}, {1, "number"}, {2.5, "number"},
		{bigInt("1"), "bigint"}, {"s", "string"}, {SymbolAsyncIterator, "symbol"}, {[]any{}, "copyArray"},
		{[]string{}, "copyArray"}, {map[string]any{}, "copyRecord"}, {Tagged{}, "tagged"}, {&Error{}, "error"},
		{&Ref{}, "remotable"}, {&Ref{Promise: true}, "promise"}, {(*Ref)(nil), ""}, {struct{}{}, ""},
	}
	for _, tt := range tests {
		if got := PassStyleOf(tt.v); got != tt.want {
			t.Errorf("PassStyleOf(%#v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestSymbols(t *testing.T) {
	tests := []struct {
		sym  Symbol
		desc string
	}{
		{RegisteredSymbol("foo"), "foo"},
		{RegisteredSymbol(""), ""},
		{RegisteredSymbol("@@x"), "@@x"},
		{SymbolAsyncIterator, "Symbol.asyncIterator"},
	}
	for _, tt := range tests {
		if got := tt.sym.Description(); got != tt.desc {
			t.Errorf("%+v.Description() = %q, want %q", tt.sym, got, tt.desc)
		}
		if got := tt.sym.String(); got != "Symbol("+tt.desc+")" {
			t.Errorf("String() = %q", got)
		}
	}
	e := &Error{Name: "TypeError", Message: "bad"}
	if e.Error() != "TypeError: bad" || (&Error{}).Error() != "Error" {
		t.Errorf("Error.Error() = %q", e.Error())
	}
}
