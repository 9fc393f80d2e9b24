// Package client calls the ocap daemon over its Unix socket with
// newline-terminated JSON-RPC 2.0 requests. Client.Call makes one
// connection per call, as upstream's CLI does; Dial opens one connection
// for many calls in a row. It is deliberately small and imports nothing of
// the kernel, so that CLIs and agents that only talk to a daemon start
// fast.
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
	"sync"
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
	DefaultHome = ".ocap" // under the user's home directory
)

// Home returns the daemon home: $OCAP_HOME made absolute, or ~/.ocap; an
// OCAP_HOME that is set but empty is an error.
func Home() (string, error) {
	if h, set := os.LookupEnv(EnvHome); set && h == "" {
		return "", fmt.Errorf("%s is set but empty; unset it for the default home", EnvHome)
	}
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

// EnvSocketPath names the socket a daemon process listens on instead of
// <home>/daemon.sock. As upstream, only the daemon reads it; the CLI always
// calls <home>/daemon.sock and sets it to that path for the daemons it
// starts.
const EnvSocketPath = "OCAP_SOCKET_PATH"

// SocketPath is the daemon's socket inside home: where clients call.
func SocketPath(home string) string { return filepath.Join(home, SocketFile) }

// DaemonSocketPath is where a daemon serving home listens: $OCAP_SOCKET_PATH
// made absolute when it is set, else SocketPath(home). Set but empty is an
// error, as upstream's daemon fails to listen on "".
func DaemonSocketPath(home string) (string, error) {
	p, ok := os.LookupEnv(EnvSocketPath)
	if !ok {
		return SocketPath(home), nil
	}
	if p == "" {
		return "", fmt.Errorf("%s is set but empty", EnvSocketPath)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", fmt.Errorf("resolve %s: %w", EnvSocketPath, err)
	}
	return abs, nil
}

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
	ID      any    `json:"id"` // a string (Call) or a number (Conn)
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
	return appendRequest(nil, hex.EncodeToString(id[:]), method, params)
}

// appendRequest appends the request line, with its newline, to buf.
func appendRequest(buf []byte, id any, method string, params any) ([]byte, error) {
	if params == nil && plainJSONString(method) {
		return appendPlainRequest(buf, id, method), nil
	}
	req := request{JSONRPC: "2.0", ID: id, Method: method}
	if params != nil {
		req.Params = params
	}
	b := bytes.NewBuffer(buf)
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(req); err != nil { // Encode appends the newline
		return nil, fmt.Errorf("encode %s request: %w", method, err)
	}
	return b.Bytes(), nil
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
	r := readers.Get().(*bufio.Reader)
	r.Reset(conn)
	defer func() { r.Reset(nil); readers.Put(r) }()
	if _, err := conn.Write(line); err != nil {
		return answerBeforeHangUp(ctx, r, ioError(ctx, "send request", err))
	}
	return readResponse(ctx, r)
}

// readers recycles the read buffers of Call's connections.
var readers = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 4096) }}

// answerBeforeHangUp reads the answer a daemon may have sent before it
// closed the connection under a write (a connection over its cap, a line
// too long); without one, writeErr stands.
func answerBeforeHangUp(ctx context.Context, r *bufio.Reader, writeErr error) ([]byte, error) {
	if ctx.Err() == nil {
		if line, err := readResponse(ctx, r); err == nil {
			return line, nil
		}
	}
	return nil, writeErr
}

// readResponse reads one response line (without its newline), bounded by
// MaxResponseSize.
func readResponse(ctx context.Context, r *bufio.Reader) ([]byte, error) {
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
			return nil, ioError(ctx, "read response", err)
		}
		if errors.Is(err, net.ErrClosed) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF) {
			return nil, ErrConnectionClosed
		}
		return nil, fmt.Errorf("read response: %w", err)
	}
}

func ioError(ctx context.Context, what string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		if errors.Is(ctxErr, context.DeadlineExceeded) {
			return fmt.Errorf("%s: Socket read timed out: %w", what, ctxErr)
		}
		return fmt.Errorf("%s: %w", what, ctxErr)
	}
	return fmt.Errorf("%s: %w", what, err)
}

func decodeResponse(line []byte) (json.RawMessage, error) {
	res, err := parseResponse(line)
	if err != nil {
		return nil, err
	}
	return res.outcome()
}

// outcome is the result, or the error the daemon answered.
func (res *response) outcome() (json.RawMessage, error) {
	if res.Error != nil {
		return nil, res.Error
	}
	if res.Result == nil {
		return nil, errors.New("invalid response from daemon: neither result nor error")
	}
	return res.Result, nil
}
