package smallcaps

import (
	"math/big"
	"strings"
)

// undefinedValue is the type of Undefined; it is unexported so Undefined is
// the only value of its kind.
type undefinedValue struct{}

// String returns "undefined".
func (undefinedValue) String() string { return "undefined" }

// Undefined stands for JavaScript undefined (smallcaps "#undefined"),
// which is distinct from null (Go nil).
var Undefined = undefinedValue{}

// CapData is a serialized value: a smallcaps body (starting with '#') plus
// the slot strings its remotables and promises refer to by index.
type CapData struct {
	Body  string   `json:"body"`
	Slots []string `json:"slots"`
}

// MarshalJSON writes {"body":…,"slots":[…]} with JavaScript string escaping
// and with slots as [] (never null) even when Slots is nil. Note that
// encoding/json's default HTML escaping still applies on top; use
// AppendJSON for output that is byte-identical to JSON.stringify.
func (cd CapData) MarshalJSON() ([]byte, error) {
	return cd.AppendJSON(nil), nil
}

// AppendJSON appends exactly what JavaScript's JSON.stringify(capData)
// produces.
func (cd CapData) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"body":`...)
	dst = AppendJSONString(dst, cd.Body)
	dst = append(dst, `,"slots":[`...)
	for i, s := range cd.Slots {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = AppendJSONString(dst, s)
	}
	return append(dst, "]}"...)
}

// Equal reports whether two CapData have the same body and slots.
func (cd CapData) Equal(o CapData) bool {
	if cd.Body != o.Body || len(cd.Slots) != len(o.Slots) {
		return false
	}
	for i := range cd.Slots {
		if cd.Slots[i] != o.Slots[i] {
			return false
		}
	}
	return true
}

// Tagged is a passable tagged record (makeTagged(tag, payload)), used for
// copySet, copyMap, copyBag and patterns.
type Tagged struct {
	Tag     string
	Payload any
}

// Symbol is a passable symbol, identified by the name Endo puts after '%':
// a registered symbol Symbol.for(key) has Name key (or "@@"+key when key
// starts with "@@"), and a well-known symbol such as Symbol.asyncIterator
// has Name "@@asyncIterator". Use RegisteredSymbol to build one from a key.
type Symbol struct {
	Name string
}

// SymbolAsyncIterator is the well-known Symbol.asyncIterator.
var SymbolAsyncIterator = Symbol{Name: "@@asyncIterator"}

// RegisteredSymbol returns the passable symbol for Symbol.for(key).
func RegisteredSymbol(key string) Symbol {
	if strings.HasPrefix(key, "@@") {
		return Symbol{Name: "@@" + key}
	}
	return Symbol{Name: key}
}

// wellKnownSymbols are the symbol-valued static properties of Symbol in
// Node 22, which is what Endo's passableSymbolForName accepts after "@@".
var wellKnownSymbols = map[string]bool{
	"asyncDispose":       true,
	"asyncIterator":      true,
	"dispose":            true,
	"hasInstance":        true,
	"isConcatSpreadable": true,
	"iterator":           true,
	"match":              true,
	"matchAll":           true,
	"replace":            true,
	"search":             true,
	"species":            true,
	"split":              true,
	"toPrimitive":        true,
	"toStringTag":        true,
	"unscopables":        true,
}

// atAtSuffix mirrors /^@@(.*)$/: it matches names starting with "@@" whose
// remainder has no line terminator.
func atAtSuffix(name string) (string, bool) {
	if !strings.HasPrefix(name, "@@") {
		return "", false
	}
	rest := name[2:]
	if strings.ContainsAny(rest, "\n\r\u2028\u2029") {
		return "", false
	}
	return rest, true
}

// canonicalSymbol maps an encoded symbol name to the canonical Symbol that
// Endo's passableSymbolForName followed by nameForPassableSymbol yields.
func canonicalSymbol(name string) (Symbol, *CodecError) {
	if suffix, ok := atAtSuffix(name); ok {
		if strings.HasPrefix(suffix, "@@") {
			return RegisteredSymbol(suffix), nil
		}
		if wellKnownSymbols[suffix] {
			return Symbol{Name: name}, nil
		}
		return Symbol{}, newError("Error", "Reserved for well known symbol "+quote(suffix)+": "+quote(name))
	}
	return RegisteredSymbol(name), nil
}

// Description returns the symbol's JavaScript description, for example
// "foo" for Symbol.for("foo") and "Symbol.asyncIterator".
func (s Symbol) Description() string {
	if suffix, ok := atAtSuffix(s.Name); ok {
		if strings.HasPrefix(suffix, "@@") {
			return suffix
		}
		return "Symbol." + suffix
	}
	return s.Name
}

// String returns the symbol as JavaScript's String(sym) does, e.g. "Symbol(foo)".
func (s Symbol) String() string { return "Symbol(" + s.Description() + ")" }

// Error is a passable error. Name is the error class name; decoding maps
// names other than the standard JavaScript error classes to "Error", as
// Endo does. ErrorID is the optional errorId annotation (for example
// "error:liveSlots:v1#70001"); how encoders treat it is set by ErrorIDMode.
type Error struct {
	Name    string
	Message string
	ErrorID string
}

// Error formats the error like JavaScript's Error.prototype.toString.
func (e *Error) Error() string {
	name := e.Name
	if name == "" {
		name = "Error"
	}
	if e.Message == "" {
		return name
	}
	return name + ": " + e.Message
}

// standardErrorNames are the constructors Endo's getErrorConstructor knows.
var standardErrorNames = map[string]bool{
	"Error":          true,
	"EvalError":      true,
	"RangeError":     true,
	"ReferenceError": true,
	"SyntaxError":    true,
	"TypeError":      true,
	"URIError":       true,
	"AggregateError": true,
}

// Ref is a remotable object (Promise false) or a promise (Promise true)
// that travels as a slot. Slot is the slot string (a vref, kref or other
// label); Iface is a remotable's interface name such as "Alleged: Alice",
// encoded the first time the remotable appears ("" encodes none). Encoders
// assign slots by pointer identity.
type Ref struct {
	Slot    string
	Iface   string
	Promise bool

	// standin marks refs made by KSlot/KUnser, the only refs KSer
	// accepts, like the standins upstream kslot() creates.
	standin bool
}

// PassStyleOf returns Endo's pass style for a Go value ("null",
// "undefined", "boolean", "number", "bigint", "string", "symbol",
// "copyArray", "copyRecord", "tagged", "error", "remotable" or "promise"),
// or "" if v is not one of the supported Go representations. Only the top
// level is inspected.
func PassStyleOf(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case undefinedValue:
		return "undefined"
	case bool:
		return "boolean"
	case float64, float32, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, uintptr:
		return "number"
	case *big.Int:
		if x == nil {
			return ""
		}
		return "bigint"
	case string:
		return "string"
	case Symbol:
		return "symbol"
	case *Symbol:
		if x == nil {
			return ""
		}
		return "symbol"
	case []any, []string:
		return "copyArray"
	case map[string]any:
		return "copyRecord"
	case Tagged:
		return "tagged"
	case *Tagged:
		if x == nil {
			return ""
		}
		return "tagged"
	case Error:
		return "error"
	case *Error:
		if x == nil {
			return ""
		}
		return "error"
	case *Ref:
		switch {
		case x == nil:
			return ""
		case x.Promise:
			return "promise"
		}
		return "remotable"
	}
	return ""
}
