package cli

import (
	"errors"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
)

// The few pieces of JavaScript's object semantics that upstream's
// prettifySmallcaps can reach with a hostile body: a record key
// "__proto__" assigned through Object.prototype's __proto__ setter (which
// replaces the prototype instead of adding a key), and String() of
// objects (a tag, or an error's name or message, that is not a string),
// which goes through ToPrimitive, Array.prototype.toString and join.

// jsNullProto is the prototype null.
type jsNullProto struct{}

// jsBuiltin is a built-in method found on Object.prototype or
// Array.prototype; walked values themselves are never callable.
type jsBuiltin int

const (
	objectToString jsBuiltin = iota
	objectValueOf
	arrayToString
	arrayJoin
)

// errNoPrimitive is V8's TypeError for an object without a usable
// toString or valueOf.
var errNoPrimitive = errors.New("Cannot convert object to primitive value")

// errStringLength is V8's RangeError for a string longer than it allows.
var errStringLength = errors.New("Invalid string length")

// maxJSStringLength is V8's string length limit (2^29 - 24).
const maxJSStringLength = 1<<29 - 24

// assign is `o[key] = v` ([[Set]] on an ordinary object): "__proto__"
// reaching Object.prototype's accessor sets the prototype to an object or
// null and ignores anything else; every other key, and "__proto__" once
// the chain no longer leads to that accessor, becomes an own property.
func assign(o *jsObject, key string, v any) {
	if _, own := o.vals[key]; own || key != "__proto__" || !reachesProtoAccessor(o.proto) {
		o.set(key, v)
		return
	}
	switch v.(type) {
	case *jsObject, []any:
		o.proto = v
	case nil:
		o.proto = jsNullProto{}
	}
}

// reachesProtoAccessor reports whether looking "__proto__" up from proto
// ends at Object.prototype's accessor rather than at a data property.
func reachesProtoAccessor(proto any) bool {
	for {
		switch p := proto.(type) {
		case nil: // Object.prototype
			return true
		case jsNullProto:
			return false
		case []any: // own indices and length, then Array.prototype
			return true
		case *jsObject:
			if _, ok := p.vals["__proto__"]; ok {
				return false
			}
			proto = p.proto
		default:
			return false
		}
	}
}

// lookup is [[Get]] of key on v's prototype chain; ok is false for
// undefined.
func lookup(v any, key string) (any, bool) {
	for {
		switch o := v.(type) {
		case *jsObject:
			if e, ok := o.vals[key]; ok {
				return e, true
			}
			if o.proto == nil {
				return objectProtoLookup(key)
			}
			v = o.proto
		case []any:
			if n, ok := arrayIndex(key); ok {
				if int64(n) < int64(len(o)) {
					return o[n], true
				}
			} else if key == "length" {
				return float64(len(o)), true
			}
			switch key {
			case "toString":
				return arrayToString, true
			case "join":
				return arrayJoin, true
			}
			return objectProtoLookup(key)
		default: // jsNullProto
			return nil, false
		}
	}
}

func objectProtoLookup(key string) (any, bool) {
	switch key {
	case "toString":
		return objectToString, true
	case "valueOf":
		return objectValueOf, true
	}
	return nil, false
}

// toPrimitive is ToPrimitive(v, string) for the objects of a walk (also
// what ToPrimitive(v, number) gives for them: valueOf never answers a
// primitive).
func toPrimitive(v any) (string, error) {
	for _, name := range []string{"toString", "valueOf"} {
		m, ok := lookup(v, name)
		b, callable := m.(jsBuiltin)
		if !ok || !callable {
			continue
		}
		switch b {
		case objectToString:
			return objectTag(v), nil
		case arrayToString:
			if j, _ := lookup(v, "join"); j == arrayJoin {
				return join(v)
			}
			return objectTag(v), nil
		}
		// objectValueOf returns the object itself: not a primitive.
	}
	return "", errNoPrimitive
}

func objectTag(v any) string {
	if _, ok := v.([]any); ok {
		return "[object Array]"
	}
	return "[object Object]"
}

// join is Array.prototype.join.call(v) with the separator ",".
func join(v any) (string, error) {
	lenV, ok := lookup(v, "length")
	if !ok {
		lenV = jsUndefined{}
	}
	n, err := toLength(lenV)
	if err != nil {
		return "", err
	}
	if n > 0 && n-1 > maxJSStringLength {
		return "", errStringLength
	}
	var b strings.Builder
	for k := float64(0); k < n; k++ {
		if k > 0 {
			b.WriteByte(',')
		}
		e, ok := lookup(v, strconv.FormatFloat(k, 'f', -1, 64))
		if ok && e != nil {
			if _, u := e.(jsUndefined); !u {
				s, err := toJSString(e)
				if err != nil {
					return "", err
				}
				b.WriteString(s)
			}
		}
		if b.Len() > maxJSStringLength {
			return "", errStringLength
		}
	}
	return b.String(), nil
}

// toJSString is String(v) for the values of a walk.
func toJSString(v any) (string, error) {
	switch x := v.(type) {
	case *jsObject, []any:
		return toPrimitive(x)
	}
	return primitiveString(v), nil
}

func primitiveString(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case jsUndefined:
		return "undefined"
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return jsNumberString(x)
	case string:
		return x
	}
	return "[object Object]"
}

// toLength is ToLength(v): ToNumber, truncated and clamped to [0, 2^53-1].
func toLength(v any) (float64, error) {
	var f float64
	switch x := v.(type) {
	case *jsObject, []any:
		s, err := toPrimitive(x)
		if err != nil {
			return 0, err
		}
		f = stringToNumber(s)
	default:
		f = toNumber(v)
	}
	if math.IsNaN(f) || f <= 0 {
		return 0, nil
	}
	return math.Min(math.Trunc(f), 1<<53-1), nil
}

func toNumber(v any) float64 {
	switch x := v.(type) {
	case nil:
		return 0
	case bool:
		if x {
			return 1
		}
		return 0
	case float64:
		return x
	case string:
		return stringToNumber(x)
	}
	return math.NaN() // undefined
}

// jsSpace is StrWhiteSpaceChar: WhiteSpace and LineTerminator.
const jsSpace = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"

var jsDecimal = regexp.MustCompile(`^[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|Infinity)$`)

// stringToNumber is ToNumber of a string (StringToNumber).
func stringToNumber(s string) float64 {
	s = strings.Trim(s, jsSpace)
	if s == "" {
		return 0
	}
	if len(s) > 2 && s[0] == '0' {
		base := 0
		switch s[1] {
		case 'x', 'X':
			base = 16
		case 'o', 'O':
			base = 8
		case 'b', 'B':
			base = 2
		}
		if base != 0 {
			n, ok := new(big.Int).SetString(s[2:], base)
			if !ok || strings.ContainsAny(s[2:], "_+-") {
				return math.NaN()
			}
			f, _ := new(big.Float).SetInt(n).Float64()
			return f
		}
	}
	if !jsDecimal.MatchString(s) {
		return math.NaN()
	}
	switch strings.TrimLeft(s, "+") {
	case "Infinity":
		return math.Inf(1)
	case "-Infinity":
		return math.Inf(-1)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return math.NaN()
	}
	return f
}
