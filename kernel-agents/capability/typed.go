package capability

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// Option adjusts a capability declared with [New].
type Option func(*typedConfig)

type typedConfig struct {
	returnsDesc   string
	returnsSchema json.RawMessage
	noReturns     bool
}

// Returns documents the result: its schema is derived from the result type
// R, with the given description. Without Returns (or [ReturnsSchema]) the
// schema has no "returns" entry.
func Returns(description string) Option {
	return func(c *typedConfig) { c.returnsDesc = description; c.noReturns = false }
}

// ReturnsSchema sets an explicit JSON schema for the result.
func ReturnsSchema(schema json.RawMessage) Option {
	return func(c *typedConfig) { c.returnsSchema = schema; c.noReturns = false }
}

// New declares a capability from a Go function with typed arguments, the
// counterpart of upstream's capability(func, schema) where the TypeScript
// argument type and the schema are written side by side.
//
// A must be a struct: each exported field is one named argument, named by
// its json tag (or field name) and described by its `desc` tag; fields keep
// their declaration order. The argument schemas are derived from the field
// types: strings are "string", Go numbers "number", bool "boolean", slices
// and arrays "array" with "items", maps and structs "object", and interface
// types or json.RawMessage the empty schema {}. The model's JSON object is
// decoded into A before fn runs; a decoding failure is returned as an error
// naming the capability argument.
func New[A, R any](description string, fn func(ctx context.Context, args A) (R, error), opts ...Option) (Capability, error) {
	cfg := typedConfig{noReturns: true}
	for _, o := range opts {
		o(&cfg)
	}
	at := reflect.TypeFor[A]()
	if at.Kind() != reflect.Struct {
		return Capability{}, fmt.Errorf("capability argument type %v is not a struct", at)
	}
	var args []Arg
	for f := range at.Fields() {
		if !f.IsExported() {
			continue
		}
		name, skip := jsonName(f)
		if skip {
			continue
		}
		s, err := typeSchema(f.Type, f.Tag.Get("desc"))
		if err != nil {
			return Capability{}, fmt.Errorf("argument %q: %w", name, err)
		}
		args = append(args, Arg{Name: name, Schema: s})
	}
	schema := Schema{Description: description, Args: args}
	switch {
	case cfg.returnsSchema != nil:
		schema.Returns = cfg.returnsSchema
	case !cfg.noReturns:
		s, err := typeSchema(reflect.TypeFor[R](), cfg.returnsDesc)
		if err != nil {
			return Capability{}, fmt.Errorf("result: %w", err)
		}
		schema.Returns = s
	}
	f := func(ctx context.Context, raw json.RawMessage) (any, error) {
		var a A
		if len(raw) > 0 && !bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
			if err := json.Unmarshal(raw, &a); err != nil {
				return nil, fmt.Errorf("invalid arguments: %w", err)
			}
		}
		return fn(ctx, a)
	}
	return Capability{Func: f, Schema: schema}, nil
}

// MustNew is [New] for capabilities declared at package level, where a
// schema error is a programming error.
func MustNew[A, R any](description string, fn func(ctx context.Context, args A) (R, error), opts ...Option) Capability {
	c, err := New(description, fn, opts...)
	if err != nil {
		panic(fmt.Sprintf("capability.MustNew: %v", err))
	}
	return c
}

func jsonName(f reflect.StructField) (name string, skip bool) {
	tag := f.Tag.Get("json")
	if tag == "-" {
		return "", true
	}
	name, _, _ = strings.Cut(tag, ",")
	if name == "" {
		name = f.Name
	}
	return name, false
}

var rawMessageType = reflect.TypeFor[json.RawMessage]()

// typeSchema derives a JSON schema for t, with keys in upstream's literal
// order: type, description, then items or properties.
func typeSchema(t reflect.Type, desc string) (json.RawMessage, error) {
	var b bytes.Buffer
	if err := writeTypeSchema(&b, t, desc, 0); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func writeTypeSchema(b *bytes.Buffer, t reflect.Type, desc string, depth int) error {
	if depth > 32 {
		return fmt.Errorf("type %v nests too deeply", t)
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	open := func(typ string) {
		b.WriteByte('{')
		if typ != "" {
			b.WriteString(`"type":`)
			b.Write(MarshalJS(typ))
		}
		if desc != "" {
			if typ != "" {
				b.WriteByte(',')
			}
			b.WriteString(`"description":`)
			b.Write(MarshalJS(desc))
		}
	}
	if t == rawMessageType {
		open("")
		b.WriteByte('}')
		return nil
	}
	switch t.Kind() {
	case reflect.String:
		open("string")
	case reflect.Bool:
		open("boolean")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		open("number")
	case reflect.Slice, reflect.Array:
		open("array")
		b.WriteString(`,"items":`)
		if err := writeTypeSchema(b, t.Elem(), "", depth+1); err != nil {
			return err
		}
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return fmt.Errorf("map key type %v is not string", t.Key())
		}
		open("object")
	case reflect.Struct:
		open("object")
		b.WriteString(`,"properties":{`)
		first := true
		for f := range t.Fields() {
			if !f.IsExported() {
				continue
			}
			name, skip := jsonName(f)
			if skip {
				continue
			}
			if !first {
				b.WriteByte(',')
			}
			first = false
			b.Write(MarshalJS(name))
			b.WriteByte(':')
			if err := writeTypeSchema(b, f.Type, f.Tag.Get("desc"), depth+1); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case reflect.Interface:
		open("")
	default:
		return fmt.Errorf("type %v has no JSON schema", t)
	}
	b.WriteByte('}')
	return nil
}
