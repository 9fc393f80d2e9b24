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
	"slices"
	"strings"
	"sync"
	"time"

	kernelutils "github.com/ocap-kernel/ocap-go/kernel-utils"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/vat"
)

// Options configure a Runtime.
type Options struct {
	// Logger receives vat console output and vatPowers.logger lines,
	// with the attribute vat (the vat id), as upstream's log entries: the
	// message is the first argument, and the attributes tags (LogTags) and
	// data (LogData, the other arguments as JSON) are structured; nil
	// discards them.
	Logger *slog.Logger
	// HTTPClient fetches http(s) bundleSpecs; nil means a client with
	// FetchTimeout.
	HTTPClient *http.Client
	// FetchTimeout bounds an http(s) bundle fetch when HTTPClient is nil,
	// and each request of a vat's fetch endowment. Zero means 30 s.
	FetchTimeout time.Duration
	// MaxBundleSize caps a bundle file or response. Zero means 64 MiB.
	MaxBundleSize int64
	// MaxCallStackSize bounds JavaScript recursion in a vat, in engine
	// stack slots (about one per call). Zero keeps the engine's default.
	MaxCallStackSize int
	// MemoryLimit is each vat's memory cap in bytes, unless its config's
	// creationOptions.memoryLimitMiB sets its own. Zero means
	// DefaultMemoryLimit.
	MemoryLimit int64
	// AllowedGlobals restricts the globals vats may ask for to these names
	// (each one of api.AllowedGlobalNames); nil allows every one of them.
	AllowedGlobals []string
	// FetchTransport performs the requests of vats' fetch endowments; nil
	// means a transport like http.DefaultTransport's that uses no proxy.
	FetchTransport http.RoundTripper
}

const (
	defaultFetchTimeout  = 30 * time.Second
	defaultMaxBundleSize = 64 << 20
)

// Runtime runs JavaScript vats. It implements vat.Runtime for bundleSpecs
// that are file:// or http(s):// URLs of vat bundles. It is safe for
// concurrent use; parsed bundles are cached and shared by all vats running
// the same bundle.
type Runtime struct {
	log           *slog.Logger
	client        *http.Client
	maxBundleSize int64
	maxStack      int
	memoryLimit   int64
	allowed       []string
	fetcher       *fetcher

	mu       sync.Mutex
	programs map[[sha256.Size]byte]*compiledBundle
}

// compiledBundle is a bundle's code, read once for every vat that runs it.
type compiledBundle struct {
	once sync.Once
	code string
	err  error
}

// NewRuntime returns a runtime with the given options. It panics if
// AllowedGlobals names a global that is not one of api.AllowedGlobalNames.
func NewRuntime(opts Options) *Runtime {
	r := &Runtime{
		log:           opts.Logger,
		client:        opts.HTTPClient,
		maxBundleSize: opts.MaxBundleSize,
		maxStack:      opts.MaxCallStackSize,
		memoryLimit:   opts.MemoryLimit,
		programs:      make(map[[sha256.Size]byte]*compiledBundle),
	}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	t := opts.FetchTimeout
	if t <= 0 {
		t = defaultFetchTimeout
	}
	if r.client == nil {
		r.client = &http.Client{Timeout: t}
	}
	if r.maxBundleSize <= 0 {
		r.maxBundleSize = defaultMaxBundleSize
	}
	if r.memoryLimit <= 0 {
		r.memoryLimit = DefaultMemoryLimit
	}
	if r.memoryLimit < MinMemoryLimit {
		r.memoryLimit = MinMemoryLimit
	}
	if opts.AllowedGlobals != nil {
		for _, name := range opts.AllowedGlobals {
			if !slices.Contains(api.AllowedGlobalNames, name) {
				panic(fmt.Sprintf("jsvat: AllowedGlobals names %q, which is not an allowed global", name))
			}
		}
		r.allowed = slices.Clone(opts.AllowedGlobals)
	}
	transport := opts.FetchTransport
	if transport == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.Proxy = nil
		transport = tr
	}
	r.fetcher = &fetcher{transport: transport, timeout: t}
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
	lc, err := checkConfig(vatID, cfg, r.allowed, r.memoryLimit)
	if err != nil {
		return nil, &LaunchError{VatID: vatID, BundleSpec: spec, Err: err}
	}
	code, err := r.load(ctx, u)
	if err != nil {
		return nil, &LaunchError{VatID: vatID, BundleSpec: spec, Err: err}
	}
	log := r.log.With("vat", vatID)
	return newWorker(vatID, code, lc, newHost(vatID, log, lc, r.fetcher), r.maxStack), nil
}

// load fetches and validates a bundle, reusing the code of an identical
// bundle.
func (r *Runtime) load(ctx context.Context, u *url.URL) (string, error) {
	data, err := r.fetch(ctx, u)
	if err != nil {
		return "", err
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
		var b *kernelutils.VatBundle
		b, cb.err = kernelutils.ParseVatBundle(data)
		if cb.err == nil {
			cb.code = b.Code
		}
	})
	if cb.err != nil {
		r.mu.Lock()
		delete(r.programs, sum) // do not pin failures
		r.mu.Unlock()
		return "", cb.err
	}
	return cb.code, nil
}

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
