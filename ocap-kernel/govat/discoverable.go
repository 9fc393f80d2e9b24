package govat

import (
	"errors"
	"maps"
)

// GetDescription is the method a discoverable object answers with the
// schemas of its methods (upstream kernel-utils' GET_DESCRIPTION).
const GetDescription = "__getDescription__"

// ErrReservedDescription is what Discoverable returns when the methods
// already have GetDescription, in upstream makeDiscoverableExo's words.
var ErrReservedDescription = errors.New("The `__getDescription__` method name is reserved for discoverable exos.")

// MethodSchema describes one method of a discoverable object, upstream's
// MethodSchema: a description, JSON schemas of the arguments in
// positional order, and optionally of the result.
type MethodSchema struct {
	Description string
	Args        []ArgSchema
	Returns     map[string]any // nil: not described
}

// ArgSchema is one named argument and its JSON schema.
type ArgSchema struct {
	Name   string
	Schema map[string]any
}

// Discoverable makes an object, as Far, that also answers
// __getDescription__() with schema as a record
// {method: {description, args: {name: schema}, returns?}}, the shape
// upstream's makeDiscoverableExo returns.
func (v *Vat) Discoverable(iface string, methods map[string]Method, schema map[string]MethodSchema) (*Object, error) {
	if _, ok := methods[GetDescription]; ok {
		return nil, ErrReservedDescription
	}
	desc := make(map[string]any, len(schema))
	for name, ms := range schema {
		args := make(map[string]any, len(ms.Args))
		for _, a := range ms.Args {
			args[a.Name] = a.Schema
		}
		entry := map[string]any{"description": ms.Description, "args": args}
		if ms.Returns != nil {
			entry["returns"] = ms.Returns
		}
		desc[name] = entry
	}
	all := maps.Clone(methods)
	if all == nil {
		all = map[string]Method{}
	}
	all[GetDescription] = func([]any) (any, error) { return desc, nil }
	return v.Far(iface, all), nil
}
