package daemon

import (
	"bufio"
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

	"github.com/ocap-kernel/ocap-go/ocap-kernel/rpc"
)

// Limits of the RPC socket server.
const (
	// DefaultMaxRequestSize caps a request line: 1 MiB, the kernel's
	// remote message limit. A longer line is refused and the connection
	// closed, so a client cannot exhaust the daemon's memory.
	DefaultMaxRequestSize = 1 << 20
	// DefaultReadTimeout drops a client that has not sent its request line
	// in this time.
	DefaultReadTimeout = 10 * time.Second
	// DefaultWriteTimeout drops a client that does not read its response.
	DefaultWriteTimeout = 10 * time.Second
	// DefaultDrainTimeout is how long Close lets in-flight requests finish
	// before cancelling them.
	DefaultDrainTimeout = 5 * time.Second
	// maxSocketPath is the longest path a sockaddr_un holds on Linux.
	maxSocketPath = 107
)

// Error codes and messages the server adds to the kernel-control ones.
const (
	// CodeAccessDenied answers a connection from a user other than the
	// daemon's (or root). It is in the JSON-RPC server-error range.
	CodeAccessDenied = -32000
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
	// ReadTimeout, WriteTimeout and DrainTimeout; 0 means the defaults.
	ReadTimeout, WriteTimeout, DrainTimeout time.Duration
}

// Server serves the kernel-control JSON-RPC methods on a Unix socket with
// the upstream wire protocol: one newline-terminated request per
// connection, one response line, then the connection is closed.
type Server struct {
	opts ServerOptions
	svc  *rpc.Service
	ln   *net.UnixListener
	log  *slog.Logger
	uid  int

	ctx    context.Context // handlers' context; cancelled after draining
	cancel context.CancelFunc

	conns     sync.WaitGroup
	acceptErr chan error
	closeOnce sync.Once
	closeErr  error
}

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
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ln, err := listenUnix(opts.SocketPath)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		opts: opts, svc: rpc.NewService(opts.Kernel), ln: ln, log: log,
		uid: os.Geteuid(), ctx: ctx, cancel: cancel, acceptErr: make(chan error, 1),
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
		s.conns.Add(1)
		go s.serveConn(conn)
	}
}

// Close stops accepting connections, lets in-flight requests finish for up
// to DrainTimeout, cancels the rest, and removes the socket file.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		s.closeErr = s.ln.Close() // also unlinks the socket file
		<-s.acceptErr
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
	})
	return s.closeErr
}

func (s *Server) serveConn(conn *net.UnixConn) {
	defer s.conns.Done()
	defer conn.Close()
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("panic while handling a request", "panic", r, "stack", string(debug.Stack()))
			s.writeResponse(conn, rpc.ErrorResponse(&rpc.Error{Code: rpc.CodeInternalError, Message: internalErrorMessage}))
		}
	}()
	if !s.authorize(conn) {
		return
	}
	if err := conn.SetReadDeadline(time.Now().Add(s.opts.ReadTimeout)); err != nil {
		return
	}
	line, extra, err := readLine(bufio.NewReader(conn), s.opts.MaxRequestSize)
	switch {
	case errors.Is(err, ErrLineTooLong):
		s.log.Warn("request line too long; connection closed", "limit", s.opts.MaxRequestSize)
		s.writeResponse(conn, rpc.ErrorResponse(&rpc.Error{
			Code:    rpc.CodeInvalidRequest,
			Message: fmt.Sprintf("Request too large: a request line may not exceed %d bytes", s.opts.MaxRequestSize),
		}))
		return
	case errors.Is(err, ErrReadTimeout):
		s.log.Debug("client sent no request in time; connection closed", "timeout", s.opts.ReadTimeout)
		return
	case err != nil:
		return // the client went away without a complete line
	}
	if extra {
		s.writeResponse(conn, rpc.OnlyOneRequestResponse())
		return
	}
	conn.SetReadDeadline(time.Time{})
	resp, shutdown := rpc.HandleLine(s.ctx, s.svc, line)
	s.writeResponse(conn, resp)
	conn.CloseWrite()
	if shutdown && s.opts.OnShutdown != nil {
		s.opts.OnShutdown()
	}
}

func (s *Server) writeResponse(conn *net.UnixConn, resp []byte) {
	conn.SetWriteDeadline(time.Now().Add(s.opts.WriteTimeout))
	resp = append(resp, '\n')
	if _, err := conn.Write(resp); err != nil {
		s.log.Debug("write response failed", "err", err)
	}
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
