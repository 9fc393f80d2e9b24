package kernel

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/identity"
)

// Remote comms, kernel side: every peer kernel is an endpoint rN with its
// own c-list (ro±N / rp±N) and a RemoteHandle-style reliable channel on top
// of the transport: numbered messages, cumulative acks, delayed standalone
// acks, retransmission, a cap on unacknowledged messages, and all sequence
// state persisted so that a restart loses and duplicates nothing.
//
// Ref polarity: a c-list holds refs in this kernel's frame (a ref the
// kernel allocated for an object it sends is ro-N); every ref is flipped
// on the wire, so the receiver reads it in its own frame (ro+N: the sender
// exports it). Unlike upstream, GC messages are flipped too, so that
// dropExports/retireExports/retireImports name the same objects on both
// sides (upstream sends them unflipped).
//
// Messages leave only once the crank that produced them is durable, and
// inbound messages are applied in cranks of their own on the kernel
// goroutine, so remote traffic obeys the same atomicity as vats.

// RemoteTransport is the network under remote comms (package
// remotes/transport implements it on libp2p).
type RemoteTransport interface {
	PeerID() string
	ListenAddresses() []string
	Send(ctx context.Context, to string, msg []byte) error
	RegisterLocationHints(peerID string, hints []string)
	// ResetAllBackoffs clears reconnection backoffs and failure histories
	// (after a wake from sleep).
	ResetAllBackoffs()
	// SetIncarnation replaces the incarnation id the handshakes send (after
	// clearState) and makes every peer handshake again, so that each sees
	// this kernel's state is gone.
	SetIncarnation(id string)
	Close() error
}

// TransportConfig is what the kernel hands a RemoteTransportFactory.
type TransportConfig struct {
	KeySeed             [32]byte
	IncarnationID       string
	Relays              []string
	DirectListenAddrs   []string
	AllowedWsHosts      []string
	MaxRetryAttempts    int
	Logger              *slog.Logger
	Handler             func(from string, msg []byte)
	OnGiveUp            func(peerID string)
	OnIncarnationChange func(peerID string)
	Incarnations        IncarnationStore
}

// IncarnationStore persists the last incarnation seen of each peer.
type IncarnationStore interface {
	Get(peerID string) (string, bool)
	Set(peerID, incarnation string)
}

// RemoteTransportFactory starts a transport.
type RemoteTransportFactory func(ctx context.Context, cfg TransportConfig) (RemoteTransport, error)

// Remote protocol constants (upstream's remote-comms constants).
const (
	remoteAckTimeout    = 10 * time.Second
	remoteDelayedAck    = 50 * time.Millisecond
	remoteMaxRetries    = 3
	remoteMaxPending    = 200
	remoteRedeemTimeout = 30 * time.Second
	// maxPendingRedemptions bounds the URL redemptions waiting for one
	// peer's replies.
	maxPendingRedemptions = 256
	remoteSendTimeout     = 30 * time.Second
	prefixRemote          = "remote."
	prefixPeerIncarnation = "peerIncarnation."
	// keyRemoteCommsOptions keeps the last initRemoteComms options, so a
	// restarted kernel resumes remote comms (and retransmits what it had
	// pending) without waiting for a new initRemoteComms.
	keyRemoteCommsOptions  = "remoteComms.options"
	methodDeliver          = "deliver"
	methodRedeemURL        = "redeemURL"
	methodRedeemURLReply   = "redeemURLReply"
	errRemoteNotConfigured = "remote comms are not available in this kernel (no transport configured)"
)

// remoteRecord is remote.<rN>.
type remoteRecord struct {
	PeerID string   `json:"peerId"`
	Hints  []string `json:"hints"`
}

// remote is the in-memory state of one peer kernel (upstream
// RemoteHandle). Sequence numbers live in kv only (remoteSeq.<rN>.*), so a
// rolled-back crank rolls them back too.
type remote struct {
	id, peerID string

	retries              int // retransmissions since the last ack
	ackTimer, delayedAck timer

	redemptions map[string]chan redeemResult
	nextReply   int
	sender      *peerSender
	active      bool // traffic since the last idle sweep (remote_idle.go)
}

type redeemResult struct {
	kref string
	err  error
}

// remoteComms is the kernel's remote-comms state; nil until
// initRemoteComms.
type remoteComms struct {
	net RemoteTransport
	// byID and byPeer hold the endpoints in memory; idle ones leave
	// (remote_idle.go), and remoteOfID/remoteOfPeer bring them back.
	byID       map[string]*remote
	byPeer     map[string]*remote
	sweep      timer // the next idle sweep
	incMu      sync.Mutex
	incs       map[string]string
	outbox     []outFrame // frames of the current crank, sent once it is durable
	maxPending int
	// maxURLRelayHints and maxKnownRelays bound the hints in issued URLs
	// and the known-relay pool.
	maxURLRelayHints, maxKnownRelays int
	urlHints                         []string // relay hints of issued URLs
}

type outFrame struct {
	r     *remote
	frame []byte
}

func seqKey(rid, name string) string { return "remoteSeq." + rid + "." + name }

func (k *Kernel) nextSendSeq(r *remote) int { return k.st.getInt(seqKey(r.id, "nextSendSeq")) }
func (k *Kernel) highestReceivedSeq(r *remote) int {
	return k.st.getInt(seqKey(r.id, "highestReceivedSeq"))
}
func (k *Kernel) startSeq(r *remote) int { return k.st.getInt(seqKey(r.id, "startSeq")) }

// hasPending reports whether r has unacknowledged messages.
func (k *Kernel) hasPending(r *remote) bool {
	start := k.startSeq(r)
	return start > 0 && start <= k.nextSendSeq(r)
}
func pendingKey(rid string, seq int) string {
	return "remotePending." + rid + "." + strconv.Itoa(seq)
}

// flipRef turns a c-list ref into the peer's frame and back.
func flipRef(ref string) string {
	if len(ref) < 3 || ref[0] != 'r' {
		return ref
	}
	switch ref[2] {
	case '+':
		return ref[:2] + "-" + ref[3:]
	case '-':
		return ref[:2] + "+" + ref[3:]
	}
	return ref
}

func flipRefs(refs []string) []string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = flipRef(r)
	}
	return out
}

// InitRemoteComms starts networking: the transport, the remote endpoints
// persisted by earlier runs, and retransmission of what they had pending.
func (k *Kernel) InitRemoteComms(ctx context.Context, opts api.RemoteCommsOptions) error {
	if k.opts.RemoteTransport == nil {
		return errors.New(errRemoteNotConfigured)
	}
	if err := validateRemoteCommsOptions(opts); err != nil {
		return err
	}
	var cfg TransportConfig
	var pool []relayEntry
	var woke bool
	// none -> starting (pendingRC set) -> up (rc set): a second call while
	// the transport starts is refused, and every failure after the start
	// closes the transport it started.
	var rc *remoteComms
	// Once the kernel takes the first step, the start is finished or
	// undone even if the caller gives up (the step itself runs under a
	// context the caller cannot cancel), so that no transport is left
	// running and the state is never stuck in "starting".
	finish := context.WithoutCancel(ctx)
	abandon := func() {
		_ = k.do(finish, func(context.Context) error {
			if k.pendingRC == rc {
				k.pendingRC = nil
			}
			if k.rc == rc { // failed after it was installed
				k.rc = nil
				k.rcMu.Lock()
				k.netForSenders = nil
				k.rcMu.Unlock()
			}
			return nil
		})
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	err := k.do(finish, func(context.Context) error {
		if k.rc != nil {
			return errRemoteCommsUp
		}
		if k.pendingRC != nil {
			return errRemoteCommsStarting
		}
		stored, err := k.relayPool()
		if err != nil {
			return err
		}
		rc = &remoteComms{byID: map[string]*remote{}, byPeer: map[string]*remote{}, incs: map[string]string{},
			maxPending: remoteMaxPending, maxURLRelayHints: defaultMaxURLRelayHints, maxKnownRelays: defaultMaxKnownRelays}
		if opts.MaxQueue > 0 {
			rc.maxPending = opts.MaxQueue
		}
		if opts.MaxURLRelayHints > 0 {
			rc.maxURLRelayHints = opts.MaxURLRelayHints
		}
		if opts.MaxKnownRelays > 0 {
			rc.maxKnownRelays = opts.MaxKnownRelays
		}
		pool = stored
		if len(opts.Relays) > 0 {
			pool = mergeBootstrapRelays(stored, opts.Relays, time.Now().UnixMilli(), rc.maxKnownRelays)
		}
		// No relays for identity: the pool owns knownRelays, and is
		// stored only once the network is up.
		id, err := identity.InitIdentity(storeKV{k.st}, identity.Options{KeySeed: k.opts.KeySeed})
		if err != nil {
			return err
		}
		k.ident = id
		inc, err := identity.ProvideIncarnationID(storeKV{k.st})
		if err != nil {
			return err
		}
		for _, key := range k.st.keysWithPrefix(prefixPeerIncarnation) {
			rc.incs[key[len(prefixPeerIncarnation):]] = k.st.getString(key)
		}
		woke = k.detectWake(time.Now())
		cfg = TransportConfig{
			KeySeed: id.KeySeed, IncarnationID: inc, Relays: k.transportRelays(pool),
			DirectListenAddrs: opts.DirectListenAddrs, AllowedWsHosts: opts.AllowedWsHosts,
			MaxRetryAttempts: opts.MaxRetryAttempts,
			Logger:           k.log.With("component", "transport"), Incarnations: incarnations{k, rc},
			Handler: k.remoteInbound, OnGiveUp: k.remoteGiveUp, OnIncarnationChange: k.remotePeerRestarted,
		}
		k.pendingRC = rc
		return nil
	})
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		abandon()
		return err
	}
	net, err := k.opts.RemoteTransport(ctx, cfg)
	if err != nil {
		abandon()
		return fmt.Errorf("start remote comms: %w", err)
	}
	err = k.do(finish, func(context.Context) error {
		if k.pendingRC != rc {
			return errors.New("remote comms start abandoned: the kernel state was cleared meanwhile")
		}
		k.pendingRC = nil
		rc.net = net
		k.rc = rc
		k.rcMu.Lock()
		k.netForSenders = net
		k.rcMu.Unlock()
		// Remembered only once the network is up: options that cannot
		// start it must not stop every later start of the kernel.
		k.st.set(keyRemoteCommsOptions, mustJSON(opts))
		k.setRelayPool(pool)
		if woke {
			// Upstream's cross-incarnation wake: the kernel was down for
			// long enough that old backoffs say nothing about the network.
			k.log.Info("cross-incarnation wake detected; resetting backoffs")
			net.ResetAllBackoffs()
		}
		// Endpoints with something in flight or references come back
		// now; the rest when they are used.
		for _, key := range k.st.keysWithPrefix(prefixRemote) {
			rid := key[len(prefixRemote):]
			var rec remoteRecord
			if json.Unmarshal([]byte(k.st.getString(key)), &rec) == nil && !k.st.has(prefixRemotePeer+rec.PeerID) {
				k.st.set(prefixRemotePeer+rec.PeerID, rid) // kernels before the index
			}
			if k.st.getInt(seqKey(rid, "startSeq")) > 0 || k.st.hasKeyWithPrefix(rid+".c.") {
				k.restoreRemote(rid)
			}
		}
		k.scheduleRemoteSweep(rc)
		return nil
	})
	if err != nil {
		abandon()
		if cerr := net.Close(); cerr != nil {
			k.log.Warn("closing an abandoned transport", "err", cerr)
		}
	}
	return err
}

var (
	errRemoteCommsUp       = errors.New("remote comms already initialized")
	errRemoteCommsStarting = errors.New("remote comms are already starting")
	// errStoredOptions: the options of the last run are unreadable, so
	// no retry can resume with them.
	errStoredOptions = errors.New("stored remote comms options are corrupt")
)

// Retries of a failed resume of remote comms wait from
// resumeRetryFirst, doubling, up to resumeRetryMax.
const (
	resumeRetryFirst = time.Second
	resumeRetryMax   = time.Minute
)

// keepResuming retries, in the background, a resume of remote comms that
// failed at start-up (a listen port still taken, a network not up yet):
// the kernel runs without remote comms meanwhile, and its peers get what
// it had pending once a retry succeeds. The retries end when one
// succeeds, when an initRemoteComms has started remote comms, when
// clearState has dropped the stored options, or when the kernel stops.
func (k *Kernel) keepResuming(err error) {
	k.bg.Go(func() {
		for delay := resumeRetryFirst; ; delay = min(2*delay, resumeRetryMax) {
			if errors.Is(err, errStoredOptions) {
				k.log.Error("remote comms cannot resume; call initRemoteComms", "err", err)
				return
			}
			k.log.Warn("resuming remote comms failed; retrying", "err", err, "retry in", delay)
			due := make(chan struct{})
			t := k.clock.AfterFunc(delay, func() { close(due) })
			select {
			case <-k.runCtx.Done():
				t.Stop()
				return
			case <-due:
			}
			var resumed bool
			resumed, err = k.resumeRemoteComms(k.runCtx)
			switch {
			case err == nil:
				if resumed {
					k.log.Info("remote comms resumed")
				}
				return
			case errors.Is(err, errRemoteCommsUp), k.runCtx.Err() != nil:
				return
			}
		}
	})
}

// resumeRemoteComms restarts remote comms with the options of the last
// run, if it had them (resumed says whether it had).
func (k *Kernel) resumeRemoteComms(ctx context.Context) (resumed bool, err error) {
	if k.opts.RemoteTransport == nil {
		return false, nil
	}
	var raw string
	if err := k.do(ctx, func(context.Context) error { raw = k.st.getString(keyRemoteCommsOptions); return nil }); err != nil || raw == "" {
		return false, err
	}
	var opts api.RemoteCommsOptions
	if err := json.Unmarshal([]byte(raw), &opts); err != nil {
		return false, fmt.Errorf("%w: %w", errStoredOptions, err)
	}
	return true, k.InitRemoteComms(ctx, opts)
}

// incarnations persists peer incarnations (HEAD's peerIncarnation.<peer>).
type incarnations struct {
	k  *Kernel
	rc *remoteComms
}

func (i incarnations) Get(peer string) (string, bool) {
	i.rc.incMu.Lock()
	defer i.rc.incMu.Unlock()
	v, ok := i.rc.incs[peer]
	return v, ok
}

func (i incarnations) Set(peer, inc string) {
	i.rc.incMu.Lock()
	i.rc.incs[peer] = inc
	i.rc.incMu.Unlock()
	i.k.async(func() { i.k.st.set(prefixPeerIncarnation+peer, inc) })
}

// async runs fn on the kernel goroutine in a crank of its own, without
// waiting (for callbacks from network goroutines).
func (k *Kernel) async(fn func()) {
	k.bg.Go(func() {
		_ = k.do(k.runCtx, func(context.Context) error { fn(); return nil })
	})
}

// restoreRemote recreates a persisted endpoint and resends what it had
// pending.
func (k *Kernel) restoreRemote(rid string) *remote {
	var rec remoteRecord
	if err := json.Unmarshal([]byte(k.st.getString(prefixRemote+rid)), &rec); err != nil {
		k.log.Error("corrupt remote record", "remote", rid, "err", err)
		return nil
	}
	r := k.newRemoteState(rid, rec.PeerID)
	r.active = true
	if len(rec.Hints) > 0 {
		k.rc.net.RegisterLocationHints(rec.PeerID, rec.Hints)
	}
	// Orphans of a give-up below startSeq are deleted; the rest is resent.
	for _, key := range k.st.keysWithPrefix("remotePending." + rid + ".") {
		if n, err := strconv.Atoi(key[len("remotePending."+rid+"."):]); err == nil && n < k.startSeq(r) {
			k.st.del(key)
		}
	}
	if k.hasPending(r) {
		k.retransmit(r)
	}
	return r
}

func (k *Kernel) newRemoteState(rid, peer string) *remote {
	r := &remote{id: rid, peerID: peer, redemptions: map[string]chan redeemResult{}}
	r.sender = newPeerSender(k, peer)
	k.rc.byID[rid] = r
	k.rc.byPeer[peer] = r
	return r
}

// remoteFor returns the endpoint of peer, creating it.
func (k *Kernel) remoteFor(peer string, hints []string) *remote {
	if r := k.remoteOfPeer(peer); r != nil {
		if len(hints) > 0 {
			k.rc.net.RegisterLocationHints(peer, hints)
		}
		return r
	}
	rid := "r" + strconv.Itoa(k.st.incCounter(keyNextRemoteID))
	if hints == nil {
		hints = []string{}
	}
	k.st.set(prefixRemote+rid, mustJSON(remoteRecord{PeerID: peer, Hints: hints}))
	k.st.set(prefixRemotePeer+peer, rid)
	k.st.set("e.nextObjectId."+rid, "1")
	k.st.set("e.nextPromiseId."+rid, "1")
	if len(hints) > 0 {
		k.rc.net.RegisterLocationHints(peer, hints)
	}
	return k.newRemoteState(rid, peer)
}

// remoteMessage is the RemoteHandle JSON, with upstream's key order.
type remoteMessage struct {
	Seq    int             `json:"seq,omitempty"`
	Ack    int             `json:"ack,omitempty"`
	Method string          `json:"method,omitempty"`
	Params json.RawMessage `json:"params,omitempty"`
}

// remoteSend persists and queues one message to r (sent when the crank is
// durable).
func (k *Kernel) remoteSend(r *remote, method string, params any) error {
	next, start := k.nextSendSeq(r), k.startSeq(r)
	if method != methodRedeemURLReply && k.hasPending(r) && next-start+1 >= k.rc.maxPending {
		return fmt.Errorf("Message rejected: pending queue at capacity (%d)", k.rc.maxPending)
	}
	raw, err := jsonNoEscape(params)
	if err != nil {
		return err
	}
	r.active = true
	seq := next + 1
	frame, err := jsonNoEscape(remoteMessage{Seq: seq, Ack: k.highestReceivedSeq(r), Method: method, Params: raw})
	if err != nil {
		return err
	}
	k.st.set(pendingKey(r.id, seq), string(frame))
	if !k.hasPending(r) {
		k.st.setInt(seqKey(r.id, "startSeq"), seq)
	}
	k.st.setInt(seqKey(r.id, "nextSendSeq"), seq)
	if r.delayedAck != nil {
		r.delayedAck.Stop() // the ack rides on this message
		r.delayedAck = nil
	}
	if r.ackTimer == nil {
		k.startAckTimer(r)
	}
	k.rc.outbox = append(k.rc.outbox, outFrame{r, frame})
	return nil
}

func jsonNoEscape(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

func (k *Kernel) startAckTimer(r *remote) {
	r.ackTimer = k.clock.AfterFunc(remoteAckTimeout, func() {
		k.async(func() {
			if k.current(r) {
				k.ackTimeout(r)
			}
		})
	})
}

// current reports whether r is still one of the kernel's endpoints: a
// timer that fires after clearState (or a stop) must not act on the keys
// of whatever endpoint now has r's id.
func (k *Kernel) current(r *remote) bool {
	return k.rc != nil && k.rc.byID[r.id] == r
}

// retireRemotes stops every endpoint's timers and sender, for clearState
// and stop: their frames and retransmissions belong to state that is gone;
// URL redemptions still waiting for a reply fail with reason.
func (k *Kernel) retireRemotes(reason error) {
	if k.rc == nil {
		return
	}
	for _, r := range k.rc.byID {
		for key, ch := range r.redemptions {
			ch <- redeemResult{err: reason}
			delete(r.redemptions, key)
		}
		if r.ackTimer != nil {
			r.ackTimer.Stop()
		}
		if r.delayedAck != nil {
			r.delayedAck.Stop()
		}
		r.sender.stop()
	}
}

// ackTimeout retransmits everything unacknowledged, and gives up after
// remoteMaxRetries.
func (k *Kernel) ackTimeout(r *remote) {
	r.ackTimer = nil
	if !k.hasPending(r) {
		return
	}
	if r.retries >= remoteMaxRetries {
		next := k.nextSendSeq(r)
		k.log.Warn("remote did not acknowledge; giving up", "remote", r.id, "peer", r.peerID, "pending", next-k.startSeq(r)+1)
		for s := k.startSeq(r); s <= next; s++ {
			k.st.del(pendingKey(r.id, s))
		}
		k.st.setInt(seqKey(r.id, "startSeq"), next+1)
		k.failRemote(r, fmt.Errorf("Remote connection lost after %d failed retries", remoteMaxRetries))
		return
	}
	r.retries++
	k.retransmit(r)
}

// retransmit resends the pending messages verbatim.
func (k *Kernel) retransmit(r *remote) {
	for s, next := k.startSeq(r), k.nextSendSeq(r); s <= next; s++ {
		if frame, ok := k.st.get(pendingKey(r.id, s)); ok {
			k.rc.outbox = append(k.rc.outbox, outFrame{r, []byte(frame)})
		}
	}
	if r.ackTimer == nil {
		k.startAckTimer(r)
	}
}

// takeOutbox returns the frames the current crank produced; they are sent
// once the crank is durable.
func (k *Kernel) takeOutbox() []outFrame {
	if k.rc == nil || len(k.rc.outbox) == 0 {
		return nil
	}
	out := k.rc.outbox
	k.rc.outbox = nil
	return out
}

// maxSenderQueue bounds the frames waiting for one peer's sender.
const maxSenderQueue = 1024

// peerSender writes frames to one peer in order, off the kernel goroutine.
type peerSender struct {
	k       *Kernel
	peer    string
	mu      sync.Mutex
	q       [][]byte
	busy    bool
	stopped bool // retired: frames are dropped
}

// stop drops what is queued and everything enqueued later.
func (s *peerSender) stop() {
	s.mu.Lock()
	s.q, s.stopped = nil, true
	s.mu.Unlock()
}

func newPeerSender(k *Kernel, peer string) *peerSender { return &peerSender{k: k, peer: peer} }

func (s *peerSender) enqueue(frame []byte) {
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return
	}
	if len(s.q) >= maxSenderQueue {
		// The peer is not taking frames as fast as they come. Dropping
		// one loses nothing: a message stays pending until acked and is
		// retransmitted, and an ack rides on the next frame.
		s.mu.Unlock()
		s.k.log.Debug("remote send queue full; frame dropped", "peer", s.peer)
		return
	}
	s.q = append(s.q, frame)
	if !s.busy {
		s.busy = s.k.bg.Go(s.run)
		if !s.busy {
			s.q = nil // the kernel is stopping
		}
	}
	s.mu.Unlock()
}

func (s *peerSender) run() {
	for {
		s.mu.Lock()
		if len(s.q) == 0 || s.stopped || s.k.runCtx.Err() != nil {
			s.q = nil
			s.busy = false
			s.mu.Unlock()
			return
		}
		frame := s.q[0]
		s.q = s.q[1:]
		s.mu.Unlock()
		net := s.k.transport()
		if net == nil {
			continue
		}
		s.send(net, frame)
	}
}

// send writes one frame. A rate-limited frame waits for the window to
// slide rather than for the ack timer; other failures are not fatal: the
// message stays pending and is retransmitted.
func (s *peerSender) send(net RemoteTransport, frame []byte) {
	ctx, cancel := context.WithTimeout(s.k.runCtx, remoteSendTimeout)
	defer cancel()
	for {
		err := net.Send(ctx, s.peer, frame)
		var limited interface{ RetryLater() bool }
		if err == nil || !errors.As(err, &limited) || !limited.RetryLater() {
			if err != nil {
				s.k.log.Debug("remote send failed", "peer", s.peer, "err", err)
			}
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (k *Kernel) transport() RemoteTransport {
	k.rcMu.RLock()
	defer k.rcMu.RUnlock()
	return k.netForSenders
}

// remoteInbound is the transport's handler: each message is applied in a
// crank of its own on the kernel goroutine, in arrival order.
func (k *Kernel) remoteInbound(from string, msg []byte) {
	err := k.do(k.runCtx, func(context.Context) error { return k.receiveRemote(from, msg) })
	if err != nil && !errors.Is(err, ErrStopped) && !errors.Is(err, context.Canceled) {
		k.log.Warn("remote message refused", "peer", from, "err", err)
	}
}

type inboundMessage struct {
	Seq    *float64        `json:"seq"`
	Ack    *float64        `json:"ack"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
}

// receiveRemote applies one inbound message. An error rolls the crank back
// and leaves the message unacknowledged, so the peer retransmits it.
func (k *Kernel) receiveRemote(from string, raw []byte) error {
	if k.rc == nil {
		return errors.New("remote comms not initialized")
	}
	var m inboundMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return fmt.Errorf("unparseable remote message: %w", err)
	}
	r := k.remoteOfPeer(from)
	if r == nil {
		// A peer earns a record only with a message that needs one: an
		// ack, or anything but a deliver or a URL redemption, from a peer
		// this kernel never talked to is refused (the crank is empty).
		if m.Seq == nil || (m.Method != methodDeliver && m.Method != methodRedeemURL) {
			return fmt.Errorf("unsolicited %q message from a peer with no endpoint here", firstNonEmpty(m.Method, "ack"))
		}
		r = k.remoteFor(from, nil)
	}
	r.active = true
	if m.Ack != nil {
		k.processAck(r, int(*m.Ack))
	}
	if m.Seq == nil {
		if m.Ack == nil {
			return errors.New("remote message without seq or ack")
		}
		return nil
	}
	seq := int(*m.Seq)
	if float64(seq) != *m.Seq || seq < 1 {
		return errors.New("invalid message seq")
	}
	k.scheduleDelayedAck(r)
	highest := k.highestReceivedSeq(r)
	if seq <= highest {
		return nil // a duplicate; the delayed ack acknowledges it again
	}
	if seq > highest+1 {
		// A gap: earlier messages were lost with a broken channel. Acks
		// are cumulative, so accepting this one would acknowledge the
		// lost ones too; drop it and let the sender retransmit in order.
		// (Upstream has no gap handling and can lose messages here.)
		return nil
	}
	// Recorded first, so that what the message causes (a redeemURLReply)
	// acknowledges it, as upstream's deferred replies do; a failure rolls
	// both back.
	k.st.setInt(seqKey(r.id, "highestReceivedSeq"), seq)
	if err := k.applyRemote(r, m.Method, m.Params); err != nil {
		return fmt.Errorf("remote %s (%s) message %d: %w", r.id, from, seq, err)
	}
	return nil
}

func (k *Kernel) processAck(r *remote, ack int) {
	start := k.startSeq(r)
	if !k.hasPending(r) || ack < start {
		return
	}
	if next := k.nextSendSeq(r); ack > next {
		ack = next
	}
	// startSeq first, then the entries: a crash between leaves orphans
	// that the next restore deletes, never a gap.
	k.st.setInt(seqKey(r.id, "startSeq"), ack+1)
	for s := start; s <= ack; s++ {
		k.st.del(pendingKey(r.id, s))
	}
	r.retries = 0
	if r.ackTimer != nil {
		r.ackTimer.Stop()
		r.ackTimer = nil
	}
	if k.hasPending(r) {
		k.startAckTimer(r)
	}
}

func (k *Kernel) scheduleDelayedAck(r *remote) {
	if r.delayedAck != nil {
		r.delayedAck.Stop()
	}
	r.delayedAck = k.clock.AfterFunc(remoteDelayedAck, func() {
		k.async(func() {
			if !k.current(r) {
				return
			}
			r.delayedAck = nil
			if h := k.highestReceivedSeq(r); h > 0 {
				frame, _ := jsonNoEscape(remoteMessage{Ack: h})
				k.rc.outbox = append(k.rc.outbox, outFrame{r, frame})
			}
		})
	})
}

func (k *Kernel) applyRemote(r *remote, method string, params json.RawMessage) error {
	switch method {
	case methodDeliver:
		return k.remoteDeliver(r, params)
	case methodRedeemURL:
		var p []string
		if err := json.Unmarshal(params, &p); err != nil || len(p) != 2 {
			return errors.New("redeemURL: bad params")
		}
		url, key := p[0], p[1]
		kref, local, _, err := k.redeemLocal(url)
		if err == nil && !local {
			err = errors.New("ocapURL from a host that's not me")
		}
		if err != nil {
			return k.remoteSend(r, methodRedeemURLReply, []any{false, key, err.Error()})
		}
		return k.remoteSend(r, methodRedeemURLReply, []any{true, key, flipRef(k.translateKtoE(r.id, kref))})
	case methodRedeemURLReply:
		var p []json.RawMessage
		if err := json.Unmarshal(params, &p); err != nil || len(p) != 3 {
			return errors.New("redeemURLReply: bad params")
		}
		var ok bool
		var key, value string
		if json.Unmarshal(p[0], &ok) != nil || json.Unmarshal(p[1], &key) != nil || json.Unmarshal(p[2], &value) != nil {
			return errors.New("redeemURLReply: bad params")
		}
		ch, pending := r.redemptions[key]
		if !pending {
			// Its caller gave up (or the state was cleared): take the
			// reply and drop it. Refusing it would leave it unacknowledged,
			// and its retransmissions would hold up every later message.
			k.log.Debug("reply to a URL redemption nobody waits for", "remote", r.id, "key", key)
			return nil
		}
		res := redeemResult{err: errors.New(value)}
		if ok {
			kref, err := k.translateEtoK(r.id, value)
			if err != nil {
				return err
			}
			res = redeemResult{kref: kref}
		}
		// The reply is handed over once the crank is durable. The commit
		// callback runs on the store's writer goroutine, and the map is the
		// kernel goroutine's: the callback only posts the hand-over back.
		k.afterCommit(func() {
			k.async(func() {
				if r.redemptions[key] == ch {
					delete(r.redemptions, key)
					ch <- res
				}
			})
		})
		return nil
	default:
		return fmt.Errorf("unknown remote method %q", method)
	}
}

// remoteDeliver applies a deliver message: the remote endpoint sends,
// resolves, or collects garbage like a vat does.
func (k *Kernel) remoteDeliver(r *remote, params json.RawMessage) error {
	var p []json.RawMessage
	if err := json.Unmarshal(params, &p); err != nil || len(p) == 0 {
		return errors.New("deliver: bad params")
	}
	var kind string
	if err := json.Unmarshal(p[0], &kind); err != nil {
		return errors.New("deliver: bad kind")
	}
	refs := func(i int) ([]string, error) {
		var out []string
		if len(p) <= i || json.Unmarshal(p[i], &out) != nil {
			return nil, fmt.Errorf("deliver %s: bad refs", kind)
		}
		return out, nil
	}
	switch kind {
	case "message":
		if len(p) != 3 {
			return errors.New("deliver message: bad params")
		}
		var target string
		var body struct {
			Methargs api.CapData `json:"methargs"`
			Result   *string     `json:"result"`
		}
		if json.Unmarshal(p[1], &target) != nil || json.Unmarshal(p[2], &body) != nil {
			return errors.New("deliver message: bad params")
		}
		kTarget, err := k.translateEtoK(r.id, target)
		if err != nil {
			return err
		}
		slots, err := k.translateSlotsEtoK(r.id, body.Methargs.Slots)
		if err != nil {
			return err
		}
		msg := message{Methargs: api.CapData{Body: body.Methargs.Body, Slots: slots}}
		if body.Result != nil && *body.Result != "" {
			kp, err := k.translateEtoK(r.id, *body.Result)
			if err != nil || !isPromiseKref(kp) {
				return fmt.Errorf("deliver message: bad result %q", *body.Result)
			}
			k.addSubscriber(kp, r.id)
			msg.Result = &kp
		}
		k.enqueueSend(kTarget, msg)
	case "notify":
		var res []json.RawMessage
		if len(p) != 2 || json.Unmarshal(p[1], &res) != nil {
			return errors.New("deliver notify: bad params")
		}
		for _, one := range res {
			var t []json.RawMessage
			var rp string
			var rejected bool
			var data api.CapData
			if json.Unmarshal(one, &t) != nil || len(t) != 3 || json.Unmarshal(t[0], &rp) != nil ||
				json.Unmarshal(t[1], &rejected) != nil || json.Unmarshal(t[2], &data) != nil {
				return errors.New("deliver notify: bad resolution")
			}
			kp, ok := k.clistKref(r.id, rp)
			if !ok || !isPromiseKref(kp) {
				return fmt.Errorf("notify of unknown promise %q", rp)
			}
			if k.promiseState(kp) != stateUnresolved {
				k.deleteCList(r.id, kp, rp)
				continue
			}
			slots, err := k.translateSlotsEtoK(r.id, data.Slots)
			if err != nil {
				return err
			}
			if err := k.resolvePromise(r.id, resolution{kpid: kp, rejected: rejected, data: api.CapData{Body: data.Body, Slots: slots}}); err != nil {
				return err
			}
			k.deleteCList(r.id, kp, rp)
		}
	case "dropExports": // the peer no longer reaches our exports
		rs, err := refs(1)
		if err != nil {
			return err
		}
		for _, ref := range rs {
			if kref, ok := k.clistKref(r.id, ref); ok {
				if _, reachable, _ := k.clistEref(r.id, kref); reachable && !erefKind(ref).export {
					k.setReachableFlag(r.id, kref, ref, false)
					k.decReachable(kref)
				}
			}
		}
	case "retireExports": // ... nor recognizes them
		rs, err := refs(1)
		if err != nil {
			return err
		}
		for _, ref := range rs {
			if kref, ok := k.clistKref(r.id, ref); ok && !erefKind(ref).export {
				if _, reachable, _ := k.clistEref(r.id, kref); reachable {
					k.setReachableFlag(r.id, kref, ref, false)
					k.decReachable(kref)
				}
				k.deleteCList(r.id, kref, ref)
			}
		}
	case "retireImports": // objects the peer exported are gone
		rs, err := refs(1)
		if err != nil {
			return err
		}
		for _, ref := range rs {
			if kref, ok := k.clistKref(r.id, ref); ok && erefKind(ref).export {
				k.orphanExport(r.id, kref, ref)
			}
		}
	case "bringOutYourDead":
	default:
		return fmt.Errorf("unknown delivery %q", kind)
	}
	return nil
}

// deliverToRemote sends a message to an object owned by a remote kernel.
func (k *Kernel) deliverToRemote(r *remote, kref string, target string, msg message) {
	res := msg.result()
	if res != "" {
		k.st.set(keyDecider(res), r.id)
	}
	rtarget, _, ok := k.clistEref(r.id, kref)
	if !ok {
		panic(kernelBug("unmapped kref %s for its owner %s", kref, r.id))
	}
	body := map[string]any{
		"methargs": api.CapData{Body: msg.Methargs.Body, Slots: flipRefs(k.translateSlotsKtoE(r.id, msg.Methargs.Slots))},
		"result":   nil,
	}
	if res != "" {
		body["result"] = flipRef(k.translateKtoE(r.id, res))
	}
	err := k.remoteSend(r, methodDeliver, []any{"message", flipRef(rtarget), orderedMessage(body)})
	if err != nil {
		k.splat(target, msg, errorCapData(err))
		return
	}
	k.releaseSend(target, msg)
}

// orderedMessage keeps upstream's key order {methargs, result}.
type orderedMessage map[string]any

func (m orderedMessage) MarshalJSON() ([]byte, error) {
	ma, err := jsonNoEscape(m["methargs"])
	if err != nil {
		return nil, err
	}
	re, err := jsonNoEscape(m["result"])
	if err != nil {
		return nil, err
	}
	return []byte(`{"methargs":` + string(ma) + `,"result":` + string(re) + `}`), nil
}

// notifyRemote tells a remote subscriber that kpids are settled.
func (k *Kernel) notifyRemote(r *remote, kpids []string) {
	var res []any
	var rps []string
	for _, kp := range kpids {
		value := k.promiseValue(kp)
		rp := k.translateKtoE(r.id, kp)
		rps = append(rps, rp)
		res = append(res, []any{flipRef(rp), k.promiseState(kp) == stateRejected,
			api.CapData{Body: value.Body, Slots: flipRefs(k.translateSlotsKtoE(r.id, value.Slots))}})
	}
	if err := k.remoteSend(r, methodDeliver, []any{"notify", res}); err != nil {
		k.log.Warn("notify to remote dropped", "remote", r.id, "err", err)
		return
	}
	for i, kp := range kpids {
		k.deleteCList(r.id, kp, rps[i])
	}
}

// gcToRemote forwards a GC action to a remote kernel (refs flipped).
func (k *Kernel) gcToRemote(r *remote, kind string, erefs []string) {
	if err := k.remoteSend(r, methodDeliver, []any{kind, flipRefs(erefs)}); err != nil {
		k.log.Warn("GC message to remote dropped", "remote", r.id, "err", err)
	}
}

// redeemRemote starts redeeming another kernel's URL; the result arrives on
// the returned channel once the peer replies.
func (k *Kernel) redeemRemote(url string, parsed identity.URL) (chan redeemResult, error) {
	if k.rc == nil {
		return nil, ErrRemoteCommsNotInitialized
	}
	if err := identity.ValidatePeerID(parsed.PeerID); err != nil {
		return nil, fmt.Errorf("bad ocap URL: %w", err)
	}
	// The URL's relays join our pool (so our URLs embed them too); all its
	// hints are used to dial the peer.
	k.learnRelays(parsed.PeerID, parsed.Hints)
	r := k.remoteFor(parsed.PeerID, parsed.Hints)
	if len(r.redemptions) >= maxPendingRedemptions {
		return nil, fmt.Errorf("too many URL redemptions are waiting for peer %s (%d); try again later", parsed.PeerID, maxPendingRedemptions)
	}
	r.nextReply++
	key := strconv.Itoa(r.nextReply)
	ch := make(chan redeemResult, 1)
	if err := k.remoteSend(r, methodRedeemURL, []string{url, key}); err != nil {
		return nil, err
	}
	r.redemptions[key] = ch
	return ch, nil
}

// forgetRedemption drops the redemption whose reply would go to ch (its
// caller gave up), so that unanswered redemptions do not pile up.
func (k *Kernel) forgetRedemption(ch chan redeemResult) {
	if k.rc == nil {
		return
	}
	for _, r := range k.rc.byID {
		for key, c := range r.redemptions {
			if c == ch {
				delete(r.redemptions, key)
				return
			}
		}
	}
}

// failRemote rejects everything waiting on r: promises it decides and URL
// redemptions.
func (k *Kernel) failRemote(r *remote, reason error) {
	for key, ch := range r.redemptions {
		ch <- redeemResult{err: reason}
		delete(r.redemptions, key)
	}
	prefix := r.id + ".c."
	for _, key := range k.st.keysWithPrefix(prefix) {
		ref := key[len(prefix):]
		if isPromiseKref(ref) && k.st.getString(keyDecider(ref)) == r.id && k.promiseState(ref) == stateUnresolved {
			k.rejectWith(ref, reason)
		}
	}
}

// remoteGiveUp is called by the transport when it stops trying a peer.
func (k *Kernel) remoteGiveUp(peer string) {
	k.async(func() {
		if r := k.remoteOfPeer(peer); r != nil {
			k.failRemote(r, fmt.Errorf("Remote connection lost: %s (max retries reached or non-retryable error)", peer))
		}
	})
}

// remotePeerRestarted is called when a peer comes back with a new
// incarnation: its state is gone, so is everything in flight with it.
func (k *Kernel) remotePeerRestarted(peer string) {
	k.async(func() {
		r := k.remoteOfPeer(peer)
		if r == nil {
			return
		}
		for _, key := range k.st.keysWithPrefix("remotePending." + r.id + ".") {
			k.st.del(key)
		}
		r.retries = 0
		for _, name := range []string{"nextSendSeq", "highestReceivedSeq", "startSeq"} {
			k.st.del(seqKey(r.id, name))
		}
		if r.ackTimer != nil {
			r.ackTimer.Stop()
			r.ackTimer = nil
		}
		k.failRemote(r, fmt.Errorf("Remote peer restarted: %s (incarnation changed)", peer))
		k.forgetRemoteExports(r)
	})
}

// forgetRemoteExports drops what a restarted peer had exported to this
// kernel (upstream forgetEndpointImports): its objects are gone with its
// state, so they become dead objects (sends to them fail here, at once)
// and its promises, rejected by failRemote, leave its c-list.
func (k *Kernel) forgetRemoteExports(r *remote) {
	prefix := r.id + ".c."
	for _, key := range k.st.keysWithPrefix(prefix) {
		eref := key[len(prefix):]
		if strings.HasPrefix(eref, "k") || !erefKind(eref).export {
			continue
		}
		kref, ok := k.clistKref(r.id, eref)
		if !ok {
			continue
		}
		if isPromiseKref(kref) {
			k.deleteCList(r.id, kref, eref)
		} else {
			k.orphanExport(r.id, kref, eref)
		}
	}
}

// RegisterLocationHints tells remote comms where a peer may be reached.
func (k *Kernel) RegisterLocationHints(ctx context.Context, peer string, hints []string) error {
	return k.do(ctx, func(context.Context) error {
		if k.rc == nil {
			return ErrRemoteCommsNotInitialized
		}
		if r := k.remoteOfPeer(peer); r != nil {
			var rec remoteRecord
			_ = json.Unmarshal([]byte(k.st.getString(prefixRemote+r.id)), &rec)
			rec.Hints = mergeHints(rec.Hints, hints)
			k.st.set(prefixRemote+r.id, mustJSON(rec))
		}
		k.rc.net.RegisterLocationHints(peer, hints)
		return nil
	})
}

func mergeHints(old, add []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, h := range append(append([]string{}, old...), add...) {
		if h = strings.TrimSpace(h); h != "" && !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	if len(out) > 20 {
		out = out[len(out)-20:]
	}
	return out
}

// stopRemoteComms closes the transport (on Stop).
func (k *Kernel) stopRemoteComms() {
	if k.rc == nil {
		return
	}
	k.retireRemotes(ErrStopped)
	if k.rc.sweep != nil {
		k.rc.sweep.Stop()
	}
	if err := k.rc.net.Close(); err != nil {
		k.log.Warn("close transport", "err", err)
	}
}

// Upstream defaults (its remote comms) and the cross-incarnation wake gap
// (upstream's WAKE_THRESHOLD_MS).
const (
	defaultMaxURLRelayHints = 3
	defaultMaxKnownRelays   = 20
	wakeThreshold           = time.Hour
)

// validateRemoteCommsOptions refuses options upstream refuses, before
// anything changes.
func validateRemoteCommsOptions(opts api.RemoteCommsOptions) error {
	if opts.MaxURLRelayHints < 0 || opts.MaxKnownRelays < 0 {
		return fmt.Errorf("maxUrlRelayHints (%d) and maxKnownRelays (%d) must be positive integers",
			opts.MaxURLRelayHints, opts.MaxKnownRelays)
	}
	if opts.MaxRetryAttempts < 0 || opts.MaxQueue < 0 {
		return fmt.Errorf("maxRetryAttempts (%d) and maxQueue (%d) must not be negative",
			opts.MaxRetryAttempts, opts.MaxQueue)
	}
	for _, r := range opts.Relays {
		if err := relayAddrError(r); err != nil {
			return err
		}
	}
	return nil
}

// relayAddrError checks that s can be used as a relay: a multiaddr with a
// transport address, ending in /p2p/<relay id>, not itself a circuit.
func relayAddrError(s string) error {
	a, err := ma.NewMultiaddr(s)
	if err != nil {
		return fmt.Errorf("invalid relay address %q: %w", s, err)
	}
	info, err := peer.AddrInfoFromP2pAddr(a)
	if err != nil || len(info.Addrs) == 0 {
		return fmt.Errorf("invalid relay address %q: must end in /p2p/<relay peer id> after a transport address", s)
	}
	if _, err := a.ValueForProtocol(ma.P_CIRCUIT); err == nil {
		return fmt.Errorf("invalid relay address %q: a relay address cannot be a circuit address", s)
	}
	return nil
}

// relayEntry is one entry of the known-relay pool, stored under
// knownRelays in upstream's RelayEntry format.
type relayEntry struct {
	Addr        string `json:"addr"`
	LastSeen    int64  `json:"lastSeen"` // Unix ms; 0 for entries of unknown age
	IsBootstrap bool   `json:"isBootstrap"`
}

// relayPool reads knownRelays: upstream's entries, or the legacy array of
// addresses (entries of unknown age, not bootstrap, as upstream migrates
// them).
func (k *Kernel) relayPool() ([]relayEntry, error) {
	raw := k.st.getString(identity.KeyKnownRelays)
	if raw == "" {
		return nil, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal([]byte(raw), &items); err != nil {
		return nil, fmt.Errorf("stored %s: %w", identity.KeyKnownRelays, err)
	}
	out := make([]relayEntry, 0, len(items))
	for _, item := range items {
		var addr string
		if json.Unmarshal(item, &addr) == nil {
			out = append(out, relayEntry{Addr: addr})
			continue
		}
		var e struct {
			Addr        string  `json:"addr"`
			LastSeen    float64 `json:"lastSeen"`
			IsBootstrap bool    `json:"isBootstrap"`
		}
		if err := json.Unmarshal(item, &e); err != nil || e.Addr == "" || e.LastSeen < 0 {
			return nil, fmt.Errorf("stored %s: bad entry %s", identity.KeyKnownRelays, item)
		}
		out = append(out, relayEntry{Addr: e.Addr, LastSeen: int64(e.LastSeen), IsBootstrap: e.IsBootstrap})
	}
	return out, nil
}

// setRelayPool stores the pool in URL-selection order (bootstrap first,
// then the most recently seen), which is also the order identity reads
// knownRelays in, and refreshes the hints issued URLs carry.
func (k *Kernel) setRelayPool(pool []relayEntry) {
	pool = sortRelays(pool)
	if len(pool) > 0 || k.st.has(identity.KeyKnownRelays) {
		if pool == nil {
			pool = []relayEntry{} // "[]", never "null"
		}
		k.st.set(identity.KeyKnownRelays, mustJSON(pool))
	}
	if k.rc != nil {
		k.rc.urlHints = urlRelayHints(pool, k.rc.maxURLRelayHints)
		// issueURL embeds identity's URLHints, the first three of
		// KnownRelays: these, so that a smaller maxUrlRelayHints holds.
		id := *k.ident
		id.KnownRelays = k.issuedURLHints()
		k.ident = &id
	}
}

// sortRelays is upstream's issueOcapURL order: bootstrap first, then
// newest lastSeen; ties keep their order.
func sortRelays(pool []relayEntry) []relayEntry {
	out := slices.Clone(pool)
	slices.SortStableFunc(out, func(a, b relayEntry) int {
		if a.IsBootstrap != b.IsBootstrap {
			if a.IsBootstrap {
				return -1
			}
			return 1
		}
		return cmp.Compare(b.LastSeen, a.LastSeen)
	})
	return out
}

// urlRelayHints is the relay hints an issued URL carries: the first max
// relays in upstream's selection order.
func urlRelayHints(pool []relayEntry, n int) []string {
	sorted := sortRelays(pool)[:min(len(pool), n)]
	out := make([]string, 0, len(sorted))
	for _, e := range sorted {
		out = append(out, e.Addr)
	}
	return out
}

// issuedURLHints is the relay hints a URL issued now carries: with remote
// comms, the first maxUrlRelayHints of the pool in upstream's order.
func (k *Kernel) issuedURLHints() []string {
	if k.rc != nil {
		return slices.Clone(k.rc.urlHints)
	}
	return k.ident.URLHints()
}

// enforcePoolCap is upstream's: within cap, unchanged; else bootstrap
// entries, then the newest others, truncated to cap.
func enforcePoolCap(pool []relayEntry, limit int) []relayEntry {
	if len(pool) <= limit {
		return pool
	}
	var boot, other []relayEntry
	for _, e := range pool {
		if e.IsBootstrap {
			boot = append(boot, e)
		} else {
			other = append(other, e)
		}
	}
	slices.SortStableFunc(other, func(a, b relayEntry) int { return cmp.Compare(b.LastSeen, a.LastSeen) })
	return append(boot, other...)[:limit]
}

// mergeBootstrapRelays is upstream's relay init: the given relays become
// bootstrap entries seen now, earlier bootstrap entries not among them
// become learned ones, and the cap is enforced.
func mergeBootstrapRelays(pool []relayEntry, relays []string, now int64, limit int) []relayEntry {
	out := slices.Clone(pool)
	index := make(map[string]int, len(out))
	for i, e := range out {
		index[e.Addr] = i
	}
	for _, addr := range relays {
		e := relayEntry{Addr: addr, LastSeen: now, IsBootstrap: true}
		if i, ok := index[addr]; ok {
			out[i] = e
		} else {
			index[addr] = len(out)
			out = append(out, e)
		}
	}
	for i := range out {
		if out[i].IsBootstrap && !slices.Contains(relays, out[i].Addr) {
			out[i].IsBootstrap = false
		}
	}
	return enforcePoolCap(out, limit)
}

// addKnownRelays is upstream's addKnownRelays: new relays join as learned
// entries seen now, known ones are seen again, and the cap is enforced by
// evicting the oldest learned entries. It reports whether the pool changed.
func addKnownRelays(pool []relayEntry, relays []string, now int64, limit int) ([]relayEntry, bool) {
	out := slices.Clone(pool)
	changed := false
	for _, addr := range relays {
		i := slices.IndexFunc(out, func(e relayEntry) bool { return e.Addr == addr })
		switch {
		case i < 0:
			out = append(out, relayEntry{Addr: addr, LastSeen: now})
			changed = true
		case out[i].LastSeen != now:
			out[i].LastSeen = now
			changed = true
		}
	}
	if !changed {
		return pool, false
	}
	return enforcePoolCap(out, limit), true
}

// learnRelays adds the relay hints of a URL naming peerID to the pool.
// Only hints usable as relays join it (its direct addresses and malformed
// hints do not, so that the pool always starts a transport).
func (k *Kernel) learnRelays(peerID string, hints []string) {
	var relays []string
	for _, h := range hints {
		if relayAddrError(h) != nil {
			continue
		}
		if _, id := peer.SplitAddr(ma.StringCast(h)); id.String() == peerID {
			continue
		}
		relays = append(relays, h)
	}
	if len(relays) == 0 {
		return
	}
	pool, err := k.relayPool()
	if err != nil {
		k.log.Warn("known relays unreadable; not learning URL relays", "err", err)
		return
	}
	pool, changed := addKnownRelays(pool, relays, time.Now().UnixMilli(), k.rc.maxKnownRelays)
	if changed {
		k.setRelayPool(pool)
	}
}

// transportRelays is the pool as transport relays; entries that cannot be
// relays (written by another implementation) are skipped with a warning.
func (k *Kernel) transportRelays(pool []relayEntry) []string {
	out := make([]string, 0, len(pool))
	for _, e := range sortRelays(pool) {
		if err := relayAddrError(e.Addr); err != nil {
			k.log.Warn("skipping known relay", "err", err)
			continue
		}
		out = append(out, e.Addr)
	}
	return out
}

// detectWake is upstream's detectWake: whether lastActiveTime is more than
// wakeThreshold before now; it records now.
func (k *Kernel) detectWake(now time.Time) bool {
	last, err := strconv.ParseFloat(k.st.getString(keyLastActiveTime), 64)
	woke := err == nil && now.UnixMilli()-int64(last) > wakeThreshold.Milliseconds()
	k.st.set(keyLastActiveTime, strconv.FormatInt(now.UnixMilli(), 10))
	return woke
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
