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

// Described is a value's shape, authored once: the pattern that a call's
// argument (or result) must match and the JSON schema that describes it to
// the model, upstream's Described ({pattern, schema}) from the S
// combinators. Because both come from one leaf they cannot drift.
type Described struct {
	schema json.RawMessage // nil for S.Nothing
	match  func(v any) error
	kind   string // for signatures: the schema's "type"
}

// Schema returns the JSON schema (nil for S.Nothing, which has none).
func (d Described) Schema() json.RawMessage { return d.schema }

// Match checks a decoded JSON value (nil, bool, float64 or json.Number,
// string, []any, map[string]any) against the pattern.
func (d Described) Match(v any) error { return d.match(v) }

// NamedArg is a named positional parameter, upstream's S.arg.
type NamedArg struct {
	Name      string
	Described Described
	Optional  bool
}

// DescribedMethod is a method's call shape and its schema, upstream's
// S.method: the guard is the arguments' patterns (required ones first,
// then optional ones, trailing) and the result's.
type DescribedMethod struct {
	Schema  Schema
	args    []NamedArg
	returns Described
}

// DescribedInterface is an interface's methods, upstream's S.interface:
// the schemas (the __getDescription__ payload) and the guards that
// Internal enforces.
type DescribedInterface struct {
	Name    string
	Methods map[string]DescribedMethod
}

// Schemas returns the per-method schemas.
func (di DescribedInterface) Schemas() map[string]Schema {
	out := make(map[string]Schema, len(di.Methods))
	for name, m := range di.Methods {
		out[name] = m.Schema
	}
	return out
}

// Property is one property of S.Object, in declaration order (a Go map
// has none, and upstream's schema keeps it).
type Property struct {
	Name      string
	Described Described
}

// ObjectOptions are S.Object's options.
type ObjectOptions struct {
	// Optional names the properties that may be omitted.
	Optional []string
	// Description is the object's description ("" for none).
	Description string
}

// combinators is the type of S.
type combinators struct{}

// S holds upstream's combinators for authoring a value's pattern and JSON
// schema from one source: leaves String, Number, Boolean, ArrayOf, Record,
// Object and Nothing; Arg names a positional parameter; Method and
// Interface assemble them. A description of "" means none (upstream's
// undefined).
var S combinators

// withDescription appends "description" after the schema's other keys,
// as upstream's {...schema, description} does.
func withDescription(parts []string, description string) json.RawMessage {
	if description != "" {
		parts = append(parts, `"description":`+string(MarshalJS(description)))
	}
	return json.RawMessage("{" + strings.Join(parts, ",") + "}")
}

// String matches a string; describes {"type":"string"}.
func (combinators) String(description string) Described {
	return Described{
		schema: withDescription([]string{`"type":"string"`}, description),
		match:  kindMatcher("string", func(v any) bool { _, ok := v.(string); return ok }),
		kind:   "string",
	}
}

// Number matches a number; describes {"type":"number"}.
func (combinators) Number(description string) Described {
	return Described{
		schema: withDescription([]string{`"type":"number"`}, description),
		match: kindMatcher("number", func(v any) bool {
			switch v.(type) {
			case float64, json.Number:
				return true
			}
			return false
		}),
		kind: "number",
	}
}

// Boolean matches a boolean; describes {"type":"boolean"}.
func (combinators) Boolean(description string) Described {
	return Described{
		schema: withDescription([]string{`"type":"boolean"`}, description),
		match:  kindMatcher("boolean", func(v any) bool { _, ok := v.(bool); return ok }),
		kind:   "boolean",
	}
}

// ArrayOf matches an array whose elements match items; describes
// {"type":"array","items":…}.
func (combinators) ArrayOf(items Described, description string) Described {
	return Described{
		schema: withDescription([]string{`"type":"array"`, `"items":` + string(items.schema)}, description),
		match: func(v any) error {
			arr, ok := v.([]any)
			if !ok {
				return mustBe(v, "an array")
			}
			for i, e := range arr {
				if err := items.match(e); err != nil {
					return fmt.Errorf("[%d]: %w", i, err)
				}
			}
			return nil
		},
		kind: "array",
	}
}

// Record matches any record (extra keys allowed); describes an open
// object, {"type":"object","properties":{},"additionalProperties":true}.
func (combinators) Record(description string) Described {
	return Described{
		schema: withDescription([]string{`"type":"object"`, `"properties":{}`, `"additionalProperties":true`}, description),
		match: func(v any) error {
			if _, ok := v.(map[string]any); !ok {
				return mustBe(v, "a record")
			}
			return nil
		},
		kind: "object",
	}
}

// Object matches a record with exactly the given properties, those not
// listed in opts.Optional being required; describes {"type":"object",
// "properties":…,"required":[…],"additionalProperties":false}.
func (combinators) Object(props []Property, opts ObjectOptions) Described {
	var propSchemas, required []string
	for _, p := range props {
		propSchemas = append(propSchemas, string(MarshalJS(p.Name))+":"+string(p.Described.schema))
		if !slices.Contains(opts.Optional, p.Name) {
			required = append(required, p.Name)
		}
	}
	if required == nil {
		required = []string{}
	}
	schema := withDescription([]string{
		`"type":"object"`,
		`"properties":{` + strings.Join(propSchemas, ",") + `}`,
		`"required":` + string(MarshalJS(required)),
		`"additionalProperties":false`,
	}, opts.Description)
	return Described{
		schema: schema,
		match: func(v any) error {
			rec, ok := v.(map[string]any)
			if !ok {
				return mustBe(v, "a record")
			}
			for _, name := range required {
				if _, ok := rec[name]; !ok {
					return fmt.Errorf("%s - Must have property %q", preview(v), name)
				}
			}
			var extra []string
			for k := range rec {
				if !slices.ContainsFunc(props, func(p Property) bool { return p.Name == k }) {
					extra = append(extra, k)
				}
			}
			if len(extra) > 0 {
				slices.Sort(extra)
				return fmt.Errorf("%s - Must not have unexpected properties: %s", preview(v), MarshalJS(extra))
			}
			for _, p := range props {
				if e, ok := rec[p.Name]; ok {
					if err := p.Described.match(e); err != nil {
						return fmt.Errorf("%s: %w", p.Name, err)
					}
				}
			}
			return nil
		},
		kind: "object",
	}
}

// Nothing is the void result: it matches only undefined (a method that
// returns nil) and has no JSON schema.
func (combinators) Nothing() Described {
	return Described{
		match: func(v any) error {
			if v != nil {
				return mustBe(v, "undefined")
			}
			return nil
		},
	}
}

// Arg names a positional parameter.
func (combinators) Arg(name string, d Described) NamedArg {
	return NamedArg{Name: name, Described: d}
}

// OptionalArg names a positional parameter that may be omitted; optional
// parameters must come last.
func (combinators) OptionalArg(name string, d Described) NamedArg {
	return NamedArg{Name: name, Described: d, Optional: true}
}

// Method describes a method: its schema ({description, args, required,
// returns?}, returns absent for S.Nothing) and its guard. It is an error
// (upstream's) for a required argument to follow an optional one, and
// here also for two arguments to share a name.
func (combinators) Method(description string, args []NamedArg, returns Described) (DescribedMethod, error) {
	firstOptional := slices.IndexFunc(args, func(a NamedArg) bool { return a.Optional })
	if firstOptional >= 0 && slices.ContainsFunc(args[firstOptional:], func(a NamedArg) bool { return !a.Optional }) {
		return DescribedMethod{}, errors.New("describedMethod: optional arguments must be trailing (a required argument cannot follow an optional one).")
	}
	s := Schema{Description: description, Required: []string{}, Returns: returns.schema}
	for _, a := range args {
		if slices.ContainsFunc(s.Args, func(b Arg) bool { return b.Name == a.Name }) {
			return DescribedMethod{}, fmt.Errorf("describedMethod: argument %q is named twice", a.Name)
		}
		s.Args = append(s.Args, Arg{Name: a.Name, Schema: a.Described.schema})
		if !a.Optional {
			s.Required = append(s.Required, a.Name)
		}
	}
	return DescribedMethod{Schema: s, args: args, returns: returns}, nil
}

// MustMethod is Method for package-level declarations, where an error is
// a programming error.
func (c combinators) MustMethod(description string, args []NamedArg, returns Described) DescribedMethod {
	m, err := c.Method(description, args, returns)
	if err != nil {
		panic(err)
	}
	return m
}

// Interface collects described methods under an interface name.
func (combinators) Interface(name string, methods map[string]DescribedMethod) DescribedInterface {
	return DescribedInterface{Name: name, Methods: methods}
}

// Method is the implementation of an internal capability: positional
// arguments, decoded from JSON (numbers as float64), that already match
// the method's guard; an omitted optional argument is nil. Its result
// must match the described return (nil for S.Nothing).
type Method func(ctx context.Context, args []any) (any, error)

// Internal builds in-process capabilities from method implementations and
// their described interface, upstream's makeInternalCapabilities. The
// implementation and schema method names must match exactly. Each
// capability maps the model's named arguments to positional ones in the
// schema's order, checks them (and then the result) against the guard,
// and reports any failure, the guard's or the method's, as upstream's
// "Error calling name(arg: type, …): detail".
func Internal(methods map[string]Method, di DescribedInterface) (Record, error) {
	var missing, extra []string
	for name := range di.Methods {
		if _, ok := methods[name]; !ok {
			missing = append(missing, name)
		}
	}
	for name := range methods {
		if _, ok := di.Methods[name]; !ok {
			extra = append(extra, name)
		}
	}
	if len(missing) > 0 || len(extra) > 0 {
		slices.Sort(missing)
		slices.Sort(extra)
		return nil, fmt.Errorf("makeInternalCapabilities(%q): implementation and schema method names must match. "+
			"Schema methods without an implementation: [%s]; implementations without a schema: [%s].",
			di.Name, strings.Join(missing, ", "), strings.Join(extra, ", "))
	}
	rec := make(Record, len(methods))
	for name, dm := range di.Methods {
		rec[name] = Capability{Schema: dm.Schema, Func: guarded(di.Name, name, dm, methods[name])}
	}
	return rec, nil
}

// MustInternal is Internal for package-level declarations.
func MustInternal(methods map[string]Method, di DescribedInterface) Record {
	r, err := Internal(methods, di)
	if err != nil {
		panic(err)
	}
	return r
}

func guarded(iface, name string, dm DescribedMethod, impl Method) Func {
	sig := signature(name, dm)
	fail := func(err error) error { return &InvocationError{Signature: sig, Err: err} }
	return func(ctx context.Context, raw json.RawMessage) (any, error) {
		named := map[string]any{}
		if len(bytes.TrimSpace(raw)) > 0 && !bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
			if err := json.Unmarshal(raw, &named); err != nil {
				return nil, fail(fmt.Errorf("arguments must be a JSON object: %w", err))
			}
		}
		args := make([]any, len(dm.args))
		for i, a := range dm.args {
			v, given := named[a.Name]
			if !given {
				if !a.Optional {
					return nil, fail(fmt.Errorf("In %q method of (%s): arg %d: undefined - Must be %s", name, iface, i, article(a.Described.kind)))
				}
				continue
			}
			if err := a.Described.match(v); err != nil {
				return nil, fail(fmt.Errorf("In %q method of (%s): arg %d: %w", name, iface, i, err))
			}
			args[i] = v
		}
		out, err := impl(ctx, args)
		if err != nil {
			return nil, fail(err)
		}
		if out == nil {
			if err := dm.returns.match(nil); err != nil {
				return nil, fail(fmt.Errorf("In %q method of (%s): result: %w", name, iface, err))
			}
			return nil, nil
		}
		// Check the result as JSON, the form the model will read.
		b, err := EncodeJSON(out)
		if err != nil {
			return nil, fail(fmt.Errorf("encode result: %w", err))
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			return nil, fail(fmt.Errorf("encode result: %w", err))
		}
		if err := dm.returns.match(v); err != nil {
			return nil, fail(fmt.Errorf("In %q method of (%s): result: %w", name, iface, err))
		}
		return out, nil
	}
}

// InvocationError is a failed call of a capability: upstream's "Error
// calling name(arg: type, …): detail", detail being the guard's or the
// method's error.
type InvocationError struct {
	Signature string
	Err       error
}

func (e *InvocationError) Error() string {
	return "Error calling " + e.Signature + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *InvocationError) Unwrap() error { return e.Err }

// signature is upstream's formatSignature: name(arg: type, …).
func signature(name string, dm DescribedMethod) string {
	params := make([]string, len(dm.args))
	for i, a := range dm.args {
		kind := a.Described.kind
		if kind == "" {
			kind = "undefined"
		}
		params[i] = a.Name + ": " + kind
	}
	return name + "(" + strings.Join(params, ", ") + ")"
}

func kindMatcher(kind string, ok func(any) bool) func(any) error {
	return func(v any) error {
		if !ok(v) {
			return mustBe(v, article(kind))
		}
		return nil
	}
}

func article(kind string) string {
	switch kind {
	case "":
		return "undefined"
	case "array", "object":
		return "an " + kind
	}
	return "a " + kind
}

func mustBe(v any, what string) error {
	return fmt.Errorf("%s - Must be %s", preview(v), what)
}

// preview renders a value for an error message, shortened.
func preview(v any) string {
	if v == nil {
		return "null"
	}
	b, err := EncodeJSON(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 80 {
		return string(b[:80]) + "…"
	}
	return string(b)
}
