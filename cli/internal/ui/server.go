package ui

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

//go:embed assets
var assetFS embed.FS

// ErrNotLoopback is returned by Listen for an address that is not a
// loopback address: the panel drives the kernel and is never exposed.
var ErrNotLoopback = errors.New("the panel listens on loopback addresses only (127.0.0.1, ::1 or localhost)")

// Options configure a Server.
type Options struct {
	// Addr is the listen address (host:port); default 127.0.0.1:0.
	Addr string
	// SocketPath is the daemon's control socket. Required.
	SocketPath string
	// Prettify, if set, turns a queueMessage result (CapData) into the value
	// shown to the user; its error is shown instead.
	Prettify func(result json.RawMessage) (json.RawMessage, error)
	// ResolveLaunch, if set, rewrites launchSubcluster params before they are
	// sent (for example relative bundleSpec paths into file:// URLs).
	ResolveLaunch func(params json.RawMessage) (json.RawMessage, error)
	// Logger receives the server's own log (default: discarded).
	Logger *slog.Logger
	// MaxTabs bounds the open event streams (default 32).
	MaxTabs int
}

// Server is the panel's HTTP server.
type Server struct {
	opts   Options
	ln     net.Listener
	port   string
	token  string
	cookie string
	hub    *hub
	mux    *http.ServeMux
	log    *slog.Logger
	srv    *http.Server
}

const (
	tokenBytes        = 32
	maxBodyBytes      = 4 << 20
	readHeaderTimeout = 10 * time.Second
	idleTimeout       = 2 * time.Minute
	shutdownTimeout   = 5 * time.Second
	// csrfHeader must be on every state-changing request. A cross-origin
	// page cannot set it without a CORS preflight, which this server never
	// grants.
	csrfHeader = "X-Ocap-UI"
)

// Listen validates opts, binds the loopback address and makes the token.
// Serve then serves until its context is done.
func Listen(opts Options) (*Server, error) {
	if opts.SocketPath == "" {
		return nil, errors.New("ui: Options.SocketPath is required")
	}
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxTabs <= 0 {
		opts.MaxTabs = 32
	}
	host, port, err := net.SplitHostPort(opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("--addr %q: %w", opts.Addr, err)
	}
	if !loopbackHost(host) {
		return nil, fmt.Errorf("--addr %q: %w", opts.Addr, ErrNotLoopback)
	}
	if host == "localhost" {
		host = "127.0.0.1" // never ask the resolver what localhost is
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, port))
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", opts.Addr, err)
	}
	var tok [tokenBytes]byte
	if _, err := rand.Read(tok[:]); err != nil {
		ln.Close()
		return nil, fmt.Errorf("make the panel's token: %w", err)
	}
	s := &Server{
		opts:  opts,
		ln:    ln,
		port:  strconv.Itoa(ln.Addr().(*net.TCPAddr).Port),
		token: base64.RawURLEncoding.EncodeToString(tok[:]),
		log:   opts.Logger,
	}
	// Cookies are not isolated by port: one name per port keeps two panels
	// on the same machine from overwriting each other's cookie.
	s.cookie = "ocap_ui_" + s.port
	s.hub = newHub(opts.SocketPath, opts.MaxTabs, s.log)
	s.mux = http.NewServeMux()
	s.routes()
	s.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: readHeaderTimeout,
		IdleTimeout:       idleTimeout,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	return s, nil
}

// loopbackHost reports whether host is "localhost" or a loopback IP.
func loopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback() && ip.Zone() == ""
}

// Addr is the address the server listens on.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Token is this start's secret.
func (s *Server) Token() string { return s.token }

// URL is the address to open: it carries the token once.
func (s *Server) URL() string {
	return "http://" + s.ln.Addr().String() + "/?token=" + url.QueryEscape(s.token)
}

// Serve serves until ctx is done, then shuts down, letting requests in
// flight finish for a few seconds. It also runs the daemon subscription.
func (s *Server) Serve(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); s.hub.run(ctx) }()
	errc := make(chan error, 1)
	go func() { errc <- s.srv.Serve(s.ln) }()
	var err error
	select {
	case err = <-errc:
	case <-ctx.Done():
		sctx, scancel := context.WithTimeout(context.Background(), shutdownTimeout)
		s.hub.closeTabs()
		if e := s.srv.Shutdown(sctx); e != nil {
			s.srv.Close()
		}
		scancel()
		<-errc
	}
	cancel()
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// Close releases the listener of a server that will not Serve.
func (s *Server) Close() error { return s.ln.Close() }

// ServeHTTP applies the security checks, then routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	if !s.hostAllowed(r.Host) {
		http.Error(w, "Forbidden: unexpected Host header "+strconv.Quote(r.Host), http.StatusForbidden)
		return
	}
	if tok := r.URL.Query().Get("token"); tok != "" && r.Method == http.MethodGet && r.URL.Path == "/" {
		if !s.validToken(tok) {
			http.Error(w, "Forbidden: wrong token; open the URL that `ocap daemon ui` printed", http.StatusForbidden)
			return
		}
		http.SetCookie(w, &http.Cookie{Name: s.cookie, Value: s.token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
		http.Redirect(w, r, "/", http.StatusSeeOther) // drop the token from the address bar and history
		return
	}
	if !s.authenticated(r) {
		http.Error(w, "Unauthorized: open the URL that `ocap daemon ui` printed", http.StatusUnauthorized)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		if msg := s.crossOrigin(r); msg != "" {
			http.Error(w, "Forbidden: "+msg, http.StatusForbidden)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
	}
	s.mux.ServeHTTP(w, r)
}

// hostAllowed reports whether a Host header names this server: a loopback
// host and the port it listens on. Any other name (one an attacker's DNS
// points at 127.0.0.1) is refused.
func (s *Server) hostAllowed(hostport string) bool {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil || port != s.port {
		return false
	}
	return loopbackHost(host)
}

func (s *Server) validToken(tok string) bool {
	return subtle.ConstantTimeCompare([]byte(tok), []byte(s.token)) == 1
}

func (s *Server) authenticated(r *http.Request) bool {
	if c, err := r.Cookie(s.cookie); err == nil && s.validToken(c.Value) {
		return true
	}
	if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && s.validToken(tok) {
		return true
	}
	return false
}

// crossOrigin returns why a state-changing request may come from another
// origin, or "" if it comes from this panel's page.
func (s *Server) crossOrigin(r *http.Request) string {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return "state-changing request without an Origin header"
	}
	if origin != "http://"+r.Host {
		return "request from another origin (" + origin + ")"
	}
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" {
		return "request from another site (Sec-Fetch-Site: " + site + ")"
	}
	if r.Header.Get(csrfHeader) != "1" {
		return "state-changing request without the " + csrfHeader + " header"
	}
	return ""
}

func (s *Server) routes() {
	static, err := fs.Sub(assetFS, "assets")
	if err != nil {
		panic(err) // the embedded tree always has assets/
	}
	files := http.FileServerFS(static)
	s.mux.Handle("GET /{$}", files)
	for _, name := range []string{"app.js", "style.css"} {
		s.mux.Handle("GET /"+name, files)
	}
	s.mux.HandleFunc("GET /api/status", s.handleStatus)
	s.mux.HandleFunc("POST /api/call/{method}", s.handleCall)
	s.mux.HandleFunc("GET /api/objects", s.handleObjects)
	s.mux.HandleFunc("GET /api/graph", s.handleGraph)
	s.mux.HandleFunc("GET /api/tables", s.handleTables)
	s.mux.HandleFunc("GET /api/table", s.handleTable)
	s.mux.HandleFunc("GET /api/events", s.handleEvents)
}
