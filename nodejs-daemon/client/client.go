// Package client calls the ocap daemon over its Unix socket: one
// newline-terminated JSON-RPC 2.0 request per connection, one response
// line back. It is deliberately small and imports nothing of the kernel,
// so that CLIs and agents that only talk to a daemon start fast.
//
//	c := client.New(client.SocketPath(home))
//	res, err := c.Call(ctx, "getStatus", nil)
//	var rpcErr *client.RPCError
//	if errors.As(err, &rpcErr) { ... rpcErr.Code, rpcErr.Message ... }
package client

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// EnvHome names the directory holding the daemon's state; empty or unset
// means ~/.ocap (upstream OCAP_HOME).
const EnvHome = "OCAP_HOME"

// File names inside the daemon's home directory.
const (
	SocketFile  = "daemon.sock"
	PIDFile     = "daemon.pid"
	LogFile     = "daemon.log"
	LockFile    = "daemon.lock"
	DBFile      = "kernel.sqlite"
	BundlesDir  = "bundles"
	DefaultHome = ".ocap" // under the user's home directory
)

// Home returns the daemon home: $OCAP_HOME made absolute, or ~/.ocap.
func Home() (string, error) {
	if h := os.Getenv(EnvHome); h != "" {
		abs, err := filepath.Abs(h)
		if err != nil {
			return "", fmt.Errorf("resolve %s: %w", EnvHome, err)
		}
		return abs, nil
	}
	u, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find the ocap home: %w (set %s)", err, EnvHome)
	}
	return filepath.Join(u, DefaultHome), nil
}

// SocketPath is the daemon's socket inside home.
func SocketPath(home string) string { return filepath.Join(home, SocketFile) }

// MaxResponseSize bounds a response line; a longer one is an error rather
// than unbounded memory use.
const MaxResponseSize = 256 << 20

// ErrNotRunning wraps dial failures that mean no daemon listens on the
// socket (no socket file, or nobody accepting on it).
var ErrNotRunning = errors.New("daemon is not running")

// ErrConnectionClosed is returned when the daemon closed the connection
// without answering (upstream's "Socket closed before response received").
var ErrConnectionClosed = errors.New("Socket closed before response received")

// RPCError is a JSON-RPC error response from the daemon.
type RPCError struct {
	Code    int             `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data,omitempty"`
}

func (e *RPCError) Error() string { return fmt.Sprintf("%s (code %d)", e.Message, e.Code) }

// Client calls one daemon. The zero value is not usable; use New. A Client
// is safe for concurrent use: every call has its own connection.
type Client struct {
	socketPath string
	dialer     net.Dialer
}

// New returns a client for the daemon listening on socketPath.
func New(socketPath string) *Client { return &Client{socketPath: socketPath} }

// SocketPath returns the socket the client dials.
func (c *Client) SocketPath() string { return c.socketPath }

type request struct {
	JSONRPC string `json:"jsonrpc"`
	ID      string `json:"id"`
	Method  string `json:"method"`
	Params  any    `json:"params,omitempty"`
}

type response struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Result  json.RawMessage `json:"result"`
	Error   *RPCError       `json:"error"`
}

// Call sends method with params (nil omits them; the daemon then uses [];
// json.RawMessage is sent verbatim) and returns the result. A JSON-RPC
// error is returned as *RPCError; a daemon that is not listening gives an
// error wrapping ErrNotRunning. ctx bounds the whole exchange. As upstream,
// a refused or reset connection is retried once after 100 ms, which covers
// a daemon that is just (re)binding its socket.
func (c *Client) Call(ctx context.Context, method string, params any) (json.RawMessage, error) {
	line, err := encodeRequest(method, params)
	if err != nil {
		return nil, err
	}
	res, err := c.roundTrip(ctx, line)
	if err != nil && (errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET)) {
		t := time.NewTimer(100 * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, err
		case <-t.C:
		}
		res, err = c.roundTrip(ctx, line)
	}
	if err != nil {
		return nil, err
	}
	return decodeResponse(res)
}

// Ping reports whether a daemon answers getStatus on the socket.
func (c *Client) Ping(ctx context.Context) error {
	_, err := c.Call(ctx, "getStatus", nil)
	return err
}

func encodeRequest(method string, params any) ([]byte, error) {
	var id [16]byte
	if _, err := rand.Read(id[:]); err != nil {
		return nil, fmt.Errorf("request id: %w", err)
	}
	req := request{JSONRPC: "2.0", ID: hex.EncodeToString(id[:]), Method: method}
	if params != nil {
		req.Params = params
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(req); err != nil { // Encode appends the newline
		return nil, fmt.Errorf("encode %s request: %w", method, err)
	}
	return buf.Bytes(), nil
}

func (c *Client) roundTrip(ctx context.Context, line []byte) ([]byte, error) {
	conn, err := c.dialer.DialContext(ctx, "unix", c.socketPath)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) || errors.Is(err, syscall.ECONNREFUSED) {
			return nil, fmt.Errorf("%w: %w", ErrNotRunning, err)
		}
		return nil, fmt.Errorf("connect to daemon: %w", err)
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if _, err := conn.Write(line); err != nil {
		return nil, c.ioError(ctx, "send request", err)
	}
	r := bufio.NewReader(conn)
	var out []byte
	for {
		chunk, err := r.ReadSlice('\n')
		out = append(out, chunk...)
		if err == nil {
			return out[:len(out)-1], nil
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			if len(out) > MaxResponseSize {
				return nil, fmt.Errorf("daemon response exceeds %d bytes", MaxResponseSize)
			}
			continue
		}
		if errors.Is(err, os.ErrDeadlineExceeded) || ctx.Err() != nil {
			return nil, c.ioError(ctx, "read response", err)
		}
		if errors.Is(err, net.ErrClosed) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF) {
			return nil, ErrConnectionClosed
		}
		return nil, fmt.Errorf("read response: %w", err)
	}
}

func (c *Client) ioError(ctx context.Context, what string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		if errors.Is(ctxErr, context.DeadlineExceeded) {
			return fmt.Errorf("%s: Socket read timed out: %w", what, ctxErr)
		}
		return fmt.Errorf("%s: %w", what, ctxErr)
	}
	return fmt.Errorf("%s: %w", what, err)
}

func decodeResponse(line []byte) (json.RawMessage, error) {
	var res response
	if err := json.Unmarshal(line, &res); err != nil {
		return nil, fmt.Errorf("invalid response from daemon: %w", err)
	}
	if res.Error != nil {
		return nil, res.Error
	}
	if res.Result == nil {
		return nil, errors.New("invalid response from daemon: neither result nor error")
	}
	return res.Result, nil
}
