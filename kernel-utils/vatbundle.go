package kernelutils

import (
	"encoding/json"
	"errors"
	"fmt"
)

// VatBundleFormat is the only bundle format the kernel loads: one script
// that assigns the vat's namespace to __vatExports__.
const VatBundleFormat = "iife"

// ErrInvalidBundle is matched (with errors.Is) by every error that
// [ParseVatBundle] and [VatBundle.Validate] return.
var ErrInvalidBundle = errors.New("invalid vat bundle")

// InvalidBundleError says why a vat bundle was rejected. Its message is the
// upstream loader's text, so users see the same words as with the
// TypeScript kernel.
type InvalidBundleError struct {
	// Field is the offending member ("moduleFormat", "code", "exports",
	// "external"), or "" when the document itself is not a JSON object.
	Field string
	// Msg is the upstream message.
	Msg string
	// Err is the underlying decoding error, if any.
	Err error
}

func (e *InvalidBundleError) Error() string {
	if e.Err != nil {
		return e.Msg + ": " + e.Err.Error()
	}
	return e.Msg
}

// Unwrap exposes the decoding error.
func (e *InvalidBundleError) Unwrap() error { return e.Err }

// Is makes every InvalidBundleError match [ErrInvalidBundle].
func (e *InvalidBundleError) Is(target error) bool { return target == ErrInvalidBundle }

// VatBundle is the upstream vat bundle file, as written by `ocap bundle` and
// read by the kernel when it launches a vat.
type VatBundle struct {
	ModuleFormat string   `json:"moduleFormat"`
	Code         string   `json:"code"`
	Exports      []string `json:"exports"`
	External     []string `json:"external"`
}

// Validate checks the invariants that the kernel relies on: the "iife"
// format and non-empty code. Nil Exports and External are fine; they are
// written as empty arrays.
func (b *VatBundle) Validate() error {
	if b.ModuleFormat != VatBundleFormat {
		return &InvalidBundleError{Field: "moduleFormat", Msg: "Unknown bundle format: " + b.ModuleFormat}
	}
	if b.Code == "" {
		return &InvalidBundleError{Field: "code", Msg: "Invalid bundle: missing code"}
	}
	return nil
}

// MarshalJSON writes nil Exports and External as [] so that the output
// always satisfies upstream isVatBundle.
func (b VatBundle) MarshalJSON() ([]byte, error) {
	type plain VatBundle
	p := plain(b)
	if p.Exports == nil {
		p.Exports = []string{}
	}
	if p.External == nil {
		p.External = []string{}
	}
	return json.Marshal(p)
}

// ParseVatBundle decodes and validates a bundle file. It is stricter about
// JSON types than encoding/json alone: moduleFormat must be the string
// "iife", code a non-empty string, and exports and external present arrays
// of strings. Unknown members are ignored, as upstream does. Every error is
// an *[InvalidBundleError].
func ParseVatBundle(data []byte) (*VatBundle, error) {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(data, &members); err != nil || members == nil {
		if err == nil {
			err = errors.New("got null")
		}
		return nil, &InvalidBundleError{Msg: "Invalid bundle: not a JSON object", Err: err}
	}
	var b VatBundle

	raw, ok := members["moduleFormat"]
	if err := json.Unmarshal(raw, &b.ModuleFormat); !ok || err != nil || b.ModuleFormat != VatBundleFormat {
		return nil, &InvalidBundleError{Field: "moduleFormat", Msg: "Unknown bundle format: " + jsText(raw, ok)}
	}

	raw, ok = members["code"]
	if !ok || isJSONNull(raw) {
		return nil, &InvalidBundleError{Field: "code", Msg: "Invalid bundle: missing code"}
	}
	if err := json.Unmarshal(raw, &b.Code); err != nil {
		return nil, &InvalidBundleError{Field: "code", Msg: "Invalid bundle: code must be a string"}
	}
	if b.Code == "" {
		return nil, &InvalidBundleError{Field: "code", Msg: "Invalid bundle: missing code"}
	}

	for _, f := range []struct {
		name string
		dst  *[]string
	}{{"exports", &b.Exports}, {"external", &b.External}} {
		strs, ok := stringArray(members[f.name])
		if !ok {
			return nil, &InvalidBundleError{Field: f.name,
				Msg: fmt.Sprintf("Invalid bundle: %s must be an array of strings", f.name)}
		}
		*f.dst = strs
	}
	return &b, nil
}

// stringArray decodes raw as a JSON array whose every element is a string;
// encoding/json alone would turn a null element into "".
func stringArray(raw json.RawMessage) ([]string, bool) {
	var elems []json.RawMessage
	if raw == nil || isJSONNull(raw) || json.Unmarshal(raw, &elems) != nil {
		return nil, false
	}
	out := make([]string, len(elems))
	for i, e := range elems {
		if len(e) == 0 || e[0] != '"' || json.Unmarshal(e, &out[i]) != nil {
			return nil, false
		}
	}
	return out, true
}

func isJSONNull(raw json.RawMessage) bool { return string(raw) == "null" }

// jsText renders a member the way a JavaScript template literal would show
// it in upstream's message: strings bare, a missing member as "undefined",
// anything else as its JSON text.
func jsText(raw json.RawMessage, present bool) string {
	if !present {
		return "undefined"
	}
	var s string
	if !isJSONNull(raw) && json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}
