package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/bundler"
)

func init() { registerCommands(addServeCommands) }

// DefaultBundleServerPort is the upstream port of `ocap serve` and
// `ocap start`; vat configs commonly name http://localhost:3000/x.bundle.
const DefaultBundleServerPort = 3000

// Bundle server timeouts: slow or idle clients cannot pin connections, and
// shutdown waits this long for in-flight responses before dropping them.
const (
	serveReadHeaderTimeout = 10 * time.Second
	serveIdleTimeout       = 2 * time.Minute
	serveShutdownTimeout   = 5 * time.Second
)

const serveLong = `Serve the .bundle files of a directory over HTTP, for vat configs whose
bundleSpec is an http:// URL, until SIGINT or SIGTERM.

GET /<path>.bundle returns <dir>/<path>.bundle with Cache-Control: no-cache
and Access-Control-Allow-Origin: *. Every other path is 404: there is no
directory listing, and paths cannot leave <dir> (neither with ".." nor
through symbolic links).

It listens on all interfaces by default, as upstream does; use --host
127.0.0.1 to keep it local. The log line
"Starting bundle server in <abs dir> on http://localhost:<port>" is printed
once the server is listening and shows the actual port, also with -p 0
(upstream prints the requested port, so 0), so scripts can find the server.`

const serveExample = `  # Serve vats/*.bundle on http://localhost:3000
  ocap serve vats

  # Loopback only, on a port chosen by the OS (printed in the log line)
  ocap serve vats --host 127.0.0.1 -p 0`

// serveFlags are the listening options shared by serve and start.
type serveFlags struct {
	port int
	host string
}

func bindServeFlags(cmd *cobra.Command, f *serveFlags) {
	cmd.Flags().IntVarP(&f.port, "port", "p", DefaultBundleServerPort, "TCP port to listen on (0: chosen by the OS, and logged)")
	cmd.Flags().StringVar(&f.host, "host", "", "address to listen on (default: all interfaces)")
}

func (f *serveFlags) validate() error {
	if f.port < 0 || f.port > 65535 {
		return fmt.Errorf("invalid port %d", f.port)
	}
	return nil
}

func addServeCommands(root *cobra.Command) {
	var flags serveFlags
	serve := &cobra.Command{
		Use:     "serve <dir>",
		Short:   "Serve the .bundle files of a directory over HTTP",
		Long:    serveLong,
		Example: serveExample,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runServe(cmd, args[0], &flags)
		},
	}
	bindServeFlags(serve, &flags)
	root.AddCommand(serve)
}

func runServe(cmd *cobra.Command, dir string, flags *serveFlags) error {
	if err := flags.validate(); err != nil {
		return err
	}
	logger := newCLILogger(cmd.OutOrStdout(), cmd.ErrOrStderr())
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	srv, err := newBundleServer(dir, logger)
	if err != nil {
		return err
	}
	ln, err := srv.Listen(flags.host, flags.port)
	if err != nil {
		return err
	}
	logger.Info(fmt.Sprintf("Starting bundle server in %s on http://%s", srv.dir, displayHostPort(flags.host, ln.Addr())))
	return srv.Serve(ctx, ln)
}

// bundleServer serves the .bundle files below one directory.
type bundleServer struct {
	dir string // absolute
	log *slog.Logger
}

// newBundleServer checks that dir is a directory and returns a server for
// it.
func newBundleServer(dir string, logger *slog.Logger) (*bundleServer, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("serve %s: %w", dir, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("serve %s: not a directory", dir)
	}
	return &bundleServer{dir: abs, log: logger}, nil
}

// Listen opens the server's TCP listener; host "" means all interfaces.
func (s *bundleServer) Listen(host string, port int) (net.Listener, error) {
	addr := net.JoinHostPort(host, strconv.Itoa(port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("serve %s: %w", s.dir, err)
	}
	return ln, nil
}

// Serve serves HTTP on ln until ctx is done, then shuts down gracefully
// (in-flight responses get serveShutdownTimeout). It closes ln.
func (s *bundleServer) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: serveReadHeaderTimeout,
		IdleTimeout:       serveIdleTimeout,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve %s: %w", s.dir, err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), serveShutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		hs.Close() // drop connections still busy after the grace period
	}
	<-errc // http.ErrServerClosed once Serve has returned
	return nil
}

// ServeHTTP serves GET and HEAD of <dir>/<path>.bundle.
func (s *bundleServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, ok := bundleRequestPath(r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}
	// OpenInRoot refuses to leave s.dir, also through symbolic links.
	f, err := os.OpenInRoot(s.dir, filepath.FromSlash(name))
	if err != nil {
		switch {
		case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		case errors.Is(err, fs.ErrPermission):
			http.Error(w, http.StatusText(http.StatusForbidden), http.StatusForbidden)
			return
		default:
			// A link out of the directory, a link loop, ...: the client
			// sees 404, the operator the reason.
			s.log.Warn("Not serving " + name + ": " + err.Error())
		}
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		s.log.Error("Failed to serve " + name + ": " + err.Error())
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	if !st.Mode().IsRegular() {
		http.NotFound(w, r) // e.g. a directory named x.bundle: no listings
		return
	}
	h := w.Header()
	h.Set("Cache-Control", "no-cache")
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Content-Type", "application/json")
	http.ServeContent(w, r, name, st.ModTime(), f)
}

// bundleRequestPath maps a request path to the bundle file it names,
// relative to the served directory in slash form, or reports false if the
// path does not name a bundle. ".." elements are resolved against the
// root, as a browser would, so they can never climb above it.
func bundleRequestPath(urlPath string) (string, bool) {
	if !strings.HasSuffix(urlPath, bundler.Extension) {
		return "", false
	}
	name := strings.TrimPrefix(path.Clean("/"+urlPath), "/")
	if !strings.HasSuffix(name, bundler.Extension) || !fs.ValidPath(name) ||
		strings.ContainsAny(name, "\\\x00") {
		return "", false
	}
	return name, true
}

// displayHostPort is the host:port to print for a server listening on addr
// after being asked for host: "localhost" for loopback and all-interfaces
// listeners, as upstream prints, else the host asked for.
func displayHostPort(host string, addr net.Addr) string {
	port := "0"
	if ta, ok := addr.(*net.TCPAddr); ok {
		port = strconv.Itoa(ta.Port)
	}
	h := "localhost"
	if ip, err := netip.ParseAddr(host); host != "" && host != "localhost" &&
		(err != nil || !(ip.IsLoopback() || ip.IsUnspecified())) {
		h = host
	}
	return net.JoinHostPort(h, port)
}
