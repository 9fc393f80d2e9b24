package daemon

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/rpc"
)

// Limits of the RPC socket server.
const (
	// DefaultMaxRequestSize caps a request line: 1 MiB, the kernel's
	// remote message limit. A longer line is refused and the connection
	// closed, so a client cannot exhaust the daemon's memory.
	DefaultMaxRequestSize = 1 << 20
	// DefaultReadTimeout is the idle timeout: a connection whose next
	// request line (its first, or the one after an answer) is not
	// complete in this time is closed.
	DefaultReadTimeout = 10 * time.Second
	// DefaultWriteTimeout drops a client that does not read its response.
	DefaultWriteTimeout = 10 * time.Second
	// DefaultDrainTimeout is how long Close lets in-flight requests finish
	// before cancelling them.
	DefaultDrainTimeout = 5 * time.Second
	// DefaultMaxConnections caps the connections served at once; one more
	// is answered CodeTooManyConnections and closed.
	DefaultMaxConnections = 256
	// flushThreshold is how many response bytes a connection holds back
	// while the client's next request is already buffered.
	flushThreshold = 64 << 10
	// maxIdleWorkers is how many connection goroutines wait for the next
	// connection instead of exiting: a new goroutine would grow its stack
	// again on every connection.
	maxIdleWorkers = 8
	// hangupDelay is how long a request runs before its client is
	// watched for hanging up, and hangupPoll how often it is then checked.
	hangupDelay = 50 * time.Millisecond
	hangupPoll  = 20 * time.Millisecond
	// maxSocketPath is the longest path a sockaddr_un holds on Linux.
	maxSocketPath = 107
)

// Error codes and messages the server adds to the kernel-control ones.
const (
	// CodeAccessDenied answers a connection from a user other than the
	// daemon's (or root). It is in the JSON-RPC server-error range.
	CodeAccessDenied = -32000
	// CodeTooManyConnections answers a connection beyond MaxConnections.
	CodeTooManyConnections = -32001
	// internalErrorMessage answers a request whose handling panicked,
	// as upstream answers an unexpected rejection.
	internalErrorMessage = "Internal error"
)

// ErrAlreadyRunning is returned when the socket path is already served by
// a live daemon; the socket is left alone.
var ErrAlreadyRunning = errors.New("daemon is already running")

// ServerOptions configure StartRPCSocketServer.
type ServerOptions struct {
	// SocketPath is where to listen. Required.
	SocketPath string
	// Kernel executes the kernel-control methods. Required.
	Kernel rpc.Kernel
	// OnShutdown is called once a shutdown request has been answered. It
	// must not block: it runs on the connection's goroutine.
	OnShutdown func()
	// Logger receives connection-level events; nil discards them.
	Logger *slog.Logger
	// MaxRequestSize caps a request line in bytes; 0 means
	// DefaultMaxRequestSize.
	MaxRequestSize int
	// MaxConnections caps the connections served at once; 0 means
	// DefaultMaxConnections.
	MaxConnections int
	// ReadTimeout (the idle timeout), WriteTimeout and DrainTimeout; 0
	// means the defaults.
	ReadTimeout, WriteTimeout, DrainTimeout time.Duration
	// Events serves subscribeKernelEvents; nil means the method is not
	// offered (Method not found).
	Events *Hub
}

// Server serves the kernel-control JSON-RPC 2.0 methods on a Unix socket,
// one newline-terminated request per line (rpc.HandleRequest). A
// connection stays open for further requests after an answer: requests
// are handled one at a time and answered in order, notifications are
// executed without an answer, and a last request without its newline is
// still answered at EOF. So upstream's clients, which send one line and
// close, get exactly one answer as before.
type Server struct {
	opts ServerOptions
	svc  *rpc.Service
	ln   *net.UnixListener
	log  *slog.Logger
	uid  int

	ctx    context.Context // handlers' context; cancelled after draining
	cancel context.CancelFunc
	// subs ends event subscriptions; cancelled when Close starts, since a
	// stream has no end to drain to.
	subs       context.Context
	cancelSubs context.CancelFunc

	// mu guards active and closing; Close wakes every active connection
	// under it, and a connection arms its read deadline under it, so none
	// sleeps through Close.
	mu      sync.Mutex
	active  map[*net.UnixConn]struct{}
	closing bool

	conns       sync.WaitGroup // connections being served
	workers     sync.WaitGroup // goroutines serving or waiting for connections
	handoff     chan *net.UnixConn
	stopWorkers chan struct{}
	idle        int // workers waiting on handoff; guarded by mu
	acceptErr   chan error
	closeOnce   sync.Once
	closeErr    error
}

// readers recycles the connections' read buffers.
var readers = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 4096) }}

// StartRPCSocketServer listens on opts.SocketPath and serves connections
// until Close. The socket is created 0600. A socket file left by a dead
// daemon is removed first, but only after a connection attempt shows that
// nobody listens on it: a live daemon gives ErrAlreadyRunning.
func StartRPCSocketServer(opts ServerOptions) (*Server, error) {
	if opts.Kernel == nil {
		return nil, errors.New("daemon: ServerOptions.Kernel is required")
	}
	if opts.MaxRequestSize <= 0 {
		opts.MaxRequestSize = DefaultMaxRequestSize
	}
	if opts.ReadTimeout <= 0 {
		opts.ReadTimeout = DefaultReadTimeout
	}
	if opts.WriteTimeout <= 0 {
		opts.WriteTimeout = DefaultWriteTimeout
	}
	if opts.DrainTimeout <= 0 {
		opts.DrainTimeout = DefaultDrainTimeout
	}
	if opts.MaxConnections <= 0 {
		opts.MaxConnections = DefaultMaxConnections
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ln, err := listenUnix(opts.SocketPath)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	subs, cancelSubs := context.WithCancel(ctx)
	s := &Server{
		subs: subs, cancelSubs: cancelSubs,
		opts: opts, svc: rpc.NewService(opts.Kernel), ln: ln, log: log,
		uid: os.Geteuid(), ctx: ctx, cancel: cancel, acceptErr: make(chan error, 1),
		active:  make(map[*net.UnixConn]struct{}),
		handoff: make(chan *net.UnixConn), stopWorkers: make(chan struct{}),
	}
	go s.accept()
	return s, nil
}

// SocketPath is the path the server listens on.
func (s *Server) SocketPath() string { return s.opts.SocketPath }

// listenUnix probes, unlinks a stale socket, listens and restricts the
// socket to its owner.
func listenUnix(path string) (*net.UnixListener, error) {
	if path == "" {
		return nil, errors.New("daemon: empty socket path")
	}
	if len(path) > maxSocketPath {
		return nil, fmt.Errorf("socket path %s is %d bytes; the limit is %d", path, len(path), maxSocketPath)
	}
	if err := removeStaleSocket(path); err != nil {
		return nil, err
	}
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("restrict socket %s: %w", path, err)
	}
	return ln, nil
}

// removeStaleSocket removes path if it is a socket nobody listens on.
func removeStaleSocket(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("inspect socket %s: %w", path, err)
	}
	if fi.Mode().Type() != fs.ModeSocket {
		return fmt.Errorf("%s exists and is not a socket; refusing to replace it", path)
	}
	conn, err := net.DialTimeout("unix", path, time.Second)
	if err == nil {
		conn.Close()
		return fmt.Errorf("%w on %s. Use 'ocap daemon stop' first", ErrAlreadyRunning, path)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) && !errors.Is(err, fs.ErrNotExist) {
		// Anything but "nobody listens" (a timeout: a live but busy daemon;
		// EACCES: someone else's socket) leaves the socket alone.
		return fmt.Errorf("probe socket %s: %w", path, err)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove stale socket %s: %w", path, err)
	}
	return nil
}

func (s *Server) accept() {
	var tempDelay time.Duration
	for {
		conn, err := s.ln.AcceptUnix()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				s.acceptErr <- nil
				return
			}
			// EMFILE and the like: back off like net/http rather than spin
			// or give up.
			tempDelay = min(max(2*tempDelay, 5*time.Millisecond), time.Second)
			s.log.Warn("accept failed; retrying", "err", err, "delay", tempDelay)
			time.Sleep(tempDelay)
			continue
		}
		tempDelay = 0
		s.mu.Lock()
		if len(s.active) >= s.opts.MaxConnections {
			s.mu.Unlock()
			s.refuse(conn)
			continue
		}
		s.active[conn] = struct{}{}
		s.conns.Add(1)
		s.mu.Unlock()
		select {
		case s.handoff <- conn: // an idle worker serves it
		default:
			s.workers.Add(1)
			go s.worker(conn)
		}
	}
}

// worker serves conn, then further connections handed off by accept
// while no more than maxIdleWorkers others wait, until Close.
func (s *Server) worker(conn *net.UnixConn) {
	defer s.workers.Done()
	for {
		s.serveConn(conn)
		s.mu.Lock()
		if s.idle >= maxIdleWorkers {
			s.mu.Unlock()
			return
		}
		s.idle++
		s.mu.Unlock()
		select {
		case conn = <-s.handoff:
		case <-s.stopWorkers:
			return
		}
		s.mu.Lock()
		s.idle--
		s.mu.Unlock()
	}
}

// refuse answers a connection beyond MaxConnections and closes it. The
// answer fits in the new socket's empty send buffer, so the accept loop
// does not wait for the client.
func (s *Server) refuse(conn *net.UnixConn) {
	s.log.Warn("too many connections; connection refused", "limit", s.opts.MaxConnections)
	s.writeResponse(conn, rpc.ErrorResponse(&rpc.Error{
		Code:    CodeTooManyConnections,
		Message: fmt.Sprintf("Too many connections: the daemon serves at most %d at once; try again later", s.opts.MaxConnections),
	}))
	conn.Close()
}

// Close stops accepting connections, closes the idle ones, lets in-flight
// requests finish (and be answered) for up to DrainTimeout, cancels the
// rest, and removes the socket file.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		s.closeErr = s.ln.Close() // also unlinks the socket file
		<-s.acceptErr
		s.cancelSubs()
		s.mu.Lock()
		s.closing = true
		for conn := range s.active {
			conn.SetReadDeadline(time.Unix(1, 0)) // wakes a connection waiting for a request
		}
		s.mu.Unlock()
		drained := make(chan struct{})
		go func() { s.conns.Wait(); close(drained) }()
		t := time.NewTimer(s.opts.DrainTimeout)
		defer t.Stop()
		select {
		case <-drained:
		case <-t.C:
			s.log.Warn("in-flight requests did not finish; cancelling them")
		}
		s.cancel()
		<-drained
		close(s.stopWorkers)
		s.workers.Wait()
	})
	return s.closeErr
}

func (s *Server) serveConn(conn *net.UnixConn) {
	defer s.conns.Done()
	defer func() {
		s.mu.Lock()
		delete(s.active, conn)
		s.mu.Unlock()
		conn.Close()
	}()
	var out []byte // answers not written yet
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("panic while handling a request", "panic", r, "stack", string(debug.Stack()))
			// The answers before it still go out first, in order.
			resp := rpc.ErrorResponse(&rpc.Error{Code: rpc.CodeInternalError, Message: internalErrorMessage})
			s.write(conn, append(append(out, resp...), '\n'))
		}
	}()
	if !s.authorize(conn) {
		return
	}
	r := readers.Get().(*bufio.Reader)
	r.Reset(conn)
	defer func() { r.Reset(nil); readers.Put(r) }()
	for {
		if !s.armRead(conn) {
			return // closing
		}
		line, err := readLine(r, s.opts.MaxRequestSize)
		last := false
		switch {
		case err == nil:
		case errors.Is(err, ErrSocketClosed) && len(bytes.TrimSpace(line)) > 0:
			last = true // a request without its newline, then EOF: answer it
		case errors.Is(err, ErrLineTooLong):
			s.log.Warn("request line too long; connection closed", "limit", s.opts.MaxRequestSize)
			s.writeResponse(conn, rpc.ErrorResponse(&rpc.Error{
				Code:    rpc.CodeInvalidRequest,
				Message: fmt.Sprintf("Request too large: a request line may not exceed %d bytes", s.opts.MaxRequestSize),
			}))
			return
		case errors.Is(err, ErrReadTimeout):
			s.log.Debug("no complete request in time, or closing; connection closed", "timeout", s.opts.ReadTimeout)
			return
		default:
			return // the client went away
		}
		if id, logs, perr, ok := subscribeRequest(line); ok {
			if len(out) > 0 && !s.write(conn, out) {
				return
			}
			out = out[:0]
			if !s.subscribe(conn, r, id, logs, perr) || last {
				return
			}
			continue
		}
		ctx, done := s.requestContext(conn)
		resp, shutdown := rpc.HandleRequest(ctx, s.svc, line)
		done()
		if resp != nil {
			out = append(append(out, resp...), '\n')
		}
		last = last || shutdown
		// A pipelining client's answers go out together, unless they pile up.
		if last || len(out) > flushThreshold || !lineBuffered(r) {
			if len(out) > 0 && !s.write(conn, out) {
				return
			}
			out = out[:0]
		}
		if shutdown && s.opts.OnShutdown != nil {
			s.opts.OnShutdown()
		}
		if last {
			return // shutdown ends the connection; so does EOF
		}
	}
}

// requestContext is the context of one request on conn: the server's,
// and cancelled if the client hangs up (closes its end) while the request
// runs, so that a client that goes away (Ctrl-C, a timeout) cancels its
// call and the kernel drops what it kept for it. Only a request that runs
// past hangupDelay is watched: every hangupPoll, a poll of the socket that
// does not wait looks for POLLHUP (which a client's close sets and its
// half-close does not). Waiting in poll instead would hold an OS thread
// per watched request, and the Go runtime keeps every thread it started.
func (s *Server) requestContext(conn *net.UnixConn) (context.Context, func()) {
	ctx, cancel := context.WithCancel(s.ctx)
	t := time.AfterFunc(hangupDelay, func() {
		tick := time.NewTicker(hangupPoll)
		defer tick.Stop()
		for {
			hup, err := hungUp(conn)
			if err != nil {
				return // closed
			}
			if hup {
				s.log.Debug("client hung up; cancelling its request")
				cancel()
				return
			}
			select {
			case <-tick.C:
			case <-ctx.Done():
				return // finished
			}
		}
	})
	return ctx, func() {
		t.Stop()
		cancel()
	}
}

// hungUp reports whether conn's peer has closed its end.
func hungUp(conn *net.UnixConn) (bool, error) {
	raw, err := conn.SyscallConn()
	if err != nil {
		return false, err
	}
	var hup bool
	err = raw.Control(func(fd uintptr) {
		fds := []unix.PollFd{{Fd: int32(fd)}}
		if n, err := unix.Poll(fds, 0); err == nil && n > 0 {
			hup = fds[0].Revents&(unix.POLLHUP|unix.POLLERR) != 0
		}
	})
	return hup, err
}

// armRead sets conn's idle timeout for its next request, unless the server
// is closing.
func (s *Server) armRead(conn *net.UnixConn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	return conn.SetReadDeadline(time.Now().Add(s.opts.ReadTimeout)) == nil
}

// lineBuffered reports whether r already holds a complete next line.
func lineBuffered(r *bufio.Reader) bool {
	n := r.Buffered()
	if n == 0 {
		return false
	}
	b, _ := r.Peek(n)
	return bytes.IndexByte(b, '\n') >= 0
}

// write sends answers (each with its newline) within WriteTimeout.
func (s *Server) write(conn *net.UnixConn, out []byte) bool {
	conn.SetWriteDeadline(time.Now().Add(s.opts.WriteTimeout))
	if _, err := conn.Write(out); err != nil {
		s.log.Debug("write response failed", "err", err)
		return false
	}
	return true
}

// writeResponse sends one answer line.
func (s *Server) writeResponse(conn *net.UnixConn, resp []byte) {
	s.write(conn, append(resp, '\n'))
}

// authorize admits connections from the daemon's own user and root; any
// other peer gets an error response and is disconnected.
func (s *Server) authorize(conn *net.UnixConn) bool {
	uid, pid, err := peerCred(conn)
	if err != nil {
		s.log.Warn("cannot read peer credentials; connection refused", "err", err)
		return false
	}
	if uid == s.uid || uid == 0 {
		return true
	}
	s.log.Warn("connection from another user refused", "uid", uid, "pid", pid)
	s.writeResponse(conn, rpc.ErrorResponse(&rpc.Error{
		Code:    CodeAccessDenied,
		Message: fmt.Sprintf("Permission denied: uid %d may not use this daemon", uid),
	}))
	return false
}

// peerCred returns the uid and pid of the process at the other end of a
// Unix socket connection (SO_PEERCRED).
func peerCred(conn *net.UnixConn) (uid, pid int, err error) {
	raw, err := conn.SyscallConn()
	if err != nil {
		return 0, 0, err
	}
	var cred *syscall.Ucred
	var credErr error
	if err := raw.Control(func(fd uintptr) {
		cred, credErr = syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	}); err != nil {
		return 0, 0, err
	}
	if credErr != nil {
		return 0, 0, fmt.Errorf("SO_PEERCRED: %w", credErr)
	}
	return int(cred.Uid), int(cred.Pid), nil
}
