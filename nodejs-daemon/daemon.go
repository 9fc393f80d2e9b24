package daemon

import (
	"errors"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/kernel"
)

// Daemon is a kernel served on an RPC socket (upstream startDaemon).
type Daemon struct {
	kernel *kernel.Kernel
	server *Server
}

// StartDaemon serves k on opts.SocketPath (opts.Kernel is set to k). The
// daemon owns k from then on: Close stops it.
func StartDaemon(k *kernel.Kernel, opts ServerOptions) (*Daemon, error) {
	if k == nil {
		return nil, errors.New("daemon: StartDaemon with nil kernel")
	}
	opts.Kernel = k
	s, err := StartRPCSocketServer(opts)
	if err != nil {
		return nil, err
	}
	return &Daemon{kernel: k, server: s}, nil
}

// Kernel is the daemon's kernel.
func (d *Daemon) Kernel() *kernel.Kernel { return d.kernel }

// SocketPath is where the daemon listens.
func (d *Daemon) SocketPath() string { return d.server.SocketPath() }

// Close closes the RPC server (no new requests, in-flight ones drained),
// then stops the kernel, which commits and closes its database.
func (d *Daemon) Close() error {
	return errors.Join(d.server.Close(), d.kernel.Stop())
}
