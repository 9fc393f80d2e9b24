// Package remotes connects the kernel's remote comms to the libp2p
// transport: Factory is the kernel.RemoteTransportFactory a daemon passes in
// kernel.Options so that initRemoteComms starts a real network node.
package remotes

import (
	"context"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/kernel"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/remotes/transport"
)

// Factory starts a libp2p transport for a kernel. Tuning, when non-nil,
// adjusts the transport configuration first (tests use it for short
// backoffs).
func Factory(tuning func(*transport.Config)) kernel.RemoteTransportFactory {
	return func(ctx context.Context, cfg kernel.TransportConfig) (kernel.RemoteTransport, error) {
		tc := transport.Config{
			KeySeed:             cfg.KeySeed,
			IncarnationID:       cfg.IncarnationID,
			Relays:              cfg.Relays,
			DirectListenAddrs:   cfg.DirectListenAddrs,
			AllowedWsHosts:      cfg.AllowedWsHosts,
			MaxRetryAttempts:    cfg.MaxRetryAttempts,
			Logger:              cfg.Logger,
			Handler:             cfg.Handler,
			OnGiveUp:            cfg.OnGiveUp,
			OnIncarnationChange: cfg.OnIncarnationChange,
			Incarnations:        cfg.Incarnations,
		}
		if tuning != nil {
			tuning(&tc)
		}
		return transport.New(ctx, tc)
	}
}
