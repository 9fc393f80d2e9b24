package daemon

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/kernel"
)

// AlreadyRunningError is returned by Run when another daemon holds the
// home's lock.
type AlreadyRunningError struct {
	Home string
	PID  int // 0 if unknown
}

func (e *AlreadyRunningError) Error() string {
	if e.PID > 0 {
		return fmt.Sprintf("Daemon is already running (pid %d) under %s", e.PID, e.Home)
	}
	return "Daemon is already running under " + e.Home
}

// socketCheckInterval is how often Run checks that its socket still exists.
const socketCheckInterval = 2 * time.Second

// RunOptions configure Run.
type RunOptions struct {
	// Home is the daemon home ($OCAP_HOME). Required.
	Home string
	// SocketPath overrides <home>/daemon.sock.
	SocketPath string
	// DBFilename overrides <home>/kernel.sqlite.
	DBFilename string
	// ResetStorage, KeySeed and Mnemonic are passed to MakeKernel.
	ResetStorage      bool
	KeySeed, Mnemonic string
	// LogLevel is the least level logged (default Info).
	LogLevel slog.Leveler
	// LogMaxSize and LogMaxBackups configure rotation of daemon.log.
	LogMaxSize    int64
	LogMaxBackups int
	// Stderr, when not nil, also receives every log line (for `ocap
	// daemon run` in the foreground under systemd or in a container).
	Stderr io.Writer
	// Server limits; zero values mean the defaults.
	MaxRequestSize            int
	ReadTimeout, DrainTimeout time.Duration
	// RemoteComms (from `ocap daemon run --relay/--listen`) is overlaid
	// field by field on config.json's remoteComms. When the result names a
	// relay or a listen address and the kernel has not resumed the remote
	// comms of its previous run, Run starts remote comms with it before
	// serving the socket.
	RemoteComms *api.RemoteCommsOptions
	// VatMemoryLimitMiB overrides config.json's vats.memoryLimitMiB (zero
	// keeps it).
	VatMemoryLimitMiB int64
	// RemoteTransport is passed to MakeKernel (nil: the libp2p transport).
	RemoteTransport kernel.RemoteTransportFactory
	// Ready, if set, is called once the daemon answers on its socket.
	Ready func(socketPath string)
	// Services are extra kernel services (kernel.Options.Services).
	Services []kernel.HostService
	// LM (from `ocap daemon run --lm-*`) is overlaid field by field on
	// config.json's lm. When either is given, Run builds the
	// languageModelService with LMService and registers it; a daemon
	// with neither has no such service.
	LM *LMConfig
	// LMService builds the languageModelService from the merged LM
	// configuration (the cli passes kernel-agents' lmservice.FromConfig:
	// this module cannot import the model clients).
	LMService func(LMConfig, *slog.Logger) (kernel.HostService, error)
}

// Run is the daemon process: it takes the home's lock, logs to
// <home>/daemon.log, starts the kernel on <home>/kernel.sqlite (relaunching
// its vats), initialises the identity, serves the socket, and runs until
// ctx is done, a shutdown request arrives, or SIGINT/SIGTERM. SIGHUP
// rotates the log. Another daemon on the same home gives
// *AlreadyRunningError without touching anything.
func Run(ctx context.Context, opts RunOptions) (err error) {
	if opts.Home == "" {
		return errors.New("daemon: RunOptions.Home is required")
	}
	l := Layout{Home: opts.Home}
	if opts.SocketPath == "" {
		opts.SocketPath = l.Socket()
	}
	if opts.DBFilename == "" {
		opts.DBFilename = l.DB()
	}
	if err := EnsureHome(opts.Home); err != nil {
		return err
	}
	lock, err := AcquireLock(l.Lock())
	if errors.Is(err, ErrLocked) {
		pid, _, _ := LockHolder(l.Lock())
		return &AlreadyRunningError{Home: opts.Home, PID: pid}
	}
	if err != nil {
		return err
	}
	defer lock.Release()
	pid := os.Getpid()
	if err := lock.WritePID(pid); err != nil {
		return fmt.Errorf("write lock file: %w", err)
	}

	logFile, err := OpenLogFile(l.Log(), LogFileOptions{MaxSize: opts.LogMaxSize, MaxBackups: opts.LogMaxBackups, CrashOutput: true})
	if err != nil {
		return err
	}
	defer logFile.Close()
	var out io.Writer = logFile
	if opts.Stderr != nil {
		out = io.MultiWriter(logFile, opts.Stderr)
	}
	level := opts.LogLevel
	if level == nil {
		level = slog.LevelInfo
	}
	// The hub streams kernel changes and these log records to
	// subscribeKernelEvents clients (ocap daemon ui).
	hub := NewHub(HubOptions{})
	defer hub.Close()
	log := slog.New(hub.LogHandler(slog.NewTextHandler(out, &slog.HandlerOptions{Level: level})))
	log.Info("Daemon starting", "pid", pid, "home", opts.Home)
	defer func() {
		if err != nil {
			log.Error("Daemon fatal", "err", err)
		}
		log.Info("Process exiting", "pid", pid)
	}()

	cfg, err := ReadConfig(opts.Home)
	if err != nil {
		return err
	}
	if opts.RemoteComms != nil {
		if err := ValidateRemoteComms(*opts.RemoteComms); err != nil {
			return fmt.Errorf("remote comms options: %w", err)
		}
	}
	remoteOpts := mergeRemoteComms(cfg.RemoteComms, opts.RemoteComms)
	if err := ValidateVatMemoryLimit(opts.VatMemoryLimitMiB); err != nil {
		return fmt.Errorf("vat memory limit: %w", err)
	}
	vatMemMiB := opts.VatMemoryLimitMiB
	if vatMemMiB == 0 && cfg.Vats != nil {
		vatMemMiB = cfg.Vats.MemoryLimitMiB
	}
	services := slices.Clone(opts.Services)
	if lm := MergeLM(cfg.LM, opts.LM); lm != nil {
		if err := lm.Validate(); err != nil {
			return err
		}
		if opts.LMService == nil {
			return errors.New("lm: this daemon cannot serve languageModelService (RunOptions.LMService is not set)")
		}
		svc, err := opts.LMService(*lm, log)
		if err != nil {
			return fmt.Errorf("language model service: %w", err)
		}
		services = append(services, svc)
		// Never the API key: only where it comes from.
		log.Info("Language model service", "backend", lm.Backend, "baseUrl", lm.BaseURL, "models", lm.Models)
	}

	// Signals first, so that a SIGTERM during start-up is not lost.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)

	for _, p := range []string{opts.DBFilename, opts.DBFilename + "-wal", opts.DBFilename + "-shm", opts.DBFilename + "-journal"} {
		if err := refuseLink(p); err != nil {
			return err
		}
	}
	k, _, err := MakeKernel(ctx, KernelOptions{
		ResetStorage: opts.ResetStorage,
		DBFilename:   opts.DBFilename,
		Logger:       log,
		KeySeed:      opts.KeySeed,
		Mnemonic:     opts.Mnemonic,

		VatMemoryLimit:  vatMemMiB << 20,
		RemoteTransport: opts.RemoteTransport,
		OnChange:        hub.NoteKernelChange,
		Services:        services,
	})
	if err != nil {
		return fmt.Errorf("start kernel: %w", err)
	}
	if err := startNetworking(ctx, k, remoteOpts, log); err != nil {
		k.Stop()
		return err
	}
	pidFile := l.PID()
	if err := writePIDFile(pidFile, pid); err != nil {
		k.Stop()
		return fmt.Errorf("write pid file: %w", err)
	}
	defer os.Remove(pidFile)

	shutdown := make(chan struct{})
	var once sync.Once
	d, err := StartDaemon(k, ServerOptions{
		SocketPath:     opts.SocketPath,
		Logger:         log,
		OnShutdown:     func() { once.Do(func() { close(shutdown) }) },
		MaxRequestSize: opts.MaxRequestSize,
		ReadTimeout:    opts.ReadTimeout,
		DrainTimeout:   opts.DrainTimeout,
		Events:         hub,
	})
	if err != nil {
		k.Stop()
		return err
	}
	log.Info("Daemon started. Socket: " + opts.SocketPath)
	if opts.Ready != nil {
		opts.Ready(opts.SocketPath)
	}

	// A daemon whose socket was removed or replaced can no longer be
	// reached: it exits rather than linger (for example when its home is
	// deleted under it).
	sockCheck := time.NewTicker(socketCheckInterval)
	defer sockCheck.Stop()
	sockInfo, _ := os.Lstat(opts.SocketPath)

	reason := ""
	var fatal error
	for reason == "" {
		select {
		case <-k.Done():
			// The kernel stopped on its own (its database cannot be
			// written): the daemon must not go on answering "kernel
			// stopped" as if it were alive.
			fatal = k.Err()
			if fatal == nil {
				fatal = errors.New("kernel stopped")
			}
			reason = "kernel stopped: " + fatal.Error()
		case <-sockCheck.C:
			if fi, err := os.Lstat(opts.SocketPath); err != nil || sockInfo == nil || !os.SameFile(fi, sockInfo) {
				reason = "socket " + opts.SocketPath + " was removed"
			}
		case <-ctx.Done():
			reason = "context done"
		case <-shutdown:
			reason = "RPC shutdown"
		case sig := <-sigs:
			if sig == syscall.SIGHUP {
				log.Info("SIGHUP received; rotating the log")
				if err := logFile.Rotate(); err != nil {
					log.Error("log rotation failed", "err", err)
				}
				log.Info("Log rotated", "pid", pid)
				continue
			}
			reason = sig.String()
		}
	}
	log.Info("Shutting down (" + reason + ")...")
	if err := d.Close(); err != nil && fatal == nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if fatal != nil {
		return fatal // logged as "Daemon fatal" on the way out
	}
	log.Info("Daemon stopped.")
	return nil
}

// startNetworking gives the kernel its identity and, if opts names relays
// or listen addresses, remote comms. A kernel that ran remote comms before
// has already resumed them with its stored options (kernel.New does); those
// win over opts, which are then only logged as not applied.
func startNetworking(ctx context.Context, k *kernel.Kernel, opts *api.RemoteCommsOptions, log *slog.Logger) error {
	st, err := k.GetStatus(ctx)
	if err != nil {
		return fmt.Errorf("kernel status: %w", err)
	}
	if st.RemoteComms.State == api.RemoteCommsConnected {
		log.Info("Remote comms resumed", "peerId", st.RemoteComms.PeerID, "listenAddresses", st.RemoteComms.ListenAddresses)
		if opts != nil {
			log.Info("Remote comms options not applied: the kernel resumed those of its previous run")
		}
		return nil
	}
	if err := k.InitIdentity(ctx); err != nil {
		return fmt.Errorf("init identity: %w", err)
	}
	if opts == nil {
		return nil
	}
	if err := k.InitRemoteComms(ctx, *opts); err != nil {
		return fmt.Errorf("init remote comms: %w", err)
	}
	if st, err = k.GetStatus(ctx); err != nil {
		return fmt.Errorf("kernel status: %w", err)
	}
	log.Info("Remote comms initialized", "peerId", st.RemoteComms.PeerID, "relays", opts.Relays, "listenAddresses", st.RemoteComms.ListenAddresses)
	return nil
}
