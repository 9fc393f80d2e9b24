package cli

import (
	"strings"
	"testing"
)

// TestPrettifySmallcaps checks the port against upstream's
// prettifySmallcaps as the CLI prints it (JSON.stringify, one line). The
// "upstream/" rows are every case of upstream's own tests; "kind/" rows
// one per smallcaps encoding; "js/" rows the JavaScript semantics of
// JSON.parse, the walk and JSON.stringify. Every want was produced by
// running upstream's function under Node. Where upstream throws, errSub
// is a part of the error: for bad body JSON upstream's message is V8's,
// ours says where the JSON is invalid.
func TestPrettifySmallcaps(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		slots      []string
		want       string
		errSub     string
	}{
		{`upstream/plain string`, `#"0xca46b9"`, nil, `"0xca46b9"`, ""},
		{`upstream/number`, `#42`, nil, `42`, ""},
		{`upstream/null`, `#null`, nil, `null`, ""},
		{`upstream/boolean`, `#true`, nil, `true`, ""},
		{`upstream/remotable`, `#"$0"`, []string{`ko12`}, `"<ko12>"`, ""},
		{`upstream/remotable with iface`, `#"$0.Alleged: MyObj"`, []string{`ko12`}, `"<ko12> (Alleged: MyObj)"`, ""},
		{`upstream/promise`, `#"&0"`, []string{`kp42`}, `"<kp42>"`, ""},
		{`upstream/missing slot index`, `#"$5"`, []string{`ko1`}, `"<?5>"`, ""},
		{`upstream/escaped string (!)`, `#"!$0"`, nil, `"$0"`, ""},
		{`upstream/double escape (!!)`, `#"!!hello"`, nil, `"!hello"`, ""},
		{`upstream/non-negative bigint (+)`, `#"+7"`, nil, `"7n"`, ""},
		{`upstream/negative bigint (-)`, `#"-7"`, nil, `"-7n"`, ""},
		{`upstream/#undefined`, `#"#undefined"`, nil, `"[undefined]"`, ""},
		{`upstream/#NaN`, `#"#NaN"`, nil, `"[NaN]"`, ""},
		{`upstream/#Infinity`, `#"#Infinity"`, nil, `"[Infinity]"`, ""},
		{`upstream/#-Infinity`, `#"#-Infinity"`, nil, `"[-Infinity]"`, ""},
		{`upstream/symbol (%)`, `#"%foo"`, nil, `"[Symbol: foo]"`, ""},
		{`upstream/object with mixed values`, `#{"name":"$0.Alleged: MyObj","count":42}`, []string{`ko12`}, `{"name":"<ko12> (Alleged: MyObj)","count":42}`, ""},
		{`upstream/nested arrays and objects`, `#{"items":["$0","$1"],"meta":{"ref":"&2"}}`, []string{`ko1`, `ko2`, `kp3`}, `{"items":["<ko1>","<ko2>"],"meta":{"ref":"<kp3>"}}`, ""},
		{`upstream/non-slot strings unchanged`, `#{"text":"hello world"}`, nil, `{"text":"hello world"}`, ""},
		{`upstream/tagged value`, `#{"#tag":"match:any","payload":"#undefined"}`, nil, `{"[Tagged: match:any]":"[undefined]"}`, ""},
		{`upstream/error with name`, `#{"#error":"boom","name":"TypeError"}`, nil, `"[TypeError: boom]"`, ""},
		{`upstream/error without name`, `#{"#error":"something broke"}`, nil, `"[Error: something broke]"`, ""},
		{`upstream/unescapes record keys`, `#{"!#foo":"bar","normal":"baz"}`, nil, `{"#foo":"bar","normal":"baz"}`, ""},
		{`upstream/throws if body does not start with #`, `"hello"`, nil, "", `Expected body to start with '#', got: "hello"`},
		{`kind/remotable with iface`, `#"$0.Alleged: Counter"`, []string{`ko5`}, `"<ko5> (Alleged: Counter)"`, ""},
		{`kind/promise`, `#"&0"`, []string{`kp3`}, `"<kp3>"`, ""},
		{`kind/promise with iface`, `#"&1.Alleged: P"`, []string{`ko1`, `kp9`}, `"<kp9> (Alleged: P)"`, ""},
		{`kind/undefined`, `#"#undefined"`, nil, `"[undefined]"`, ""},
		{`kind/NaN`, `#"#NaN"`, nil, `"[NaN]"`, ""},
		{`kind/Infinity`, `#"#Infinity"`, nil, `"[Infinity]"`, ""},
		{`kind/-Infinity`, `#"#-Infinity"`, nil, `"[-Infinity]"`, ""},
		{`kind/-0`, `#"#-0"`, nil, `"[-0]"`, ""},
		{`kind/bigint`, `#"+12"`, nil, `"12n"`, ""},
		{`kind/negative bigint`, `#"-12"`, nil, `"-12n"`, ""},
		{`kind/error`, `#{"#error":"boom"}`, nil, `"[Error: boom]"`, ""},
		{`kind/error with name`, `#{"#error":"no","name":"RangeError"}`, nil, `"[RangeError: no]"`, ""},
		{`kind/tagged`, `#{"#tag":"t","payload":[1,"$0"]}`, []string{`ko7`}, `{"[Tagged: t]":[1,"<ko7>"]}`, ""},
		{`kind/tagged copySet`, `#{"#tag":"copySet","payload":["+1","+2"]}`, nil, `{"[Tagged: copySet]":["1n","2n"]}`, ""},
		{`kind/symbol`, `#"%@@asyncIterator"`, nil, `"[Symbol: @@asyncIterator]"`, ""},
		{`kind/escaped string`, `#"!#not-a-constant"`, nil, `"#not-a-constant"`, ""},
		{`kind/escaped key`, `#{"!!bang":1,"!%sym":2}`, nil, `{"!bang":1,"%sym":2}`, ""},
		{`kind/missing slot`, `#["$0","$3"]`, []string{`ko1`}, `["<ko1>","<?3>"]`, ""},
		{`kind/string`, `#"hello"`, nil, `"hello"`, ""},
		{`kind/array`, `#[1,"two",null,true]`, nil, `[1,"two",null,true]`, ""},
		{`kind/record`, `#{"a":1,"b":{"c":"$0"}}`, []string{`ko2`}, `{"a":1,"b":{"c":"<ko2>"}}`, ""},
		{`js/key order kept, not sorted`, `#{"zeta":1,"alpha":2,"mid":3}`, nil, `{"zeta":1,"alpha":2,"mid":3}`, ""},
		{`js/integer-like keys first`, `#{"b":1,"10":2,"a":3,"2":4,"01":5,"-1":6,"4294967294":7,"4294967295":8}`, nil, `{"2":4,"10":2,"4294967294":7,"b":1,"a":3,"01":5,"-1":6,"4294967295":8}`, ""},
		{`js/escaped integer key moves first`, `#{"x":1,"!3":2}`, nil, `{"3":2,"x":1}`, ""},
		{`js/duplicate key keeps first place, last value`, `#{"a":1,"b":2,"a":3}`, nil, `{"a":3,"b":2}`, ""},
		{`js/unescaped key collides`, `#{"k":1,"!k":2,"j":3}`, nil, `{"k":2,"j":3}`, ""},
		{`js/__proto__ key vanishes`, `#{"__proto__":{"x":1},"a":1,"!__proto__":2}`, nil, `{"a":1}`, ""},
		{`js/__proto__ null, then __proto__ is an own key`, `#{"__proto__":null,"a":1,"!__proto__":[2]}`, nil, `{"a":1,"__proto__":[2]}`, ""},
		{`js/__proto__ primitive is ignored`, `#{"__proto__":5,"a":1}`, nil, `{"a":1}`, ""},
		{`js/message whose prototype is an array`, `#{"#error":{"!__proto__":["x","%foo",null]}}`, nil, `"[Error: x,[Symbol: foo],]"`, ""},
		{`js/message array-like through length`, `#{"#error":{"length":3,"0":"a","2":"$0"}}`, []string{`ko1`}, `"[Error: [object Object]]"`, ""},
		{`js/message length from a string`, `#{"#error":{"length":" 0x2 ","!__proto__":["p","q","r"]}}`, nil, `"[Error: p,q]"`, ""},
		{`js/message with own toString has no primitive`, `#{"#error":{"toString":1}}`, nil, "", `Cannot convert object to primitive value`},
		{`js/tag with null prototype has no primitive`, `#{"#tag":{"__proto__":null},"payload":1}`, nil, "", `Cannot convert object to primitive value`},
		{`js/name is a record`, `#{"#error":"m","name":{"a":1}}`, nil, `"[[object Object]: m]"`, ""},
		{`js/numbers as JS prints them`, `#[1.0,1e21,1e20,-0,0.000001,1e-7,1.5e300,123456789012345678901234,0.1,100,2.50,1E2,-1.25e-10]`, nil, `[1,1e+21,100000000000000000000,0,0.000001,1e-7,1.5e+300,1.2345678901234569e+23,0.1,100,2.5,100,-1.25e-10]`, ""},
		{`js/number overflow is null`, `#[1e400,-1e400]`, nil, `[null,null]`, ""},
		{`js/tagged without payload`, `#[{"#tag":"x"}]`, nil, `[{}]`, ""},
		{`js/tagged tag not a string`, `#[{"#tag":["a",["b",null]],"payload":1},{"#tag":{"x":1},"payload":2},{"#tag":12.50,"payload":3}]`, nil, `[{"[Tagged: a,b,]":1},{"[Tagged: [object Object]]":2},{"[Tagged: 12.5]":3}]`, ""},
		{`js/tag wins over error`, `#{"#tag":"t","#error":"e","payload":0}`, nil, `{"[Tagged: t]":0}`, ""},
		{`js/error name null`, `#{"#error":"m","name":null}`, nil, `"[null: m]"`, ""},
		{`js/error fields decoded`, `#{"#error":"!#x","name":"%s"}`, nil, `"[[Symbol: s]: #x]"`, ""},
		{`js/error in record`, `#{"e":{"#error":"boom"},"n":"+5"}`, nil, `{"e":"[Error: boom]","n":"5n"}`, ""},
		{`js/slot index with leading zeros`, `#"$007"`, []string{`a`, `b`, `c`, `d`, `e`, `f`, `g`, `ko8`}, `"<ko8>"`, ""},
		{`js/huge slot index`, `#["$99999999999999999999999","$` + strings.Repeat("9", 400) + `"]`, []string{`ko1`}, `["<?1e+23>","<?Infinity>"]`, ""},
		{`js/not slot refs`, `#["$","$x","$0.","&","$1a","$0.a\nb","$0.a\u2028b","$0..."]`, []string{`ko1`, `ko2`}, `["$","$x","$0.","&","$1a","$0.a\nb","$0.a b","<ko1> (..)"]`, ""},
		{`js/plus and minus strings`, `#["+","-","+abc","-x","#","%"]`, nil, `["n","-n","abcn","-xn","[]","[Symbol: ]"]`, ""},
		{`js/escapes JSON.stringify keeps`, `#"<ko1> & \u2028 \u0001 \t \"q\" \\ \ud800 \ud83d\ude00 é"`, nil, `"<ko1> &   \u0001 \t \"q\" \\ \ud800 😀 é"`, ""},
		{`js/empty containers`, `#{"a":[],"b":{},"c":[[]]}`, nil, `{"a":[],"b":{},"c":[[]]}`, ""},
		{`js/deep nesting`, `#[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`, nil, `[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`, ""},
		{`js/whitespace in body`, `# { "a" : [ 1 , 2 ] }`, nil, `{"a":[1,2]}`, ""},
		{`js/bad body JSON`, `#{bad`, nil, "", `smallcaps body: invalid JSON at position 1`},
		{`js/trailing garbage`, `#1 2`, nil, "", `smallcaps body: invalid JSON at position 2`},
		{`js/error prefix is 20 UTF-16 units`, `abcdefghijklmnopqrs😀tail`, nil, "", "Expected body to start with '#', got: abcdefghijklmnopqrs\uFFFD"},
		{`js/empty body`, ``, nil, "", `Expected body to start with '#', got: `},
	} {
		t.Run(tc.name, func(t *testing.T) {
			slots := make([]any, len(tc.slots))
			for i, s := range tc.slots {
				slots[i] = s
			}
			cd := newJSObject()
			cd.set("body", tc.body)
			cd.set("slots", slots)
			if !isCapData(cd) {
				t.Fatal("test CapData is not CapData")
			}
			v, err := prettifySmallcaps(cd)
			if tc.errSub != "" {
				if err == nil || !strings.Contains(err.Error(), tc.errSub) {
					t.Fatalf("err = %v, want it to contain %q", err, tc.errSub)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, ok := stringifyJS(v, "")
			if !ok || got != tc.want {
				t.Fatalf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}
