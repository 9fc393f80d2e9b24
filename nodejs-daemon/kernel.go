package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	kernelstore "github.com/ocap-kernel/ocap-go/kernel-store"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/govat"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/govat/examples"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/jsvat"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/kernel"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/remotes"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/vat"
)

// MemoryDB is the DBFilename of an in-memory kernel database.
const MemoryDB = ":memory:"

// KernelOptions configure MakeKernel (upstream makeKernel's options).
type KernelOptions struct {
	// ResetStorage clears all kernel state at start, except the identity.
	ResetStorage bool
	// DBFilename is the database: MemoryDB (the default when empty) or a
	// file path, whose parent directories are created (0700).
	DBFilename string
	// Logger receives the kernel's and the vats' log; nil discards it.
	Logger *slog.Logger
	// KeySeed (hex) and Mnemonic choose the identity on first start.
	KeySeed, Mnemonic string
	// SystemSubclusters are launched at start (or re-attached).
	SystemSubclusters []kernel.SystemSubcluster
	// IOChannelFactory creates subclusters' IO channels; nil means
	// SocketIOChannelFactory, the one upstream's Node runtime has.
	IOChannelFactory kernel.IOChannelFactory
	// Runtime starts vats; nil means DefaultRuntime.
	Runtime vat.Runtime
	// StoreOptions are passed to kernelstore.Open.
	StoreOptions []kernelstore.Option
	// VatMemoryLimit is each JavaScript vat's memory cap in bytes, unless
	// a vat's config sets its own; zero means jsvat.DefaultMemoryLimit. It
	// applies when Runtime is nil.
	VatMemoryLimit int64
	// RemoteTransport starts the network when remote comms are
	// initialised (by the initRemoteComms RPC, by Run from its options,
	// or by the kernel itself when it resumes the remote comms of its
	// previous run); nil means remotes.Factory(nil), the libp2p transport
	// with upstream's defaults.
	RemoteTransport kernel.RemoteTransportFactory
	// OnChange is the kernel's change observer (kernel.Options.OnChange).
	OnChange func(kernel.Change)
	// Services are kernel services implemented by the embedder
	// (kernel.Options.Services).
	Services []kernel.HostService
}

// DefaultRuntime runs Go vats ("go:<name>" bundleSpecs: the example vats
// of govat/examples) and JavaScript vats (file:// and http(s):// bundles)
// with the given options (their Logger, if nil, is log).
func DefaultRuntime(log *slog.Logger, js jsvat.Options) vat.Runtime {
	gort := govat.NewRuntime()
	examples.Register(gort)
	if js.Logger == nil {
		js.Logger = log
	}
	return jsvat.MultiRuntime{gort, jsvat.NewRuntime(js)}
}

// MakeKernel opens the kernel database and starts a kernel on it. The
// kernel owns the database: Kernel.Stop closes it. The database is returned
// too for callers that inspect it directly (tests, tools).
func MakeKernel(ctx context.Context, opts KernelOptions) (*kernel.Kernel, *kernelstore.DB, error) {
	name := opts.DBFilename
	if name == "" {
		name = MemoryDB
	}
	if !strings.HasPrefix(name, ":") {
		if err := os.MkdirAll(filepath.Dir(name), 0o700); err != nil {
			return nil, nil, fmt.Errorf("create database directory: %w", err)
		}
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	rt := opts.Runtime
	if rt != nil && opts.VatMemoryLimit != 0 {
		return nil, nil, errors.New("KernelOptions.VatMemoryLimit applies only to the default runtime: with a Runtime, set the limit in its own options")
	}
	if opts.VatMemoryLimit < 0 {
		return nil, nil, fmt.Errorf("KernelOptions.VatMemoryLimit %d is negative", opts.VatMemoryLimit)
	}
	if rt == nil {
		rt = DefaultRuntime(log, jsvat.Options{MemoryLimit: opts.VatMemoryLimit})
	}
	factory := opts.IOChannelFactory
	if factory == nil {
		factory = SocketIOChannelFactory
	}
	transport := opts.RemoteTransport
	if transport == nil {
		transport = remotes.Factory(nil)
	}
	db, err := kernelstore.Open(name, opts.StoreOptions...)
	if err != nil {
		return nil, nil, err
	}
	k, err := kernel.New(ctx, db, kernel.Options{
		Runtime:           rt,
		Logger:            log,
		ResetStorage:      opts.ResetStorage,
		KeySeed:           opts.KeySeed,
		Mnemonic:          opts.Mnemonic,
		SystemSubclusters: opts.SystemSubclusters,
		IOChannelFactory:  factory,
		RemoteTransport:   transport,
		OnChange:          opts.OnChange,
		Services:          opts.Services,
	})
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return k, db, nil
}
