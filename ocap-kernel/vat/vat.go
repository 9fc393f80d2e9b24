// Package vat defines the boundary between the kernel and a vat: the
// narrow worker interface the kernel drives, shaped like the upstream
// kernel<->vat protocol (initVat, deliver, ping; syscalls back).
//
// Everything a vat sees is in its own reference space: vrefs o+N/o-N for
// objects and p+N/p-N for promises (+ allocated by the vat, - by the
// kernel). The kernel translates between vrefs and krefs through the vat's
// c-list.
//
// Syscalls are optimistic, as upstream: a vat never waits for their
// outcome, so a worker returns the syscalls it made during a delivery, in
// order, together with the delivery result, and the kernel applies them
// after the delivery. An illegal syscall aborts the whole delivery. This
// keeps the interface synchronous and cheap for in-process vats, and an
// out-of-process worker collects the syscall notifications it receives
// before the reply in exactly the same way.
package vat

import (
	"context"
	"errors"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
)

// Worker is one running vat.
type Worker interface {
	// Init loads the vat's code and starts it (upstream initVat): state is
	// the vat's persisted vatstore, in key order.
	Init(ctx context.Context, state [][2]string) (Result, error)
	// Deliver hands the vat one delivery and returns what it did.
	Deliver(ctx context.Context, d Delivery) (Result, error)
	// Ping checks that the vat is alive; a live vat answers "pong".
	Ping(ctx context.Context) (string, error)
	// Close stops the vat and releases its resources. It is idempotent.
	Close() error
}

// Runtime starts workers: the kernel's platform services.
type Runtime interface {
	Launch(ctx context.Context, vatID string, config api.VatConfig) (Worker, error)
}

// ErrUnsupportedSpec is returned by a Runtime that cannot run a vat config;
// a composite runtime tries the next one.
var ErrUnsupportedSpec = errors.New("unsupported vat spec")

// Result is the outcome of Init or Deliver: the syscalls made, the vatstore
// checkpoint (applied only when the delivery succeeded), and the delivery
// error, if the vat itself failed.
type Result struct {
	Syscalls   []Syscall
	Checkpoint Checkpoint
	// Error is the delivery error ("" when the delivery succeeded). A
	// failed delivery is rolled back and the vat terminated.
	Error string
}

// Checkpoint is the change to the vat's vatstore since the last delivery.
type Checkpoint struct {
	Sets    [][2]string
	Deletes []string
}

// DeliveryKind names a delivery.
type DeliveryKind string

// Delivery kinds, as upstream names them.
const (
	DeliverMessage          DeliveryKind = "message"
	DeliverNotify           DeliveryKind = "notify"
	DeliverDropExports      DeliveryKind = "dropExports"
	DeliverRetireExports    DeliveryKind = "retireExports"
	DeliverRetireImports    DeliveryKind = "retireImports"
	DeliverBringOutYourDead DeliveryKind = "bringOutYourDead"
	// DeliverWake is ocap-go's own: it asks a vat to run the host events
	// that arrived for it between deliveries (a timer that fired, a
	// response to a request), in a crank like any delivery. The kernel
	// delivers it when a Waker worker asks; it is never persisted.
	DeliverWake DeliveryKind = "wake"
)

// Waker is implemented by workers whose vats can have work of their own
// between deliveries (timers, requests in flight). The kernel installs
// wake once the vat is started; the worker calls it, from any goroutine
// and without blocking, when it wants a DeliverWake.
type Waker interface {
	SetWake(wake func())
}

// Delivery is one unit of work for a vat.
type Delivery struct {
	Kind DeliveryKind
	// Target and Message are set for DeliverMessage.
	Target  string
	Message Message
	// Resolutions is set for DeliverNotify.
	Resolutions []Resolution
	// Refs is set for the GC deliveries.
	Refs []string
}

// Message is a method invocation: methargs is the smallcaps encoding of
// [method, args]; Result is the promise to resolve with the outcome ("" for
// none).
type Message struct {
	Methargs api.CapData
	Result   string
}

// Resolution settles one promise.
type Resolution struct {
	VPID     string
	Rejected bool
	Data     api.CapData
}

// SyscallKind names a syscall.
type SyscallKind string

// Syscall kinds, as upstream names them.
const (
	SyscallSend           SyscallKind = "send"
	SyscallSubscribe      SyscallKind = "subscribe"
	SyscallResolve        SyscallKind = "resolve"
	SyscallExit           SyscallKind = "exit"
	SyscallDropImports    SyscallKind = "dropImports"
	SyscallRetireImports  SyscallKind = "retireImports"
	SyscallRetireExports  SyscallKind = "retireExports"
	SyscallAbandonExports SyscallKind = "abandonExports"
)

// Syscall is one request from a vat to the kernel.
type Syscall struct {
	Kind SyscallKind
	// Target and Message for send.
	Target  string
	Message Message
	// VPID for subscribe.
	VPID string
	// Resolutions for resolve.
	Resolutions []Resolution
	// IsFailure and Info for exit.
	IsFailure bool
	Info      api.CapData
	// Refs for the GC syscalls.
	Refs []string
}
