package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/p2p/net/swarm"
)

// Limit types carried by ResourceLimitError.LimitType (upstream names).
const (
	LimitMessageSize    = "messageSize"
	LimitMessageRate    = "messageRate"
	LimitConnection     = "connection"
	LimitConnectionRate = "connectionRate"
)

// ResourceLimitError reports that a configured limit refused an operation.
// Callers distinguish it (errors.As) because hitting a limit is not a
// connection failure: the peer is fine, the caller should slow down.
type ResourceLimitError struct {
	// LimitType is one of the Limit* constants.
	LimitType string
	// Current is the observed value (message size in bytes, events in the
	// window, open connections).
	Current int
	// Limit is the configured maximum.
	Limit int
	// Message is the upstream-compatible error text.
	Message string
}

func (e *ResourceLimitError) Error() string { return e.Message }

func messageSizeError(size, limit int) *ResourceLimitError {
	return &ResourceLimitError{
		LimitType: LimitMessageSize, Current: size, Limit: limit,
		Message: fmt.Sprintf("Message size %d bytes exceeds limit of %d bytes", size, limit),
	}
}

func connectionLimitError(cur, limit int) *ResourceLimitError {
	return &ResourceLimitError{
		LimitType: LimitConnection, Current: cur, Limit: limit,
		Message: fmt.Sprintf("Connection limit reached: %d/%d concurrent connections", cur, limit),
	}
}

func rateLimitError(limitType string, cur, limit int, window time.Duration) *ResourceLimitError {
	return &ResourceLimitError{
		LimitType: limitType, Current: cur, Limit: limit,
		Message: fmt.Sprintf("Rate limit exceeded: %d/%d %s in %dms window",
			cur, limit, limitType, window.Milliseconds()),
	}
}

// NetworkStoppedError is returned by every operation after Close (upstream
// NetworkStoppedError, text "Network stopped"). Match it with
// errors.Is(err, ErrNetworkStopped).
type NetworkStoppedError struct{}

func (NetworkStoppedError) Error() string { return "Network stopped" }

// ErrNetworkStopped is the NetworkStoppedError value Send returns after Close.
var ErrNetworkStopped error = NetworkStoppedError{}

// PeerRestartedError fails the send that discovered, on a fresh dial, that
// the peer restarted (its incarnation changed). The message was not written,
// so it cannot be delivered to a peer that has forgotten the session.
type PeerRestartedError struct{ PeerID string }

func (e *PeerRestartedError) Error() string {
	return "Remote peer restarted: message not sent to avoid stale delivery"
}

// IntentionalCloseError fails sends to a peer closed with CloseConnection
// until ReconnectPeer revives it.
type IntentionalCloseError struct{ PeerID string }

func (e *IntentionalCloseError) Error() string {
	return "Message delivery failed after intentional close"
}

// SendTimeoutError reports that a frame could not be written within the
// write timeout (upstream: "Message send timed out after 10000ms").
type SendTimeoutError struct{ Timeout time.Duration }

func (e *SendTimeoutError) Error() string {
	return fmt.Sprintf("Message send timed out after %dms", e.Timeout.Milliseconds())
}

// HandshakeError reports a failed incarnation handshake; the channel it was
// attempted on has been closed.
type HandshakeError struct {
	PeerID string
	Err    error
}

func (e *HandshakeError) Error() string { return "Handshake failed: " + e.Err.Error() }

func (e *HandshakeError) Unwrap() error { return e.Err }

// errChannelClosed is returned by writes on a channel that was closed
// (replaced, intentionally closed or shut down) while the write waited.
var errChannelClosed = errors.New("channel closed")

// permanentFailureCodes are the error codes that, repeated
// permanentFailureThreshold times in a row, make the peer permanently failed.
var permanentFailureCodes = map[string]bool{
	"ECONNREFUSED": true, "EHOSTUNREACH": true, "ENOTFOUND": true, "ENETUNREACH": true,
}

const permanentFailureThreshold = 5

var errnoCodes = []struct {
	errno syscall.Errno
	code  string
}{
	{syscall.ECONNREFUSED, "ECONNREFUSED"},
	{syscall.ECONNRESET, "ECONNRESET"},
	{syscall.ETIMEDOUT, "ETIMEDOUT"},
	{syscall.EPIPE, "EPIPE"},
	{syscall.EHOSTUNREACH, "EHOSTUNREACH"},
	{syscall.ENETUNREACH, "ENETUNREACH"},
}

// networkErrorCode maps an error to the upstream error code vocabulary
// (getNetworkErrorCode): a Node errno name, NO_RESERVATION, or UNKNOWN.
func networkErrorCode(err error) string {
	for _, e := range errnoCodes {
		if errors.Is(err, e.errno) {
			return e.code
		}
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return "ENOTFOUND"
	}
	if strings.Contains(err.Error(), "NO_RESERVATION") {
		return "NO_RESERVATION"
	}
	if isTimeout(err) {
		return "ETIMEDOUT"
	}
	var de *swarm.DialError
	if errors.As(err, &de) {
		return "DialError"
	}
	return "UNKNOWN"
}

// isRetryableNetworkError is upstream's isRetryableNetworkError mapped onto
// Go errors: transient socket errors, dial and transport failures, a closed
// muxer or reset stream, timeouts, and NO_RESERVATION from a relay (the
// peer has not reserved yet). A dial that found no address at all, a
// protocol the peer does not speak, or anything else is final.
func isRetryableNetworkError(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, swarm.ErrNoAddresses) {
		return false
	}
	if strings.Contains(err.Error(), "NO_RESERVATION") {
		return true
	}
	if networkErrorCode(err) != "UNKNOWN" {
		return true
	}
	var te *swarm.TransportError
	if errors.As(err, &te) {
		return true
	}
	var he *HandshakeError
	switch {
	case errors.Is(err, swarm.ErrDialBackoff), errors.Is(err, swarm.ErrNoGoodAddresses),
		errors.Is(err, network.ErrReset), errors.Is(err, network.ErrResourceLimitExceeded),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed),
		errors.As(err, &he):
		return true
	}
	var se *network.StreamError
	var ce *network.ConnError
	return errors.As(err, &se) || errors.As(err, &ce)
}

func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// RetryLater reports whether the send may succeed as is a little later: a
// message-rate limit, which frees up as the one-second window slides.
func (e *ResourceLimitError) RetryLater() bool { return e.LimitType == LimitMessageRate }
