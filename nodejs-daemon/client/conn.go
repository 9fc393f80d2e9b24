package client

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// ErrConnBroken is returned by Conn.Call once an earlier call on the same
// connection failed in a way that leaves the stream out of step (an I/O
// error, a cancelled call, an answer to another id): Dial a new one.
var ErrConnBroken = errors.New("daemon connection is unusable after an earlier failure")

// Conn is one connection to the daemon carrying many calls, one at a time
// and in order: cheaper than Client.Call's connection per call when a
// program makes calls in a row. It is safe for concurrent use; calls are
// serialised. The daemon closes a connection that stays idle for its read
// timeout (10 s by default); the next Call then fails and a new Conn is
// needed.
type Conn struct {
	mu     sync.Mutex
	conn   net.Conn
	r      *bufio.Reader
	buf    []byte // the request being written
	nextID uint64
	err    error // the failure that broke the connection
}

// Dial connects to the daemon listening on socketPath. A daemon that is not
// listening gives an error wrapping ErrNotRunning.
func Dial(ctx context.Context, socketPath string) (*Conn, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", socketPath)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) || errors.Is(err, syscall.ECONNREFUSED) {
			return nil, fmt.Errorf("%w: %w", ErrNotRunning, err)
		}
		return nil, fmt.Errorf("connect to daemon: %w", err)
	}
	return &Conn{conn: conn, r: bufio.NewReader(conn)}, nil
}

// Call sends method with params (as Client.Call) and waits for its answer.
// A JSON-RPC error is returned as *RPCError and leaves the connection
// usable; any other failure closes it, and later calls return an error
// wrapping ErrConnBroken. ctx bounds the call.
func (c *Conn) Call(ctx context.Context, method string, params any) (json.RawMessage, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConnBroken, c.err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c.nextID++
	line, err := appendRequest(c.buf[:0], c.nextID, method, params)
	if err != nil {
		return nil, err // nothing was sent
	}
	c.buf = line
	res, err := c.roundTrip(ctx, line)
	if err != nil {
		c.err = err
		c.conn.Close()
		return nil, err
	}
	return res.outcome()
}

func (c *Conn) roundTrip(ctx context.Context, line []byte) (*response, error) {
	stop := context.AfterFunc(ctx, func() { c.conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	var out []byte
	_, err := c.conn.Write(line)
	if err != nil {
		out, err = answerBeforeHangUp(ctx, c.r, ioError(ctx, "send request", err))
	} else {
		out, err = readResponse(ctx, c.r)
	}
	if err != nil {
		return nil, err
	}
	res, err := parseResponse(out)
	if err != nil {
		return nil, err
	}
	if want := strconv.FormatUint(c.nextID, 10); !bytes.Equal(res.ID, []byte(want)) {
		if res.Error != nil && string(res.ID) == "null" {
			// The daemon refused the connection or the line as a whole
			// (too many connections, request too large) and hangs up.
			return nil, res.Error
		}
		return nil, fmt.Errorf("invalid response from daemon: id %s answers no request (sent %s)", res.ID, want)
	}
	if !stop() {
		// ctx ended as the answer arrived: the answer stands, but the
		// connection may have a deadline in the past now.
		c.err = ioError(ctx, "call", os.ErrDeadlineExceeded)
		c.conn.Close()
	}
	return res, nil
}

// Close closes the connection.
func (c *Conn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return nil // closed already
	}
	c.err = net.ErrClosed
	return c.conn.Close()
}
