package kernelutils

import "reflect"

// undefinedType is unexported so that [Undefined] is the only value of its
// type: nobody can construct a look-alike, and reassigning the variable can
// only store the same value again.
type undefinedType struct{}

// String makes fmt (and therefore [Stringify]'s fallback) print "undefined",
// the way upstream String(undefined) does.
func (undefinedType) String() string { return "undefined" }

// MarshalJSON refuses to encode: an Undefined that reaches an encoder is a bug
// (it should have been removed by [IfDefined]), and writing {} or null would
// hide it.
func (undefinedType) MarshalJSON() ([]byte, error) {
	return nil, errUndefinedJSON
}

// Undefined marks a map entry as absent, like JavaScript's undefined. It
// exists so that callers can write IfDefined(map[string]any{"k": v}) with a
// computed v that may or may not be present, while keeping an explicit nil as
// a real value (JSON null).
var Undefined = undefinedType{}

// IfDefined returns a new map with the entries of m that are present, the Go
// counterpart of upstream ifDefined, which builds option bags without absent
// members. An entry is absent, and dropped, when its value is
//
//   - [Undefined];
//   - a typed nil pointer, func, channel or unsafe pointer (such as
//     (*int)(nil) or a nil func(string)), which is how Go option structs
//     spell "not given";
//   - an unset [Optional] (any value whose IsSet method reports false).
//
// An untyped nil, nil maps and nil slices are kept: they are values (JSON
// null), just as upstream keeps an explicit null. The result is never nil and
// never aliases m.
func IfDefined(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if isAbsent(v) {
			continue
		}
		out[k] = v
	}
	return out
}

// isSetter is implemented by every Optional[T]; IfDefined uses it without
// knowing T.
type isSetter interface{ IsSet() bool }

func isAbsent(v any) bool {
	if v == nil {
		return false
	}
	if _, ok := v.(undefinedType); ok {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Func, reflect.Chan, reflect.UnsafePointer:
		if rv.IsNil() {
			return true
		}
	}
	if s, ok := v.(isSetter); ok {
		return !s.IsSet()
	}
	return false
}
