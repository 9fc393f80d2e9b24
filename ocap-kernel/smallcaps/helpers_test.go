package smallcaps

import (
	"math"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// goldenFile is smallcaps.json relative to this package directory.
var goldenFile = filepath.Join("..", "..", "testdata", "golden", "smallcaps.json")

// readGolden returns the golden file's text; it fails the test when the
// file is missing unless OCAP_GOLDEN_OPTIONAL=1.
func readGolden(tb testing.TB) (string, bool) {
	tb.Helper()
	data, err := os.ReadFile(goldenFile)
	if err != nil {
		if os.Getenv("OCAP_GOLDEN_OPTIONAL") == "1" {
			return "", false
		}
		tb.Fatalf("golden file: %v (set OCAP_GOLDEN_OPTIONAL=1 to run without it)", err)
	}
	return string(data), true
}

// parseNative parses JSON text with this package's parser (so that lone
// surrogate escapes become WTF-8, which encoding/json cannot do) into
// nil/bool/float64/string/[]any/map[string]any.
func parseNative(tb testing.TB, text string) any {
	tb.Helper()
	p := getParser(text)
	defer p.release()
	root, err := p.parse()
	if err != nil {
		tb.Fatalf("parse: %v", err)
	}
	return p.native(root)
}

func (p *parser) native(idx int32) any {
	n := p.nodes[idx]
	switch n.kind {
	case jNull:
		return nil
	case jFalse:
		return false
	case jTrue:
		return true
	case jNumber:
		return n.num
	case jString:
		return n.str
	case jArray:
		out := make([]any, n.n)
		for i := range out {
			out[i] = p.native(p.kids[n.off+int32(i)])
		}
		return out
	}
	out := make(map[string]any, n.n)
	for _, m := range p.members[n.off : n.off+n.n] {
		out[m.key] = p.native(m.val)
	}
	return out
}

// describe summarizes a decoded value the way the golden harness's
// "decoded" field does.
func describe(v any) map[string]any {
	switch x := v.(type) {
	case nil:
		return map[string]any{"passStyle": "null"}
	case undefinedValue:
		return map[string]any{"passStyle": "undefined"}
	case bool:
		return map[string]any{"passStyle": "boolean"}
	case float64:
		s := FormatNumber(x)
		if x == 0 && math.Signbit(x) {
			s = "-0"
		}
		return map[string]any{"passStyle": "number", "value": s}
	case *big.Int:
		return map[string]any{"passStyle": "bigint", "value": x.String() + "n"}
	case string:
		return map[string]any{"passStyle": "string", "value": x}
	case Symbol:
		return map[string]any{"passStyle": "symbol", "value": x.String()}
	case []any:
		return map[string]any{"passStyle": "copyArray"}
	case map[string]any:
		return map[string]any{"passStyle": "copyRecord"}
	case Tagged:
		return map[string]any{"passStyle": "tagged"}
	case *Error:
		return map[string]any{"passStyle": "error", "name": x.Name, "message": x.Message, "constructor": x.Name}
	case *Ref:
		if x.Promise {
			return map[string]any{"passStyle": "promise"}
		}
		return map[string]any{"passStyle": "remotable"}
	}
	return map[string]any{"passStyle": "?"}
}

// equalValues compares decoded values: NaN equals NaN, -0 equals 0 (as the
// encoding cannot tell them apart), refs compare by content.
func equalValues(a, b any) bool {
	a, b = asFloat(a), asFloat(b)
	switch x := a.(type) {
	case nil:
		return b == nil
	case float64:
		y, ok := b.(float64)
		return ok && (x == y || (x != x && y != y))
	case *big.Int:
		y, ok := b.(*big.Int)
		return ok && x.Cmp(y) == 0
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equalValues(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !equalValues(v, w) {
				return false
			}
		}
		return true
	case Tagged:
		y, ok := b.(Tagged)
		return ok && x.Tag == y.Tag && equalValues(x.Payload, y.Payload)
	case *Error:
		y, ok := b.(*Error)
		return ok && *x == *y
	case *Ref:
		y, ok := b.(*Ref)
		return ok && x.Slot == y.Slot && x.Iface == y.Iface && x.Promise == y.Promise
	}
	return a == b
}

// stripErrorIDs clears ErrorID in every *Error of v (KSer drops them).
func stripErrorIDs(v any) {
	switch x := v.(type) {
	case *Error:
		x.ErrorID = ""
	case []any:
		for _, e := range x {
			stripErrorIDs(e)
		}
	case map[string]any:
		for _, e := range x {
			stripErrorIDs(e)
		}
	case Tagged:
		stripErrorIDs(x.Payload)
	}
}

// asFloat maps Go integer types to float64, the type Decode produces.
func asFloat(v any) any {
	switch x := v.(type) {
	case int:
		return float64(x)
	case int64:
		return float64(x)
	}
	return v
}

// harnessConvert is the golden harness's convertSlotToVal: Far(iface
// without "Alleged: ") or Far('Remotable'), and a promise iff the slot
// matches ^(p[+-]|kp|rp).
func harnessConvert(slot, iface string, _ bool) (any, error) {
	if strings.HasPrefix(slot, "p+") || strings.HasPrefix(slot, "p-") ||
		strings.HasPrefix(slot, "kp") || strings.HasPrefix(slot, "rp") {
		return &Ref{Slot: slot, Promise: true}, nil
	}
	name := strings.TrimPrefix(iface, "Alleged: ")
	if iface == "" {
		name = "Remotable"
	}
	return &Ref{Slot: slot, Iface: "Alleged: " + name}, nil
}

func far(iface, slot string) *Ref { return &Ref{Slot: slot, Iface: "Alleged: " + iface} }

func prom(slot string) *Ref { return &Ref{Slot: slot, Promise: true} }

func bigInt(s string) *big.Int {
	n, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic("bad big int " + s)
	}
	return n
}
