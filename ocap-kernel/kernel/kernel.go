// Package kernel is the ocap kernel: it hosts vats, routes messages between
// their objects through c-lists, settles promises, collects garbage, and
// keeps all its state in a kernel-store database so that a restart loses
// nothing.
//
// One goroutine owns the kernel. It runs one delivery per crank, and every
// crank commits or rolls back as a whole (one SQLite transaction). Control
// calls (the kernel-control RPC methods) are queued onto that goroutine and
// run between cranks, so nothing else ever touches kernel state.
package kernel

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	kernelstore "github.com/ocap-kernel/ocap-go/kernel-store"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/identity"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/vat"
)

// Options configure a kernel.
type Options struct {
	// Runtime starts vat workers. Required.
	Runtime vat.Runtime
	// Logger receives the kernel's log; nil discards it.
	Logger *slog.Logger
	// ResetStorage clears all kernel state at start, except the identity.
	ResetStorage bool
	// KeySeed (hex) and Mnemonic choose the identity on first start.
	KeySeed  string
	Mnemonic string
	// SystemSubclusters are launched at start (or re-attached on restart).
	SystemSubclusters []SystemSubcluster
	// IOChannelFactory creates the IO channels subclusters declare; nil
	// means subclusters cannot have IO channels.
	IOChannelFactory IOChannelFactory
	// RemoteTransport starts the network for initRemoteComms; nil means
	// this kernel cannot talk to other kernels.
	RemoteTransport RemoteTransportFactory
	// DeliveryTimeout bounds each delivery; a vat that runs longer is
	// terminated. Zero means 10 s.
	DeliveryTimeout time.Duration
	// StartTimeout bounds a vat's start (its realm, its bundle and
	// buildRootObject). Zero means 30 s.
	StartTimeout time.Duration
	// ReapInterval is how many deliveries a vat gets between two
	// bringOutYourDead deliveries while the kernel is busy; an idle kernel
	// reaps every vat that had deliveries since its last reap. Zero means
	// 1000 (SwingSet's default); a negative value turns reaping off.
	ReapInterval int
	// OnChange, if set, is told what each crank changed (the kinds of
	// state, with crank and queue counts) once the crank is durable. It
	// runs on the store's writer goroutine and must not block.
	OnChange func(Change)
	// CrashLimit is how many times in a row the kernel process may die
	// while delivering to the same vat before that vat is terminated when
	// the kernel next starts, so that a delivery that kills the process
	// is not replayed forever. Zero means 2. It applies to file databases.
	CrashLimit int
	// Services are kernel services implemented by the embedder (see
	// HostService), registered next to the built-in ones at start and
	// again after clearState.
	Services []HostService

	// clock drives remote comms' timers; nil means the real one. Only
	// this package's tests set it.
	clock clock
}

// SystemSubcluster is a subcluster the kernel itself keeps running; it may
// use system-only services such as kernelFacet.
type SystemSubcluster struct {
	Name   string
	Config api.ClusterConfig
}

// Kernel is a running kernel. Its methods are safe for concurrent use.
type Kernel struct {
	db      *kernelstore.DB
	st      *store
	runtime vat.Runtime
	log     *slog.Logger
	opts    Options
	clock   clock

	vats     map[string]*vatHandle
	vatOrder []string // start order; getStatus reports vats in this order
	// starting holds the vats being restarted, between the crank that
	// stopped the old worker and the one that attaches the new one.
	starting map[string]*vatStart
	// startSlots bounds the vat starts (initVat) running at once.
	startSlots chan struct{}

	services     map[string]*service  // by kref
	serviceNames map[string]string    // name -> kref
	systemRoots  map[string]string    // system subcluster name -> root kref
	ioChannels   map[string]IOChannel // by service name io:<sid>:<name>
	hosts        map[string]*hostService
	serviceEpoch uint64 // counts registerServices calls

	maybeFree map[string]struct{}
	waiters   map[string][]waiter // kpid -> in-memory subscriptions
	settled   []string            // kpids with waiters settled this crank
	toNotify  []settledPromise    // waiter notifications after commit

	ident *identity.Identity
	// peerIDOf is the identity whose peer id peerIDText holds.
	peerIDOf   *identity.Identity
	peerIDText string

	// Remote comms: rc is owned by the kernel goroutine; pendingRC is
	// rc while its transport starts; netForSenders is the transport as the
	// sender goroutines see it.
	rc, pendingRC *remoteComms
	rcMu          sync.RWMutex
	netForSenders RemoteTransport
	afterFns      []func() // run once the current crank is durable

	// Vats whose workers asked for a wake crank (vat.Waker); set from any
	// goroutine, taken by the kernel goroutine.
	wakeMu sync.Mutex
	woken  map[string]struct{}
	wakeCh chan struct{}
	// heldOps arrived while a delivery was in progress; they run before
	// the next crank.
	heldOps []op
	// reapDue counts a vat's deliveries since its last reap.
	reapDue map[string]int
	guard   *deliveryGuard

	runCtx   context.Context // cancelled by Stop
	ops      chan op
	done     chan struct{}
	died     atomic.Pointer[error] // why the kernel stopped on its own
	cranks   uint64                // cranks committed (finishCrank)
	stopOnce sync.Once
	stopErr  error
	cancel   context.CancelFunc
	bg       group // goroutines started by kernel services
}

// op is a control call run on the kernel goroutine, in a crank of its own.
type op struct {
	fn   func(ctx context.Context) error
	done chan error
	// caller is the caller's context: an op whose caller gave up before
	// it started is not run. state says which happened first: opPending,
	// then opRunning (the kernel took it) or opAbandoned (the caller left).
	caller context.Context
	state  *atomic.Int32
	// preempts, if set, reports (on the kernel goroutine) whether the op
	// ends vat vatID: a delivery to that vat in progress is then
	// interrupted and rolled back, and the op runs at once.
	preempts func(vatID string) bool
}

// waiter is told when a promise settles (a pointer, so that an abandoned
// wait can be found and removed).
type waiter *waitEntry

type waitEntry struct {
	notify func(settledPromise)
	// handsOut: the waiter hands the value to a client (an RPC caller), so
	// the kernel takes outside holds on what a fulfilment names.
	handsOut bool
}

type settledPromise struct {
	kpid     string
	rejected bool
	value    api.CapData
	waiters  []waiter
}

// ErrStopped is returned by calls made after the kernel stopped.
var ErrStopped = errors.New("kernel stopped")

// New opens a kernel on db: it initialises a fresh database, restores the
// kernel's services, relaunches every persisted vat with its vatstore, and
// starts the run loop, which resumes the persisted run queue. The kernel
// takes ownership of db and closes it in Stop.
func New(ctx context.Context, db *kernelstore.DB, opts Options) (*Kernel, error) {
	if opts.Runtime == nil {
		return nil, errors.New("kernel: Options.Runtime is required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.DeliveryTimeout <= 0 {
		opts.DeliveryTimeout = 10 * time.Second
	}
	if opts.clock == nil {
		opts.clock = realClock{}
	}
	if opts.StartTimeout <= 0 {
		opts.StartTimeout = 30 * time.Second
	}
	if opts.ReapInterval == 0 {
		opts.ReapInterval = 1000
	}
	if opts.CrashLimit <= 0 {
		opts.CrashLimit = 2
	}
	hosts, err := checkHostServices(opts.Services)
	if err != nil {
		return nil, err
	}
	st, err := openStore(db)
	if err != nil {
		return nil, err
	}
	k := &Kernel{
		db: db, st: st, runtime: opts.Runtime, log: opts.Logger, opts: opts, clock: opts.clock,
		hosts:        hosts,
		vats:         make(map[string]*vatHandle),
		starting:     make(map[string]*vatStart),
		startSlots:   make(chan struct{}, max(2, runtime.GOMAXPROCS(0))),
		services:     make(map[string]*service),
		serviceNames: make(map[string]string),
		systemRoots:  make(map[string]string),
		ioChannels:   make(map[string]IOChannel),
		maybeFree:    make(map[string]struct{}),
		waiters:      make(map[string][]waiter),
		ops:          make(chan op),
		done:         make(chan struct{}),
		woken:        make(map[string]struct{}),
		wakeCh:       make(chan struct{}, 1),
		reapDue:      make(map[string]int),
	}
	guard, err := openDeliveryGuard(db.Path())
	if err != nil {
		return nil, fmt.Errorf("start kernel: %w", err)
	}
	k.guard = guard
	if err := k.inCrank(func() error { return k.initState(ctx) }); err != nil {
		k.closeVats()
		k.st.closeWriter()
		return nil, fmt.Errorf("start kernel: %w", err)
	}
	runCtx, cancel := context.WithCancel(context.Background())
	k.runCtx, k.cancel = runCtx, cancel
	go k.run(runCtx)
	if err := k.launchSystemSubclusters(ctx); err != nil {
		k.Stop()
		return nil, fmt.Errorf("launch system subclusters: %w", err)
	}
	if _, err := k.resumeRemoteComms(ctx); err != nil {
		if ctx.Err() != nil {
			k.Stop()
			return nil, fmt.Errorf("resume remote comms: %w", err)
		}
		k.keepResuming(err)
	}
	return k, nil
}

// initState prepares a fresh or existing database and restarts its vats.
func (k *Kernel) initState(ctx context.Context) error {
	if k.opts.ResetStorage {
		k.resetState(k.opts.Mnemonic != "")
	}
	if !k.st.has(keyInitialized) {
		k.writeDefaults()
	}
	if _, err := identity.ProvideIncarnationID(storeKV{k.st}); err != nil {
		return err
	}
	k.registerServices()
	k.migratePins()
	k.releaseOrphanedHolds()
	k.restoreIOChannels()
	var restart []*vatStart
	for _, key := range k.st.keysWithPrefix(prefixVatConfig) {
		vatID := key[len(prefixVatConfig):]
		cfg, _ := k.vatConfig(vatID)
		if vatID == k.guard.crashed {
			if k.guard.crashedTimes >= k.opts.CrashLimit {
				reason := fmt.Errorf("vat %s was terminated: the kernel process died %d times in a row while delivering to it", vatID, k.guard.crashedTimes)
				k.log.Error("terminating a vat whose deliveries kill the kernel", "vat", vatID, "deaths", k.guard.crashedTimes)
				k.guard.forget(vatID)
				k.terminateVat(vatID, reason)
				continue
			}
			k.log.Warn("the kernel process died while delivering to this vat; the delivery will be retried", "vat", vatID, "deaths", k.guard.crashedTimes)
		}
		v := &vatStart{id: vatID, config: cfg}
		if v.state, v.err = k.st.vatstoreLoad(vatID); v.err != nil {
			v.err = fmt.Errorf("load vatstore: %w", v.err)
		}
		restart = append(restart, v)
	}
	// The kernel is not serving yet: preparing here blocks nobody.
	k.prepareVats(ctx, restart)
	for i, v := range restart {
		err := v.err
		if err == nil {
			err = k.attachVat(v)
		}
		if err != nil {
			// A vat that cannot start any more is terminated rather than
			// keeping the whole kernel down.
			vatID := restart[i].id
			k.log.Error("restart vat failed; terminating it", "vat", vatID, "err", err)
			k.terminateVat(vatID, fmt.Errorf("vat %s could not be restarted: %w", vatID, err))
		}
	}
	return nil
}

func (k *Kernel) writeDefaults() {
	defaults := [][2]string{
		{keyInitialized, "true"},
		{keyRunHead, "1"}, {keyRunTail, "1"},
		{keyNextObjectID, "1"}, {keyNextPromiseID, "1"}, {keyNextVatID, "1"},
		{keyNextRemoteID, "1"}, {keyNextSubclusterID, "1"},
		{keyGCActions, "[]"}, {keyReapQueue, "[]"}, {keyVatsTerminated, "[]"},
		{keySubclusters, "[]"}, {keyVatToSubcluster, "{}"},
	}
	for _, kv := range defaults {
		if !k.st.has(kv[0]) {
			k.st.set(kv[0], kv[1])
		}
	}
}

// identityKeys survive resetStorage and clearState.
var identityKeys = []string{"keySeed", "peerId", "ocapURLKey"}

// resetState deletes all kernel state; the identity stays unless
// dropIdentity.
func (k *Kernel) resetState(dropIdentity bool) {
	keep := map[string]string{}
	if !dropIdentity {
		for _, key := range identityKeys {
			if v, ok := k.st.get(key); ok {
				keep[key] = v
			}
		}
	}
	for _, key := range k.st.keysWithPrefix("") {
		k.st.del(key)
	}
	k.st.clearAll()
	for key, v := range keep {
		k.st.set(key, v)
	}
	k.writeDefaults()
	for name, ch := range k.ioChannels {
		ch.Close()
		delete(k.ioChannels, name)
	}
	clear(k.services)
	clear(k.serviceNames)
	clear(k.systemRoots)
}

// Done is closed once the kernel goroutine has ended: after Stop, or on
// its own when the kernel can no longer make its state durable (Err says
// why). Calls made after that fail with ErrStopped.
func (k *Kernel) Done() <-chan struct{} { return k.done }

// Err is why the kernel stopped on its own, once Done is closed; nil while
// it runs and after a Stop.
func (k *Kernel) Err() error {
	if p := k.died.Load(); p != nil {
		return *p
	}
	return nil
}

// Stop stops the run loop after the current crank, closes every vat and
// the database. It is idempotent.
func (k *Kernel) Stop() error {
	k.stopOnce.Do(func() {
		if k.cancel != nil {
			k.cancel()
			<-k.done
		}
		k.stopRemoteComms()
		k.bg.closeAndWait()
		k.st.set(keyLastActiveTime, fmt.Sprint(time.Now().UnixMilli()))
		if err := k.st.commit(nil); err != nil {
			k.stopErr = err
		} else if err := k.st.flush(); err != nil {
			k.stopErr = err
		}
		if err := k.st.closeWriter(); err != nil && k.stopErr == nil {
			k.stopErr = err
		}
		k.closeVats()
		if err := k.db.Close(); err != nil && k.stopErr == nil {
			k.stopErr = err
		}
		k.guard.close()
	})
	return k.stopErr
}

func (k *Kernel) closeVats() {
	for name, ch := range k.ioChannels {
		ch.Close()
		delete(k.ioChannels, name)
	}
	for _, id := range k.vatOrder {
		k.vats[id].worker.Close()
	}
	clear(k.vats)
	k.vatOrder = nil
}

// run is the kernel goroutine: control calls between cranks, and cranks
// while there is work.
func (k *Kernel) run(ctx context.Context) {
	defer close(k.done)
	for {
		if err := k.st.writeErr(); err != nil {
			// State on disk can no longer follow state in memory: stop
			// rather than run on with cranks that cannot be made durable.
			err = fmt.Errorf("kernel stopped: writing the database failed: %w", err)
			k.log.Error(err.Error())
			k.died.Store(&err)
			return
		}
		if len(k.heldOps) > 0 {
			o := k.heldOps[0]
			k.heldOps = k.heldOps[1:]
			o.done <- k.runOp(ctx, o)
			continue
		}
		select {
		case <-ctx.Done():
			return
		case o := <-k.ops:
			o.done <- k.runOp(ctx, o)
			continue
		default:
		}
		if vatID, ok := k.takeWoken(); ok {
			k.wakeCrank(ctx, vatID)
			continue
		}
		if k.crank(ctx) {
			continue
		}
		if k.scheduleIdleReaps() {
			continue
		}
		k.flushOrLog() // idle: write what an in-memory store deferred
		select {
		case <-ctx.Done():
			return
		case o := <-k.ops:
			o.done <- k.runOp(ctx, o)
		case <-k.wakeCh:
		}
	}
}

// wakeLoop wakes an idle run loop; any goroutine may call it.
func (k *Kernel) wakeLoop() {
	select {
	case k.wakeCh <- struct{}{}:
	default:
	}
}

// wakeVat asks for a wake crank of vatID; any goroutine may call it.
func (k *Kernel) wakeVat(vatID string) {
	k.wakeMu.Lock()
	k.woken[vatID] = struct{}{}
	k.wakeMu.Unlock()
	select {
	case k.wakeCh <- struct{}{}:
	default:
	}
}

// takeWoken removes one woken vat, the smallest id first.
func (k *Kernel) takeWoken() (string, bool) {
	k.wakeMu.Lock()
	defer k.wakeMu.Unlock()
	best := ""
	for id := range k.woken {
		if best == "" || id < best {
			best = id
		}
	}
	if best == "" {
		return "", false
	}
	delete(k.woken, best)
	return best, true
}

// States of an op (op.state).
const (
	opPending int32 = iota
	opRunning
	opAbandoned
)

func (k *Kernel) runOp(ctx context.Context, o op) error {
	if o.state != nil && !o.state.CompareAndSwap(opPending, opRunning) {
		return o.caller.Err() // abandoned: its caller has gone
	}
	if o.caller != nil && o.caller.Err() != nil {
		return o.caller.Err()
	}
	return k.inCrank(func() error { return o.fn(ctx) })
}

// inCrank runs fn as one atomic unit: a returned error or a panic rolls
// back everything fn did; otherwise garbage is collected and the changes
// committed.
func (k *Kernel) inCrank(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = k.recoveredError(r)
			k.log.Error("kernel call failed; rolled back", "err", err)
			k.abandonCrank()
		}
	}()
	if err := fn(); err != nil {
		k.abandonCrank()
		return err
	}
	return k.finishCrank()
}

// recoveredError turns a panic inside a crank into an error. Kernel
// invariant failures and store failures panic on purpose; anything else is
// a bug, logged with its stack, but it too only costs the crank: the
// kernel rolls back and goes on rather than taking the daemon down. The
// error itself carries no stack: it may be a client's answer.
func (k *Kernel) recoveredError(r any) error {
	switch e := r.(type) {
	case *kernelError:
		return e
	case *storeError:
		return e
	case error:
		k.log.Error("kernel panic", "panic", e, "stack", string(debug.Stack()))
		return fmt.Errorf("kernel panic: %w", e)
	default:
		k.log.Error("kernel panic", "panic", r, "stack", string(debug.Stack()))
		return fmt.Errorf("kernel panic: %v", r)
	}
}

// abandonCrank forgets everything the current crank did.
func (k *Kernel) abandonCrank() {
	k.st.rollback()
	clear(k.maybeFree)
	k.settled = k.settled[:0]
	k.afterFns = nil
	k.takeOutbox()
}

// afterCommit runs fn (on the writer goroutine) once the current crank is
// durable.
func (k *Kernel) afterCommit(fn func()) { k.afterFns = append(k.afterFns, fn) }

// finishCrank collects garbage, releases the kernel's hold on promises
// whose waiters are satisfied, commits, and then tells the waiters.
func (k *Kernel) finishCrank() error {
	for _, kpid := range k.settled {
		ws := k.waiters[kpid]
		if len(ws) == 0 {
			continue
		}
		delete(k.waiters, kpid)
		value := k.promiseValue(kpid)
		rejected := k.promiseState(kpid) == stateRejected
		k.toNotify = append(k.toNotify, settledPromise{
			kpid: kpid, rejected: rejected, value: value, waiters: ws,
		})
		// A client handed a fulfilment's krefs expects to use them (as
		// upstream lets it): they are held until it releases them, and the
		// promise goes like any other. A rejection reaches a client as its
		// message only.
		if !rejected && slices.ContainsFunc(ws, func(w waiter) bool { return w.handsOut }) {
			for _, kref := range value.Slots {
				k.holdOutside(kref)
			}
		}
		k.releaseWaitHold(kpid)
	}
	k.settled = k.settled[:0]
	k.collectGarbage()
	observe := k.noteChange()
	notify, fns, frames := k.toNotify, k.afterFns, k.takeOutbox()
	k.toNotify, k.afterFns = nil, nil
	var after func(error)
	if len(notify) > 0 || len(fns) > 0 || len(frames) > 0 || observe != nil {
		// Outputs leave once the crank is durable; if it never is, waiters
		// hear that the kernel stopped and peers get the messages again
		// from the next incarnation's retransmission.
		after = func(err error) {
			if err != nil {
				k.wakeLoop() // it stops, and its waiters hear so
				return
			}
			if observe != nil {
				observe()
			}
			for _, f := range frames {
				f.r.sender.enqueue(f.frame)
			}
			for _, s := range notify {
				for _, w := range s.waiters {
					w.notify(s)
				}
			}
			for _, fn := range fns {
				fn()
			}
		}
	}
	return k.st.commit(after)
}

// crank runs one delivery if there is work; it reports whether there was.
func (k *Kernel) crank(ctx context.Context) bool {
	var item runItem
	var ok bool
	var outcome crankOutcome
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = k.recoveredError(r)
			}
		}()
		item, ok = k.nextItem()
		if !ok {
			return nil
		}
		outcome = k.deliverItem(ctx, item)
		return nil
	}()
	if !ok && err == nil {
		return false
	}
	switch {
	case err == nil && outcome.preempted:
		// A control call ends the vat: forget the crank; the item is
		// delivered again, or failed, once the call has run.
		k.abandonCrank()
	case err != nil:
		// A kernel fault: roll back, then drop the item so the loop goes on.
		k.log.Error("crank failed; item dropped", "item", item.Type, "err", err)
		k.abandonCrank()
		k.commitOrLog(func() error {
			if it, ok := k.nextItem(); ok {
				k.failItem(it, fmt.Errorf("kernel could not deliver the message: %w", err))
			}
			return nil
		})
	case outcome.abort:
		k.abandonCrank()
		k.commitOrLog(func() error {
			if it, ok := k.nextItem(); ok {
				k.failItem(it, outcome.reason)
			}
			if outcome.terminate != "" {
				k.terminateVat(outcome.terminate, outcome.reason)
			}
			return nil
		})
	default:
		// inCrank: a store read that fails (it panics) rolls the crank
		// back instead of taking the daemon down.
		if err := k.inCrank(func() error {
			if outcome.terminate != "" {
				k.terminateVat(outcome.terminate, outcome.reason)
			}
			k.reapIfQueueDrained()
			return nil
		}); err != nil {
			k.log.Error("commit failed", "err", err)
		}
	}
	return true
}

// reapIfQueueDrained, in the crank that empties the run queue, schedules
// a bringOutYourDead for every vat that had deliveries since its last
// reap. Scheduling it in that crank makes the state a control call sees
// between cranks tell whether the kernel is done: an empty run queue and
// empty gcActions and reapQueue.
func (k *Kernel) reapIfQueueDrained() {
	if len(k.reapDue) == 0 || k.st.getInt(keyRunTail) < k.st.getInt(keyRunHead) {
		return
	}
	ids := make([]string, 0, len(k.reapDue))
	for id := range k.reapDue {
		ids = append(ids, id)
	}
	clear(k.reapDue)
	sort.Strings(ids)
	for _, id := range ids {
		if k.vats[id] != nil {
			k.scheduleReap(id)
		}
	}
}

// wakeCrank runs a vat's host events (vat.DeliverWake) in a crank.
func (k *Kernel) wakeCrank(ctx context.Context, vatID string) {
	h := k.vats[vatID]
	if h == nil {
		return
	}
	var outcome crankOutcome
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = k.recoveredError(r)
			}
		}()
		outcome = k.deliverToVat(ctx, h, vat.Delivery{Kind: vat.DeliverWake})
		return nil
	}()
	switch {
	case err != nil:
		k.log.Error("wake crank failed", "vat", vatID, "err", err)
		k.abandonCrank()
	case outcome.preempted:
		k.abandonCrank()
	case outcome.abort:
		k.abandonCrank()
		if outcome.terminate != "" {
			k.commitOrLog(func() error {
				k.terminateVat(outcome.terminate, outcome.reason)
				return nil
			})
		}
	default:
		if err := k.inCrank(func() error {
			if outcome.terminate != "" {
				k.terminateVat(outcome.terminate, outcome.reason)
			}
			return nil
		}); err != nil {
			k.log.Error("commit failed", "err", err)
		}
	}
}

// countDelivery notes a delivery to vatID for reaping: past ReapInterval
// deliveries the vat gets a bringOutYourDead.
func (k *Kernel) countDelivery(vatID string) {
	if k.opts.ReapInterval < 0 {
		return
	}
	k.reapDue[vatID]++
	if k.reapDue[vatID] >= k.opts.ReapInterval {
		delete(k.reapDue, vatID)
		k.scheduleReap(vatID)
	}
}

// scheduleIdleReaps, when the kernel has nothing else to do, schedules a
// bringOutYourDead for every vat that had deliveries since its last reap,
// so that what vats dropped is collected without anyone asking (usually
// reapIfQueueDrained did it already, in the last crank). It reports
// whether it scheduled any.
func (k *Kernel) scheduleIdleReaps() bool {
	if len(k.reapDue) == 0 {
		return false
	}
	ids := make([]string, 0, len(k.reapDue))
	for id := range k.reapDue {
		ids = append(ids, id)
	}
	clear(k.reapDue)
	sort.Strings(ids)
	k.commitOrLog(func() error {
		for _, id := range ids {
			if k.vats[id] != nil {
				k.scheduleReap(id)
			}
		}
		return nil
	})
	return true
}

func (k *Kernel) flushOrLog() {
	if err := k.st.flush(); err != nil {
		k.log.Error("write kernel state failed; will retry", "err", err)
	}
}

func (k *Kernel) commitOrLog(fn func() error) {
	if err := k.inCrank(fn); err != nil {
		k.log.Error("recovery crank failed", "err", err)
	}
}

// nextItem takes the next piece of work: GC actions first, then reaps,
// then the items kept for vats that were restarting, then the run queue.
func (k *Kernel) nextItem() (runItem, bool) {
	if item, ok := k.nextGCAction(); ok {
		return item, true
	}
	if item, ok := k.nextReapAction(); ok {
		return item, true
	}
	if item, ok := k.nextDeferred(); ok {
		return item, true
	}
	return k.dequeueRun()
}

// do runs fn on the kernel goroutine in its own crank and waits for it.
func (k *Kernel) do(ctx context.Context, fn func(ctx context.Context) error) error {
	return k.doOp(ctx, op{fn: fn, done: make(chan error, 1)})
}

// doPreempting is do for an op that ends vats: a delivery in progress to
// a vat for which preempts is true is interrupted instead of awaited.
func (k *Kernel) doPreempting(ctx context.Context, preempts func(vatID string) bool, fn func(ctx context.Context) error) error {
	return k.doOp(ctx, op{fn: fn, done: make(chan error, 1), preempts: preempts})
}

func (k *Kernel) doOp(ctx context.Context, o op) error {
	o.caller = ctx
	o.state = new(atomic.Int32)
	select {
	case k.ops <- o:
	case <-k.done:
		return ErrStopped
	case <-ctx.Done():
		return ctx.Err()
	}
	// An op taken while a delivery is in progress waits for the crank to
	// end; a caller that gives up meanwhile gets its context's error, and
	// the op, not started yet, is then not run. One that has started is
	// waited for, since its fn writes the caller's variables, and its
	// outcome is the answer: what it did is done (a queueMessage's wait
	// is registered, a launch happened), and the caller must know so to
	// undo or report it.
	select {
	case err := <-o.done:
		return err
	case <-k.done:
		return ErrStopped
	case <-ctx.Done():
		if o.state.CompareAndSwap(opPending, opAbandoned) {
			return ctx.Err()
		}
		select {
		case err := <-o.done:
			return err
		case <-k.done:
			return ErrStopped
		}
	}
}

// storeKV adapts the store to identity.KV.
type storeKV struct{ st *store }

func (s storeKV) Get(key string) (string, bool, error) {
	v, ok := s.st.get(key)
	return v, ok, nil
}

func (s storeKV) Set(key, value string) error {
	s.st.set(key, value)
	return nil
}
