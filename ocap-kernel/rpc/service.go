package rpc

import (
	"context"
	"encoding/json"
)

// Service executes kernel-control calls against a Kernel: method lookup,
// param validation, dispatch. It is the Go counterpart of upstream's
// RpcService with the kernel-control handler table; it holds no state of
// its own and is safe for concurrent use if the Kernel is.
type Service struct {
	kernel Kernel
}

// NewService returns a Service dispatching to k. It panics if k is nil,
// since every call would fail.
func NewService(k Kernel) *Service {
	if k == nil {
		panic("rpc: NewService with nil Kernel")
	}
	return &Service{kernel: k}
}

// Execute runs one call. Unknown methods give an *Error with code -32601;
// invalid params a *ParamsError; kernel failures are returned unchanged
// (use ToError for the wire form). params may be nil or JSON null, both
// meaning [].
func (s *Service) Execute(ctx context.Context, method string, params json.RawMessage) (any, error) {
	m, ok := LookupMethod(method)
	if !ok {
		return nil, &Error{Code: CodeMethodNotFound, Message: MethodNotFoundMessage}
	}
	p, err := m.Validate(params)
	if err != nil {
		return nil, err
	}
	return m.Call(ctx, s.kernel, p)
}
