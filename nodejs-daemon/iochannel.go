package daemon

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/kernel"
)

// SocketIOChannelFactory is the kernel.IOChannelFactory of upstream's Node
// runtime: it supports only {type:"socket", path}; any other type fails
// with upstream's error. A socket channel carries lines, so a unit other
// than "line" is refused rather than ignored (upstream ignores unit).
func SocketIOChannelFactory(_, name string, cfg api.IOConfig) (kernel.IOChannel, error) {
	if cfg.Type != "socket" {
		return nil, fmt.Errorf("Unsupported IO channel type %q for channel %q", cfg.Type, name)
	}
	if cfg.Path == "" {
		return nil, fmt.Errorf("IO channel %q: socket path is required", name)
	}
	if cfg.Unit != "" && cfg.Unit != "line" {
		return nil, fmt.Errorf("IO channel %q: unit %q is not supported: socket channels carry lines", name, cfg.Unit)
	}
	return NewSocketIOChannel(name, cfg.Path)
}

// Bounds of a socket IO channel's input.
const (
	// MaxIOLine is the longest line a client may send; a longer one ends
	// the client's connection (its earlier lines stay readable).
	MaxIOLine = 1 << 20
	// maxBufferedLines is how many unread lines are kept; beyond, the
	// channel stops reading from the client until vats read (backpressure
	// to the client, not memory).
	maxBufferedLines = 1024
)

// SocketIOChannel is an IO channel served on a Unix socket, with upstream's
// makeSocketIOChannel semantics: one client at a time; Read blocks until a
// client connects and sends a line, and reports end of input (ok false)
// when that client disconnects or the channel closes; Write fails when no
// client is connected.
type SocketIOChannel struct {
	name string
	path string
	ln   *net.UnixListener

	mu      sync.Mutex
	client  net.Conn
	gen     uint64   // incremented per accepted client
	lines   []string // complete lines not yet read
	readers []chan readResult
	room    *sync.Cond // signalled when lines are read or the channel closes
	closed  bool
	done    chan struct{}
	wg      sync.WaitGroup
}

type readResult struct {
	line string
	ok   bool
}

// NewSocketIOChannel listens on path (a stale socket file is unlinked
// first) and returns the channel. The socket is 0600.
func NewSocketIOChannel(name, path string) (*SocketIOChannel, error) {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("IO channel %q: remove stale socket: %w", name, err)
	}
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		return nil, fmt.Errorf("IO channel %q: listen: %w", name, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("IO channel %q: restrict socket: %w", name, err)
	}
	c := &SocketIOChannel{name: name, path: path, ln: ln, done: make(chan struct{})}
	c.room = sync.NewCond(&c.mu)
	c.wg.Add(1)
	go c.accept()
	return c, nil
}

func (c *SocketIOChannel) accept() {
	defer c.wg.Done()
	for {
		conn, err := c.ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		c.mu.Lock()
		if c.closed || c.client != nil {
			// One client at a time: a second one is dropped at once.
			c.mu.Unlock()
			conn.Close()
			continue
		}
		c.client = conn
		c.gen++
		gen := c.gen
		c.lines = nil // unread lines of the previous client are dropped
		c.room.Broadcast()
		c.mu.Unlock()
		c.wg.Add(1)
		go c.readClient(conn, gen)
	}
}

// readClient splits the client's bytes into lines until it disconnects.
func (c *SocketIOChannel) readClient(conn net.Conn, gen uint64) {
	defer c.wg.Done()
	buf := make([]byte, 32<<10)
	var pending []byte // bytes after the last newline
	for {
		n, err := conn.Read(buf)
		pending = append(pending, buf[:n]...)
		for {
			i := bytes.IndexByte(pending, '\n')
			if i < 0 {
				break
			}
			c.deliver(gen, toValidUTF8(pending[:i]))
			pending = pending[i+1:]
		}
		if len(pending) > MaxIOLine {
			pending = nil // not delivered: the client broke the limit
			break
		}
		if err != nil {
			break
		}
	}
	if len(pending) > 0 {
		c.deliver(gen, toValidUTF8(pending)) // a final unterminated line
	}
	c.mu.Lock()
	if c.gen == gen && c.client == conn {
		c.client = nil
		for _, r := range c.readers {
			r <- readResult{}
		}
		c.readers = nil
	}
	c.mu.Unlock()
	conn.Close()
}

func toValidUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

func (c *SocketIOChannel) deliver(gen uint64, line string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for len(c.lines) >= maxBufferedLines && !c.closed && c.gen == gen {
		c.room.Wait() // the client waits until vats read
	}
	if c.closed || c.gen != gen {
		return
	}
	if len(c.readers) > 0 {
		r := c.readers[0]
		c.readers = c.readers[1:]
		r <- readResult{line: line, ok: true}
		return
	}
	c.lines = append(c.lines, line)
}

// Read returns the next line. It waits for a line from the current or a
// future client; ok is false once the connected client disconnects or the
// channel is closed.
func (c *SocketIOChannel) Read(ctx context.Context) (string, bool, error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return "", false, nil
	}
	if len(c.lines) > 0 {
		line := c.lines[0]
		c.lines = c.lines[1:]
		c.room.Signal()
		c.mu.Unlock()
		return line, true, nil
	}
	r := make(chan readResult, 1)
	c.readers = append(c.readers, r)
	c.mu.Unlock()
	select {
	case res := <-r:
		return res.line, res.ok, nil
	case <-ctx.Done():
		c.mu.Lock()
		for i, x := range c.readers {
			if x == r {
				c.readers = append(c.readers[:i], c.readers[i+1:]...)
				break
			}
		}
		c.mu.Unlock()
		select {
		case res := <-r: // delivered while we gave up: keep it
			return res.line, res.ok, nil
		default:
		}
		return "", false, ctx.Err()
	}
}

// Write sends line and a newline to the connected client.
func (c *SocketIOChannel) Write(ctx context.Context, line string) error {
	c.mu.Lock()
	closed, conn := c.closed, c.client
	c.mu.Unlock()
	if closed {
		return fmt.Errorf("IO channel %q is closed", c.name)
	}
	if conn == nil {
		return fmt.Errorf("IO channel %q has no connected client", c.name)
	}
	if dl, ok := ctx.Deadline(); ok {
		conn.SetWriteDeadline(dl)
	}
	if _, err := conn.Write([]byte(line + "\n")); err != nil {
		return fmt.Errorf("IO channel %q: write: %w", c.name, err)
	}
	return nil
}

// Close ends input for every reader, disconnects the client, stops
// listening and removes the socket file. It is idempotent.
func (c *SocketIOChannel) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	for _, r := range c.readers {
		r <- readResult{}
	}
	c.readers, c.lines = nil, nil
	c.room.Broadcast()
	client := c.client
	c.client = nil
	c.mu.Unlock()
	err := c.ln.Close() // unlinks the socket file
	if client != nil {
		client.Close()
	}
	c.wg.Wait()
	if err != nil && !errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("IO channel %q: close: %w", c.name, err)
	}
	return nil
}
