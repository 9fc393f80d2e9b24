// Package capability describes the tools an agent may invoke: a function
// plus the JSON-schema description that the language model reads.
//
// It is the Go port of upstream kernel-agents' capability, end and math
// modules. A capability takes one JSON object of named arguments
// (as the model wrote it) and returns a JSON-encodable result. Schemas keep
// the order of their argument names, because upstream relies on it twice:
// the prompt shows them in that order, and discovered kernel objects receive
// the named arguments positionally in that order.
package capability

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Func is the code behind a capability. args is the JSON object the model
// supplied (nil when it gave none). A nil result is JavaScript undefined: the
// result is left out of the transcript, as upstream's JSON.stringify does for
// a capability that returns nothing; return json.RawMessage("null") for an
// explicit null.
type Func func(ctx context.Context, args json.RawMessage) (any, error)

// Capability is a function together with its schema, upstream's
// CapabilitySpec.
type Capability struct {
	Func   Func
	Schema Schema
}

// Record maps capability names to capabilities, upstream's CapabilityRecord.
// Records are merged with kernelutils.MergeDisjointRecords so that a name
// collision is an error rather than a silent overwrite.
type Record = map[string]Capability

// Arg is one named argument of a schema.
type Arg struct {
	Name string
	// Schema is the argument's JSON schema, as compact JSON.
	Schema json.RawMessage
}

// Schema is what the language model sees of a capability, upstream's
// MethodSchema: {"description", "args": {name: JSON schema}, "required"?,
// "returns"?}.
type Schema struct {
	Description string
	// Args are the named arguments in declaration order.
	Args []Arg
	// Required names the arguments that must be given; nil is absent,
	// which upstream reads as every argument being required.
	Required []string
	// Returns is the optional JSON schema of the result (nil: absent).
	Returns json.RawMessage
}

// IsRequired reports whether the argument name must be given.
func (s Schema) IsRequired(name string) bool {
	return s.Required == nil || slices.Contains(s.Required, name)
}

// ArgNames returns the argument names in declaration order.
func (s Schema) ArgNames() []string {
	names := make([]string, len(s.Args))
	for i, a := range s.Args {
		names[i] = a.Name
	}
	return names
}

// MarshalJSON writes {"description":…,"args":{…},"required":[…],"returns":…}
// with the arguments in declaration order, the key order of upstream's
// schema literals and of its S.method.
func (s Schema) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"description":`)
	b.Write(MarshalJS(s.Description))
	b.WriteString(`,"args":{`)
	for i, a := range s.Args {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(MarshalJS(a.Name))
		b.WriteByte(':')
		if err := writeCompact(&b, a.Schema); err != nil {
			return nil, fmt.Errorf("schema of argument %q: %w", a.Name, err)
		}
	}
	b.WriteByte('}')
	if s.Required != nil {
		b.WriteString(`,"required":`)
		b.Write(MarshalJS(s.Required))
	}
	if len(s.Returns) > 0 {
		b.WriteString(`,"returns":`)
		if err := writeCompact(&b, s.Returns); err != nil {
			return nil, fmt.Errorf("returns schema: %w", err)
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads a schema, keeping the argument order of the text.
func (s *Schema) UnmarshalJSON(data []byte) error {
	var raw struct {
		Description string          `json:"description"`
		Args        json.RawMessage `json:"args"`
		Required    []string        `json:"required"`
		Returns     json.RawMessage `json:"returns"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	args, err := orderedMembers(raw.Args)
	if err != nil {
		return fmt.Errorf("schema args: %w", err)
	}
	*s = Schema{Description: raw.Description, Args: args, Required: raw.Required}
	if len(raw.Returns) > 0 && !bytes.Equal(raw.Returns, []byte("null")) {
		s.Returns = raw.Returns
	}
	return nil
}

// orderedMembers splits a JSON object into its members in text order. null
// or an absent value is an empty object.
func orderedMembers(obj json.RawMessage) ([]Arg, error) {
	if len(obj) == 0 || bytes.Equal(bytes.TrimSpace(obj), []byte("null")) {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(obj))
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, errors.New("not a JSON object")
	}
	var out []Arg
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		name, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		if i := slices.IndexFunc(out, func(a Arg) bool { return a.Name == name }); i >= 0 {
			out[i].Schema = v // JSON.parse keeps the last duplicate
			continue
		}
		out = append(out, Arg{Name: name, Schema: v})
	}
	return out, nil
}

func writeCompact(b *bytes.Buffer, raw json.RawMessage) error {
	if len(raw) == 0 {
		b.WriteString("{}")
		return nil
	}
	return json.Compact(b, raw)
}

// Schemas returns the schemas of a record, upstream's
// extractCapabilitySchemas, in the order given by Names.
func Schemas(caps Record) []Named {
	out := make([]Named, 0, len(caps))
	for _, name := range Names(caps) {
		out = append(out, Named{Name: name, Schema: caps[name].Schema})
	}
	return out
}

// Named is a schema with its capability name; a slice of them is an ordered
// JSON object of schemas (see [NamedList]).
type Named struct {
	Name   string
	Schema Schema
}

// NamedList is an ordered record of schemas; it marshals as a JSON object
// whose keys keep the slice order, which a Go map cannot do.
type NamedList []Named

// MarshalJSON writes {"name":schema,…} in slice order.
func (l NamedList) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, n := range l {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(MarshalJS(n.Name))
		b.WriteByte(':')
		s, err := n.Schema.MarshalJSON()
		if err != nil {
			return nil, fmt.Errorf("schema of %q: %w", n.Name, err)
		}
		b.Write(s)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// Names returns the names of a record in a deterministic order: sorted,
// except that "end" comes last. Upstream orders capabilities by insertion
// and adds end after the task's capabilities; a Go map has no insertion
// order, so sorting is the stable substitute.
func Names(caps Record) []string {
	names := make([]string, 0, len(caps))
	for name := range caps {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int {
		switch {
		case a == b:
			return 0
		case a == EndName:
			return 1
		case b == EndName:
			return -1
		}
		return strings.Compare(a, b)
	})
	return names
}

// MarshalJS encodes v as JavaScript's JSON.stringify would for JSON data:
// without Go's HTML escaping of <, > and &.
func MarshalJS(v any) []byte {
	b, err := marshalJS(v)
	if err != nil {
		// Only strings and schemas built here reach MarshalJS; they
		// always encode.
		panic(fmt.Sprintf("capability: MarshalJS: %v", err))
	}
	return b
}

// marshalJS is MarshalJS returning the error, for arbitrary values.
func marshalJS(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// EncodeJSON encodes a capability argument or result for the transcript,
// without HTML escaping, like JSON.stringify. Callers that need "undefined"
// (leave the key out) check for nil first.
func EncodeJSON(v any) (json.RawMessage, error) {
	if raw, ok := v.(json.RawMessage); ok {
		var b bytes.Buffer
		if err := json.Compact(&b, raw); err != nil {
			return nil, err
		}
		return b.Bytes(), nil
	}
	return marshalJS(v)
}
