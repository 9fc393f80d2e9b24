// Package discover turns kernel objects into agent capabilities, the Go
// port of upstream kernel-agents' discover(exo).
//
// A discoverable object (made with makeDiscoverableExo) has a
// __getDescription__() method that returns {methodName: {description,
// args, returns?}} with JSON-schema arguments. Discover sends
// __getDescription__() to the object
// through the daemon's queueMessage RPC and makes one capability per
// method; invoking one sends the method with the named arguments mapped to
// positional ones in the order of the schema's args keys, and decodes the
// smallcaps result back to JSON.
//
// Key order: kernel messages are Endo smallcaps, whose records are encoded
// with sorted keys, so the args order that reaches Discover (and therefore
// the positional order) is alphabetical whatever order the vat declared.
// Upstream's discover, used across vats, has the same property. Methods
// whose parameters are not in alphabetical order should take one object
// argument instead.
package discover

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"sort"
	"strings"

	"github.com/ocap-kernel/ocap-go/kernel-agents/capability"
	"github.com/ocap-kernel/ocap-go/nodejs-daemon/client"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/smallcaps"
)

// DescribeMethod is the method a discoverable object answers with its
// schemas.
const DescribeMethod = "__getDescription__"

// MethodQueueMessage is the kernel-control RPC that sends a message to a
// kernel object and returns its result as CapData.
const MethodQueueMessage = "queueMessage"

// Caller sends one JSON-RPC request to the daemon; the daemon client
// (nodejs-daemon/client) implements it. params is encoded as JSON.
type Caller interface {
	Call(ctx context.Context, method string, params any) (json.RawMessage, error)
}

// RejectionError is a method call that the kernel object rejected (or
// that the kernel refused), with the decoded error.
type RejectionError struct {
	Kref   string
	Method string
	Err    error
}

func (e *RejectionError) Error() string {
	return fmt.Sprintf("%s.%s rejected: %v", e.Kref, e.Method, e.Err)
}

// Unwrap returns the decoded error.
func (e *RejectionError) Unwrap() error { return e.Err }

// Discover asks the kernel object kref to describe itself and returns a
// capability for each described method.
func Discover(ctx context.Context, c Caller, kref string) (capability.Record, error) {
	v, err := Send(ctx, c, kref, DescribeMethod, nil)
	if err != nil {
		return nil, fmt.Errorf("discover %s: %w", kref, err)
	}
	desc, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("discover %s: __getDescription__() returned %s, not a record", kref, smallcaps.PassStyleOf(v))
	}
	caps := make(capability.Record, len(desc))
	for name, raw := range desc {
		schema, err := toSchema(raw)
		if err != nil {
			return nil, fmt.Errorf("discover %s: method %q: %w", kref, name, err)
		}
		caps[name] = capability.Capability{Schema: schema, Func: methodFunc(c, kref, name, schema)}
	}
	return caps, nil
}

// methodFunc invokes method with the named arguments in the schema's args
// order. A missing argument is sent as null (JSON has no undefined). As
// upstream's discover, a failed call is a *capability.InvocationError
// naming the method's signature.
func methodFunc(c Caller, kref, method string, schema capability.Schema) capability.Func {
	argNames := schema.ArgNames()
	return func(ctx context.Context, raw json.RawMessage) (any, error) {
		named := map[string]any{}
		if len(raw) > 0 && string(raw) != "null" {
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.UseNumber()
			if err := dec.Decode(&named); err != nil {
				return nil, fmt.Errorf("arguments of %s must be a JSON object: %w", method, err)
			}
		}
		positional := make([]any, len(argNames))
		for i, n := range argNames {
			positional[i] = named[n]
		}
		v, err := Send(ctx, c, kref, method, positional)
		if err != nil {
			return nil, &capability.InvocationError{Signature: Signature(method, schema), Err: callFailure{err}}
		}
		if v == smallcaps.Undefined {
			return nil, nil
		}
		return toJSONValue(v)
	}
}

// callFailure is a failed send to a discovered method, shown as upstream
// shows it: the rejection's message (the daemon's error message for a
// queueMessage it refused or that was rejected; the whole failure
// otherwise). It is the cause of the call's capability.InvocationError.
type callFailure struct{ err error }

func (f callFailure) Error() string {
	var rej *RejectionError
	var rpcErr *client.RPCError
	switch {
	case errors.As(f.err, &rej):
		if se, ok := rej.Err.(*smallcaps.Error); ok {
			return se.Message
		}
		return rej.Err.Error()
	case errors.As(f.err, &rpcErr):
		// The daemon answers a rejected queueMessage with an RPC error
		// carrying the rejection's message.
		return rpcErr.Message
	}
	return f.err.Error()
}

func (f callFailure) Unwrap() error { return f.err }

// Signature renders a method's call signature from its schema, as
// upstream's formatSignature: name(arg: type, …), the type being the
// argument schema's "type" as JavaScript's String() shows it (a list of
// types comma-joined, an absent one "undefined").
func Signature(method string, schema capability.Schema) string {
	params := make([]string, len(schema.Args))
	for i, a := range schema.Args {
		params[i] = a.Name + ": " + schemaType(a.Schema)
	}
	return method + "(" + strings.Join(params, ", ") + ")"
}

func schemaType(raw json.RawMessage) string {
	var s struct {
		Type json.RawMessage `json:"type"`
	}
	if json.Unmarshal(raw, &s) != nil || len(s.Type) == 0 {
		return "undefined"
	}
	var one string
	if json.Unmarshal(s.Type, &one) == nil {
		return one
	}
	var many []any
	if json.Unmarshal(s.Type, &many) == nil {
		parts := make([]string, len(many))
		for i, t := range many {
			if t != nil {
				parts[i] = fmt.Sprint(t)
			}
		}
		return strings.Join(parts, ",")
	}
	return string(s.Type)
}

// Send calls queueMessage [kref, method, args] and decodes the result. A
// result that decodes to an error (how the kernel reports a rejection) is
// returned as a *RejectionError.
func Send(ctx context.Context, c Caller, kref, method string, args []any) (any, error) {
	if args == nil {
		args = []any{}
	}
	res, err := c.Call(ctx, MethodQueueMessage, []any{kref, method, args})
	if err != nil {
		return nil, fmt.Errorf("queueMessage %s.%s: %w", kref, method, err)
	}
	var cd smallcaps.CapData
	if err := json.Unmarshal(res, &cd); err != nil {
		return nil, fmt.Errorf("queueMessage %s.%s: result is not CapData: %w", kref, method, err)
	}
	v, err := smallcaps.Decode(cd)
	if err != nil {
		return nil, fmt.Errorf("queueMessage %s.%s: decode result: %w", kref, method, err)
	}
	if e, ok := v.(*smallcaps.Error); ok {
		return nil, &RejectionError{Kref: kref, Method: method, Err: e}
	}
	return v, nil
}

// toSchema converts one decoded method description.
func toSchema(v any) (capability.Schema, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return capability.Schema{}, errors.New("description is not a record")
	}
	desc, _ := m["description"].(string)
	s := capability.Schema{Description: desc}
	if args, present := m["args"]; present && args != nil && args != smallcaps.Undefined {
		am, ok := args.(map[string]any)
		if !ok {
			return capability.Schema{}, errors.New("args is not a record")
		}
		names := make([]string, 0, len(am))
		for n := range am {
			names = append(names, n)
		}
		sort.Strings(names) // the order smallcaps encoded them in
		for _, n := range names {
			j, err := toJSON(am[n])
			if err != nil {
				return capability.Schema{}, fmt.Errorf("schema of argument %q: %w", n, err)
			}
			s.Args = append(s.Args, capability.Arg{Name: n, Schema: j})
		}
	}
	if r, present := m["returns"]; present && r != nil && r != smallcaps.Undefined {
		j, err := toJSON(r)
		if err != nil {
			return capability.Schema{}, fmt.Errorf("returns schema: %w", err)
		}
		s.Returns = j
	}
	return s, nil
}

func toJSON(v any) (json.RawMessage, error) {
	jv, err := toJSONValue(v)
	if err != nil {
		return nil, err
	}
	return capability.EncodeJSON(jv)
}

// toJSONValue maps a decoded passable to a JSON-encodable value. Records
// keep smallcaps' sorted key order (encoding/json sorts map keys too).
// Remotables and promises become their kref string; bigints become decimal
// strings; undefined inside arrays becomes null and inside records is
// dropped, as JSON.stringify does; non-finite numbers become null.
func toJSONValue(v any) (any, error) {
	switch x := v.(type) {
	case nil, bool, string:
		return x, nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, nil
		}
		return x, nil
	case *big.Int:
		return x.String(), nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			if e == smallcaps.Undefined {
				continue
			}
			j, err := toJSONValue(e)
			if err != nil {
				return nil, err
			}
			out[i] = j
		}
		return out, nil
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			if e == smallcaps.Undefined {
				continue
			}
			j, err := toJSONValue(e)
			if err != nil {
				return nil, err
			}
			out[k] = j
		}
		return out, nil
	case *smallcaps.Ref:
		return x.Slot, nil
	case *smallcaps.Error:
		return x.Error(), nil
	case smallcaps.Symbol:
		return x.String(), nil
	case smallcaps.Tagged:
		p, err := toJSONValue(x.Payload)
		if err != nil {
			return nil, err
		}
		return map[string]any{"tag": x.Tag, "payload": p}, nil
	}
	if v == smallcaps.Undefined {
		return nil, nil
	}
	return nil, fmt.Errorf("unsupported value of pass style %q", smallcaps.PassStyleOf(v))
}
