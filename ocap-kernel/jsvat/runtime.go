package jsvat

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"

	kernelutils "github.com/ocap-kernel/ocap-go/kernel-utils"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/vat"
)

// Options configure a Runtime.
type Options struct {
	// Logger receives vat console output and vatPowers.logger lines,
	// tagged with the vat id; nil discards them.
	Logger *slog.Logger
	// HTTPClient fetches http(s) bundleSpecs; nil means a client with
	// FetchTimeout.
	HTTPClient *http.Client
	// FetchTimeout bounds an http(s) bundle fetch when HTTPClient is nil.
	// Zero means 30 s.
	FetchTimeout time.Duration
	// MaxBundleSize caps a bundle file or response. Zero means 64 MiB.
	MaxBundleSize int64
	// MaxCallStackSize bounds JavaScript recursion in a vat. Zero means
	// DefaultMaxCallStackSize.
	MaxCallStackSize int
}

// DefaultMaxCallStackSize is the default JavaScript call depth limit.
const DefaultMaxCallStackSize = 4096

const (
	defaultFetchTimeout  = 30 * time.Second
	defaultMaxBundleSize = 64 << 20
)

// Runtime runs JavaScript vats with goja. It implements vat.Runtime for
// bundleSpecs that are file:// or http(s):// URLs of vat bundles. It is
// safe for concurrent use; compiled bundles are cached and shared by all
// vats running the same bundle.
type Runtime struct {
	log           *slog.Logger
	client        *http.Client
	maxBundleSize int64
	maxStack      int

	mu       sync.Mutex
	programs map[[sha256.Size]byte]*compiledBundle
}

// compiledBundle is a bundle compiled once for every vat that runs it.
type compiledBundle struct {
	once    sync.Once
	program *goja.Program
	err     error
}

// NewRuntime returns a runtime with the given options.
func NewRuntime(opts Options) *Runtime {
	r := &Runtime{
		log:           opts.Logger,
		client:        opts.HTTPClient,
		maxBundleSize: opts.MaxBundleSize,
		maxStack:      opts.MaxCallStackSize,
		programs:      make(map[[sha256.Size]byte]*compiledBundle),
	}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	if r.client == nil {
		t := opts.FetchTimeout
		if t <= 0 {
			t = defaultFetchTimeout
		}
		r.client = &http.Client{Timeout: t}
	}
	if r.maxBundleSize <= 0 {
		r.maxBundleSize = defaultMaxBundleSize
	}
	if r.maxStack <= 0 {
		r.maxStack = DefaultMaxCallStackSize
	}
	return r
}

// LaunchError is a vat that could not be launched: its bundle could not be
// loaded or compiled.
type LaunchError struct {
	VatID      string
	BundleSpec string
	Err        error
}

func (e *LaunchError) Error() string {
	return fmt.Sprintf("launch vat %s from %q: %v", e.VatID, e.BundleSpec, e.Err)
}

func (e *LaunchError) Unwrap() error { return e.Err }

// Launch implements vat.Runtime: it loads and compiles the vat's bundle
// and starts the vat's goroutine. The vat's code runs in Init.
func (r *Runtime) Launch(ctx context.Context, vatID string, cfg api.VatConfig) (vat.Worker, error) {
	spec := cfg.BundleSpec
	if spec == "" {
		return nil, fmt.Errorf("%w: vat %s has no bundleSpec (only bundleSpec is supported)", vat.ErrUnsupportedSpec, vatID)
	}
	u, err := url.Parse(spec)
	if err != nil {
		return nil, &LaunchError{VatID: vatID, BundleSpec: spec, Err: fmt.Errorf("malformed bundleSpec: %w", err)}
	}
	switch u.Scheme {
	case "file", "http", "https":
	case "":
		return nil, &LaunchError{VatID: vatID, BundleSpec: spec, Err: errors.New("bundleSpec must be an absolute file://, http:// or https:// URL")}
	default:
		return nil, fmt.Errorf("%w: vat %s bundleSpec %q", vat.ErrUnsupportedSpec, vatID, spec)
	}
	prog, err := r.load(ctx, u)
	if err != nil {
		return nil, &LaunchError{VatID: vatID, BundleSpec: spec, Err: err}
	}
	var params []byte
	if len(cfg.Parameters) > 0 && string(cfg.Parameters) != "null" {
		params = cfg.Parameters
	}
	allowDate := false
	for _, g := range cfg.Globals {
		if g == "Date" {
			allowDate = true
		}
	}
	w := newWorker(vatConfig{
		id:        vatID,
		program:   prog,
		params:    params,
		allowDate: allowDate,
		log:       r.log.With("vat", vatID),
		maxStack:  r.maxStack,
	})
	return w, nil
}

// load fetches, validates and compiles a bundle, reusing the compiled
// program of an identical bundle.
func (r *Runtime) load(ctx context.Context, u *url.URL) (*goja.Program, error) {
	data, err := r.fetch(ctx, u)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	r.mu.Lock()
	cb := r.programs[sum]
	if cb == nil {
		if len(r.programs) >= maxCachedPrograms {
			for k := range r.programs { // evict one: running vats keep their program
				delete(r.programs, k)
				break
			}
		}
		cb = &compiledBundle{}
		r.programs[sum] = cb
	}
	r.mu.Unlock()
	cb.once.Do(func() {
		cb.program, cb.err = compileBundle(u.String(), data)
	})
	if cb.err != nil {
		r.mu.Lock()
		delete(r.programs, sum) // do not pin failures
		r.mu.Unlock()
		return nil, cb.err
	}
	return cb.program, nil
}

func compileBundle(name string, data []byte) (*goja.Program, error) {
	b, err := kernelutils.ParseVatBundle(data)
	if err != nil {
		return nil, err
	}
	// Evaluated like upstream: the code's top-level var stays local.
	src := "(function () {\n" + b.Code + "\n;return " + bundleGlobal + ";\n})()"
	prog, err := goja.Compile(name, src, false)
	if err != nil {
		return nil, fmt.Errorf("compile bundle: %w", err)
	}
	return prog, nil
}

const bundleGlobal = "__vatExports__"

// maxCachedPrograms bounds the compiled-bundle cache (a developer watching
// and relaunching produces a new bundle at every save).
const maxCachedPrograms = 128

func (r *Runtime) fetch(ctx context.Context, u *url.URL) ([]byte, error) {
	switch u.Scheme {
	case "file":
		if u.Host != "" && u.Host != "localhost" {
			return nil, fmt.Errorf("file URL with host %q is not supported", u.Host)
		}
		if u.Path == "" || !strings.HasPrefix(u.Path, "/") {
			return nil, errors.New("file URL has no absolute path")
		}
		f, err := os.Open(u.Path)
		if err != nil {
			return nil, fmt.Errorf("read bundle: %w", err)
		}
		defer f.Close()
		return readCapped(f, r.maxBundleSize)
	default:
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return nil, err
		}
		resp, err := r.client.Do(req)
		if err != nil {
			return nil, fmt.Errorf("fetch of user code %s failed: %w", u, err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("fetch of user code %s failed: %s", u, resp.Status)
		}
		data, err := readCapped(resp.Body, r.maxBundleSize)
		if err != nil {
			return nil, fmt.Errorf("fetch of user code %s failed: %w", u, err)
		}
		return data, nil
	}
}

func readCapped(rd io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(rd, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("bundle is larger than %d bytes", max)
	}
	return data, nil
}
