package rpc

import (
	"math"
	"strconv"
)

// This file re-implements the subset of @metamask/superstruct 3.x that the
// kernel-control param specs use. Only the first failure of a validation
// is ever reported upstream (assert → StructError), so a schema here
// returns just that failure, found in superstruct's order: a struct's own
// validator first, then its entries in order (for object(): the schema's
// known keys in declaration order, then unknown keys in property order),
// then refinements.

// failure is the first validation failure: where, and superstruct's text.
type failure struct {
	path    []string
	message string
}

// schema validates v (nil = undefined) found at path.
type schema func(v *jsValue, path []string) *failure

// is reports whether v passes s (superstruct's is()).
func is(v *jsValue, s schema) bool { return s(v, nil) == nil }

func childPath(path []string, key string) []string {
	p := make([]string, len(path)+1)
	copy(p, path)
	p[len(path)] = key
	return p
}

// typeFailure is the default message of define()-style structs.
func typeFailure(path []string, typ string, v *jsValue) *failure {
	return &failure{path, "Expected a value of type `" + typ + "`, but received: `" + printValue(v) + "`"}
}

// sDefine is superstruct's define(name, predicate).
func sDefine(name string, pred func(*jsValue) bool) schema {
	return func(v *jsValue, path []string) *failure {
		if pred(v) {
			return nil
		}
		return typeFailure(path, name, v)
	}
}

// sNever is never(): used for unknown object keys and extra tuple items.
func sNever() schema {
	return sDefine("never", func(*jsValue) bool { return false })
}

// sString is string().
func sString() schema {
	return func(v *jsValue, path []string) *failure {
		if v != nil && v.kind == jsString {
			return nil
		}
		return &failure{path, "Expected a string, but received: " + printValue(v)}
	}
}

// sBoolean is boolean().
func sBoolean() schema {
	return sDefine("boolean", func(v *jsValue) bool { return v != nil && v.kind == jsBool })
}

// sLiteral is literal(s) for a string constant.
func sLiteral(s string) schema {
	return func(v *jsValue, path []string) *failure {
		if v != nil && v.kind == jsString && v.s == s {
			return nil
		}
		return &failure{path, "Expected the literal `" + jsQuote(s) + "`, but received: " + printValue(v)}
	}
}

// sArray is array(elem).
func sArray(elem schema) schema {
	return func(v *jsValue, path []string) *failure {
		if v == nil || v.kind != jsArray {
			return &failure{path, "Expected an array value, but received: " + printValue(v)}
		}
		for i, e := range v.arr {
			if f := elem(e, childPath(path, strconv.Itoa(i))); f != nil {
				return f
			}
		}
		return nil
	}
}

// sEmpty is the empty() refinement of an array struct.
func sEmpty(arr schema) schema {
	return func(v *jsValue, path []string) *failure {
		if f := arr(v, path); f != nil {
			return f
		}
		if n := len(v.arr); n != 0 {
			return &failure{path, "Expected an empty array but received one with a size of `" + strconv.Itoa(n) + "`"}
		}
		return nil
	}
}

// sTuple is tuple(elems): an array whose items beyond len(elems) must not
// exist (they fail as `never`).
func sTuple(elems ...schema) schema {
	never := sNever()
	return func(v *jsValue, path []string) *failure {
		if v == nil || v.kind != jsArray {
			return &failure{path, "Expected an array, but received: " + printValue(v)}
		}
		for i := 0; i < max(len(elems), len(v.arr)); i++ {
			var item *jsValue
			if i < len(v.arr) {
				item = v.arr[i]
			}
			s := never
			if i < len(elems) {
				s = elems[i]
			}
			if f := s(item, childPath(path, strconv.Itoa(i))); f != nil {
				return f
			}
		}
		return nil
	}
}

// field is one key of an object() schema; exactOptional keys are skipped
// when absent (and validated when present).
type field struct {
	name          string
	schema        schema
	exactOptional bool
}

// sObject is the strict object(schema): arrays pass the object check (as
// in superstruct), unknown keys fail as `never`.
func sObject(fields ...field) schema {
	never := sNever()
	known := make(map[string]bool, len(fields))
	for _, f := range fields {
		known[f.name] = true
	}
	return func(v *jsValue, path []string) *failure {
		if !v.isObject() {
			return &failure{path, "Expected an object, but received: " + printValue(v)}
		}
		for _, fd := range fields {
			if fd.exactOptional && !v.hasOwn(fd.name) {
				continue
			}
			if f := fd.schema(v.get(fd.name), childPath(path, fd.name)); f != nil {
				return f
			}
		}
		for _, k := range v.keys() {
			if known[k] {
				continue
			}
			if f := never(v.get(k), childPath(path, k)); f != nil {
				return f
			}
		}
		return nil
	}
}

// sRecord is record(string(), value): every own key's value must pass.
func sRecord(value schema) schema {
	return func(v *jsValue, path []string) *failure {
		if !v.isObject() {
			return &failure{path, "Expected an object, but received: " + printValue(v)}
		}
		for _, k := range v.keys() {
			if f := value(v.get(k), childPath(path, k)); f != nil {
				return f
			}
		}
		return nil
	}
}

// sUnion is union(members); description is the members' struct types
// joined with " | " as superstruct prints them.
func sUnion(description string, members ...schema) schema {
	return func(v *jsValue, path []string) *failure {
		for _, m := range members {
			if m(v, path) == nil {
				return nil
			}
		}
		return &failure{path, "Expected the value to satisfy a union of `" + description + "`, but received: " + printValue(v)}
	}
}

// isJSONValue is @metamask/utils' JSON check (UnsafeJsonStruct): any value
// JSON.parse can produce except non-finite numbers (e.g. 1e400).
func isJSONValue(v *jsValue) bool {
	if v == nil {
		return false
	}
	switch v.kind {
	case jsNumber:
		return !math.IsInf(v.n, 0) && !math.IsNaN(v.n)
	case jsArray:
		for _, e := range v.arr {
			if !isJSONValue(e) {
				return false
			}
		}
	case jsObject:
		for _, m := range v.obj {
			if !isJSONValue(m.val) {
				return false
			}
		}
	}
	return true
}

// hasPrefixDigits reports whether s is prefix followed by one or more ASCII
// digits, i.e. matches /^<prefix>\d+$/u.
func hasPrefixDigits(s, prefix string) bool {
	if len(s) <= len(prefix) || s[:len(prefix)] != prefix {
		return false
	}
	for i := len(prefix); i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// IsVatID reports whether s is accepted as a VatId (upstream HEAD:
// /^v\d+$/, so non-canonical ids such as "v01" and "v0" pass).
func IsVatID(s string) bool { return hasPrefixDigits(s, "v") }

// IsKRef reports whether s is accepted as a KRef (/^k[op]\d+$/).
func IsKRef(s string) bool { return hasPrefixDigits(s, "ko") || hasPrefixDigits(s, "kp") }

// IsSubclusterID reports whether s is accepted as a SubclusterId (/^s\d+$/).
func IsSubclusterID(s string) bool { return hasPrefixDigits(s, "s") }

func stringPred(pred func(string) bool) func(*jsValue) bool {
	return func(v *jsValue) bool { return v != nil && v.kind == jsString && pred(v.s) }
}

// sMinInteger is min(integer(), n): superstruct's integer() then min().
func sMinInteger(n int) schema {
	return func(v *jsValue, path []string) *failure {
		if v == nil || v.kind != jsNumber || v.n != float64(int64(v.n)) {
			return &failure{path, "Expected an integer, but received: " + printValue(v)}
		}
		if v.n < float64(n) {
			return &failure{path, "Expected a integer greater than or equal to " + strconv.Itoa(n) + " but received `" + printValue(v) + "`"}
		}
		return nil
	}
}
