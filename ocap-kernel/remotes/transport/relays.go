package transport

import (
	"context"
	"fmt"
	"time"

	"github.com/libp2p/go-libp2p/core/event"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/peerstore"
	"github.com/libp2p/go-libp2p/p2p/protocol/circuitv2/client"
	ma "github.com/multiformats/go-multiaddr"

	kernelutils "github.com/ocap-kernel/ocap-go/kernel-utils"
)

// relayAddr is one configured relay multiaddr.
type relayAddr struct {
	raw  string        // as configured, ends in /p2p/<relay>
	addr ma.Multiaddr  // parsed raw
	info peer.AddrInfo // relay id and transport address
}

func parseRelays(relays []string) ([]relayAddr, error) {
	out := make([]relayAddr, 0, len(relays))
	for _, raw := range relays {
		a, err := ma.NewMultiaddr(raw)
		if err != nil {
			return nil, fmt.Errorf("transport: invalid relay address %q: %w", raw, err)
		}
		info, err := peer.AddrInfoFromP2pAddr(a)
		if err != nil || len(info.Addrs) == 0 || isCircuit(a) {
			return nil, fmt.Errorf("transport: invalid relay address %q: %w", raw, errNoRelayID)
		}
		out = append(out, relayAddr{raw: raw, addr: a, info: *info})
	}
	return out, nil
}

// reservationRefreshMargin is how long before expiry a reservation is
// renewed (at most a quarter of its lifetime).
const reservationRefreshMargin = 2 * time.Minute

// startRelays starts one reservation loop per relay peer (a relay listed
// with several addresses, e.g. /ws and /tcp, gets one reservation) and a
// dispatcher that wakes a loop when its relay disconnects.
func (t *Transport) startRelays() error {
	if len(t.relays) == 0 {
		return nil
	}
	byID := make(map[peer.ID]*peer.AddrInfo)
	var order []peer.ID
	for _, r := range t.relays {
		info := byID[r.info.ID]
		if info == nil {
			info = &peer.AddrInfo{ID: r.info.ID}
			byID[r.info.ID] = info
			order = append(order, r.info.ID)
		}
		info.Addrs = append(info.Addrs, r.info.Addrs...)
	}
	sub, err := t.host.EventBus().Subscribe(new(event.EvtPeerConnectednessChanged))
	if err != nil {
		return fmt.Errorf("transport: subscribe to connectedness events: %w", err)
	}
	wake := make(map[peer.ID]chan struct{}, len(order))
	for _, id := range order {
		wake[id] = make(chan struct{}, 1)
	}
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		defer sub.Close()
		for {
			select {
			case <-t.ctx.Done():
				return
			case e, ok := <-sub.Out():
				if !ok {
					return
				}
				ev, _ := e.(event.EvtPeerConnectednessChanged)
				if c, ok := wake[ev.Peer]; ok && ev.Connectedness != network.Connected {
					select {
					case c <- struct{}{}:
					default:
					}
				}
			}
		}
	}()
	for _, id := range order {
		info := *byID[id]
		t.host.Peerstore().AddAddrs(info.ID, info.Addrs, peerstore.PermanentAddrTTL)
		t.wg.Add(1)
		go t.maintainReservation(info, wake[id])
	}
	return nil
}

// maintainReservation keeps a reservation on one relay: reserve, then renew
// before expiry or as soon as the relay disconnects; failures (relay down,
// startup races) retry with the reconnection backoff, forever.
func (t *Transport) maintainReservation(relay peer.AddrInfo, wake <-chan struct{}) {
	defer t.wg.Done()
	failures := 0
	for {
		rsvp, err := t.reserve(relay)
		if t.ctx.Err() != nil {
			return
		}
		var wait time.Duration
		if err != nil {
			failures++
			t.setReserved(relay.ID, false)
			wait = t.backoffFor(failures)
			t.log.Info("relay reservation failed; retrying", "relay", relay.ID,
				"attempt", failures, "delay", wait, "err", err)
		} else {
			if failures > 0 || !t.isReserved(relay.ID) {
				t.log.Info("relay reservation active", "relay", relay.ID, "expires", rsvp.Expiration)
			}
			failures = 0
			t.setReserved(relay.ID, true)
			ttl := time.Until(rsvp.Expiration)
			wait = ttl - min(ttl/4, reservationRefreshMargin)
		}
		timer := time.NewTimer(max(wait, 0))
		select {
		case <-t.ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		case <-wake:
			timer.Stop()
			if t.host.Network().Connectedness(relay.ID) != network.Connected {
				t.setReserved(relay.ID, false)
				t.log.Info("relay disconnected; re-reserving", "relay", relay.ID)
				// Pace reconnection to a relay that keeps dropping us.
				failures++
				if kernelutils.AbortableDelay(t.ctx, t.backoffFor(failures)) != nil {
					return
				}
			}
		}
	}
}

// reserve connects to the relay and requests a reservation.
func (t *Transport) reserve(relay peer.AddrInfo) (*client.Reservation, error) {
	ctx, cancel := context.WithTimeout(t.ctx, DialTimeout)
	defer cancel()
	t.clearDialBackoff(relay.ID)
	if err := t.host.Connect(ctx, relay); err != nil {
		return nil, fmt.Errorf("connect to relay: %w", err)
	}
	t.host.ConnManager().Protect(relay.ID, "ocap-relay")
	rsvp, err := client.Reserve(ctx, t.host, relay)
	if err != nil {
		return nil, fmt.Errorf("reserve on relay: %w", err)
	}
	return rsvp, nil
}

func (t *Transport) setReserved(id peer.ID, ok bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.reservations[id] = ok
}

func (t *Transport) isReserved(id peer.ID) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.reservations[id]
}
