package kernelutils

import (
	"bytes"
	"encoding/json"
	"errors"
)

var errUndefinedJSON = errors.New("kernelutils: Undefined cannot be encoded as JSON; remove it with IfDefined")

// Optional holds a value that may be absent. It is the typed counterpart of an
// upstream optional property under exactOptionalPropertyTypes: "absent" and
// "present but null" are different states.
//
// The zero value is unset. Combined with the `omitzero` struct tag (which
// honours [Optional.IsZero]), an unset field leaves its JSON key out
// entirely, Some(nil) writes null, and Some(v) writes v:
//
//	type Options struct {
//		Seed   Optional[int]    `json:"seed,omitzero"`
//		Logger Optional[*string] `json:"logger,omitzero"`
//	}
type Optional[T any] struct {
	value T
	set   bool
}

// Some returns an Optional holding v. v may itself be nil (for pointer,
// interface, map or slice T): that is a present null, not an absent value.
func Some[T any](v T) Optional[T] { return Optional[T]{value: v, set: true} }

// None returns an unset Optional; it equals the zero value and exists to make
// call sites read clearly.
func None[T any]() Optional[T] { return Optional[T]{} }

// IsSet reports whether a value is present.
func (o Optional[T]) IsSet() bool { return o.set }

// IsZero reports whether o is unset, so that `omitzero` leaves the key out.
func (o Optional[T]) IsZero() bool { return !o.set }

// Get returns the value and whether it is present, like a map lookup.
func (o Optional[T]) Get() (T, bool) { return o.value, o.set }

// OrElse returns the value if present and def otherwise.
func (o Optional[T]) OrElse(def T) T {
	if o.set {
		return o.value
	}
	return def
}

// MarshalJSON encodes the held value. An unset Optional encodes as null; use
// `omitzero` to omit it instead.
func (o Optional[T]) MarshalJSON() ([]byte, error) {
	if !o.set {
		return []byte("null"), nil
	}
	return json.Marshal(o.value)
}

// UnmarshalJSON marks o as set and decodes the value. It runs only when the
// key is present, so a missing key leaves o unset. A JSON null sets o to
// Some of T's zero value (nil for pointers, maps, slices and interfaces).
func (o *Optional[T]) UnmarshalJSON(data []byte) error {
	var v T
	if !bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		if err := json.Unmarshal(data, &v); err != nil {
			return err
		}
	}
	*o = Optional[T]{value: v, set: true}
	return nil
}
