package rpc

import (
	"errors"
	"strings"
)

// Standard JSON-RPC 2.0 error codes used by the control plane.
const (
	CodeParseError     = -32700
	CodeInvalidRequest = -32600
	CodeMethodNotFound = -32601
	CodeInvalidParams  = -32602
	CodeInternalError  = -32603
)

// Fixed error messages of the protocol, byte-identical to upstream's.
const (
	// MethodNotFoundMessage is @metamask/rpc-errors' methodNotFound text.
	MethodNotFoundMessage = "The method does not exist / is not available."
	// MissingMethodMessage answers a request whose method is not a string.
	MissingMethodMessage = "Invalid request: missing method"
	// OnlyOneRequestMessage is upstream's answer to a connection that sent
	// bytes after its first request line; this daemon's server, which keeps
	// connections open, no longer sends it.
	OnlyOneRequestMessage = "Only one request per connection is allowed"
)

// Error is a JSON-RPC error object. Handlers return it when they need a
// specific code; any other error is reported as an internal error.
type Error struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Data    any    `json:"data,omitempty"`
}

func (e *Error) Error() string { return e.Message }

// ParamsError reports params that fail validation. Path is the location of
// the first failure (object keys and array indices, outermost first) and
// Detail the superstruct-style description, so that Error() reproduces the
// upstream message exactly.
type ParamsError struct {
	Path   []string
	Detail string
}

func (e *ParamsError) Error() string {
	if len(e.Path) == 0 {
		return "Invalid params: " + e.Detail
	}
	return "Invalid params: At path: " + strings.Join(e.Path, ".") + " -- " + e.Detail
}

// ToError converts any error into the JSON-RPC error object sent to the
// client: an *Error is passed through, a *ParamsError becomes -32602 with
// its message, and everything else (kernel errors included) becomes -32603
// with err.Error() as the message. ToError(nil) is nil.
func ToError(err error) *Error {
	if err == nil {
		return nil
	}
	var rpcErr *Error
	if errors.As(err, &rpcErr) {
		return rpcErr
	}
	var pe *ParamsError
	if errors.As(err, &pe) {
		return &Error{Code: CodeInvalidParams, Message: pe.Error()}
	}
	return &Error{Code: CodeInternalError, Message: err.Error()}
}
