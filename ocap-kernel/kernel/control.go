package kernel

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	kernelstore "github.com/ocap-kernel/ocap-go/kernel-store"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/identity"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/smallcaps"
)

// This file holds the kernel-control API: what the JSON-RPC methods call.
// Every method runs its work on the kernel goroutine between cranks; the
// ones that wait for a promise (queueMessage, launchSubcluster) return to
// the caller's goroutine to wait, so the kernel keeps running meanwhile,
// and so do launchSubcluster and restartVat while their vats load their
// bundles and start.

// GetStatus reports the running vats, the subclusters and remote comms.
func (k *Kernel) GetStatus(ctx context.Context) (api.Status, error) {
	var st api.Status
	err := k.do(ctx, func(context.Context) error {
		st = k.status()
		return nil
	})
	return st, err
}

func (k *Kernel) status() api.Status {
	st := api.Status{Vats: []api.VatStatus{}, Subclusters: []api.SubclusterStatus{}}
	v2s := k.vatToSubcluster()
	for _, id := range k.vatOrder {
		st.Vats = append(st.Vats, api.VatStatus{ID: id, Config: k.vats[id].config, SubclusterID: v2s[id]})
	}
	for _, s := range k.subclusters() {
		st.Subclusters = append(st.Subclusters, api.SubclusterStatus{ID: s.ID, Config: s.Config, Vats: s.Vats})
	}
	st.RemoteComms = api.RemoteCommsStatus{State: api.RemoteCommsDisconnected}
	switch {
	case k.rc != nil:
		st.RemoteComms = api.RemoteCommsStatus{State: api.RemoteCommsConnected, PeerID: k.peerIDString(), ListenAddresses: k.rc.net.ListenAddresses()}
	case k.ident != nil:
		st.RemoteComms = api.RemoteCommsStatus{State: api.RemoteCommsIdentityOnly, PeerID: k.peerIDString()}
	}
	return st
}

// peerIDString is k.ident.PeerID.String(), computed once per identity:
// base58 costs microseconds, and getStatus shows it on every call.
func (k *Kernel) peerIDString() string {
	if k.peerIDText == "" || k.peerIDOf != k.ident {
		k.peerIDOf, k.peerIDText = k.ident, k.ident.PeerID.String()
	}
	return k.peerIDText
}

// pending is a wait for a promise the kernel holds, registered (watch) in
// the crank that created the promise.
type pending struct {
	kpid string
	ch   chan settledPromise
	w    waiter
}

func (k *Kernel) watch(kpid string) pending {
	p := pending{kpid: kpid, ch: make(chan settledPromise, 1)}
	p.w = &waitEntry{notify: func(s settledPromise) { p.ch <- s }}
	k.waiters[kpid] = append(k.waiters[kpid], p.w)
	return p
}

// wait returns the settlement. A caller that gives up (its client went
// away or timed out) takes its wait back, and with the last wait the
// kernel's hold on the promise, so abandoned calls leave nothing behind.
// If the promise settled first, the settlement is returned all the same:
// the kernel took outside holds on what it names, and only the caller can
// release them.
func (p pending) wait(ctx context.Context, k *Kernel) (settledPromise, error) {
	select {
	case s := <-p.ch:
		return s, nil
	case <-ctx.Done():
		if k.abandon(ctx, p) {
			return settledPromise{}, ctx.Err()
		}
		select {
		case s := <-p.ch: // on its way once the settling crank is durable
			return s, nil
		case <-k.done:
			return settledPromise{}, ErrStopped
		}
	case <-k.done:
		return settledPromise{}, ErrStopped
	}
}

// abandon removes p's wait. It reports false only if the promise settled
// first: the notification is then on its way. (A kernel that stopped
// releases the wait's hold when it starts again.)
func (k *Kernel) abandon(ctx context.Context, p pending) bool {
	removed := false
	err := k.do(context.WithoutCancel(ctx), func(context.Context) error {
		ws := k.waiters[p.kpid]
		i := slices.Index(ws, p.w)
		if i < 0 {
			return nil // settled (or cleared): the hold was handled then
		}
		removed = true
		if ws = slices.Delete(ws, i, i+1); len(ws) > 0 {
			k.waiters[p.kpid] = ws
			return nil
		}
		delete(k.waiters, p.kpid)
		k.releaseWaitHold(p.kpid)
		return nil
	})
	return removed || err != nil
}

// RejectionError is a promise rejection returned to a control caller.
type RejectionError struct {
	Value api.CapData
	msg   string
}

func (e *RejectionError) Error() string { return e.msg }

func rejection(value api.CapData) error {
	msg := value.Body
	if v, err := smallcaps.KUnser(value); err == nil {
		switch x := v.(type) {
		case *smallcaps.Error:
			msg = x.Message
		case string:
			msg = x
		}
	}
	return &RejectionError{Value: value, msg: msg}
}

// QueueMessage sends method(args...) to target and waits for the result.
// A rejection comes back as an error (*RejectionError) carrying the
// rejection's message; kernel refusals (deleted or revoked targets) carry
// the kernel error's message.
func (k *Kernel) QueueMessage(ctx context.Context, target, method string, args []any) (api.CapData, error) {
	var p pending
	err := k.do(ctx, func(context.Context) error {
		var err error
		p, err = k.queueMessage(target, method, args)
		return err
	})
	if err != nil {
		return api.CapData{}, err
	}
	s, err := p.wait(ctx, k)
	if err != nil {
		return api.CapData{}, err
	}
	if s.rejected {
		return api.CapData{}, rejection(s.value)
	}
	return s.value, nil
}

func (k *Kernel) queueMessage(target, method string, args []any) (pending, error) {
	if !isKref(target) {
		return pending{}, fmt.Errorf("invalid target %q: not a kref", target)
	}
	if isPromiseKref(target) && !k.promiseExists(target) {
		return pending{}, &api.Error{Code: api.CodeObjectDeleted, Message: fmt.Sprintf("[KERNEL:OBJECT_DELETED] Target promise %s does not exist", target)}
	}
	if !isPromiseKref(target) && !k.objectExists(target) {
		return pending{}, api.ErrObjectDeleted
	}
	if args == nil {
		args = []any{}
	}
	methargs, err := smallcaps.MethArgs(method, args)
	if err != nil {
		return pending{}, fmt.Errorf("marshal arguments: %w", err)
	}
	p := k.send(target, methargs)
	p.w.handsOut = true
	return p, nil
}

// send queues a message from the kernel and returns a watch on its result.
func (k *Kernel) send(target string, methargs api.CapData) pending {
	kpid := k.newPromise("")
	k.holdForWait(kpid)
	p := k.watch(kpid)
	k.enqueueSend(target, message{Methargs: methargs, Result: &kpid})
	return p
}

// LaunchSubcluster starts the vats of config and bootstraps them.
func (k *Kernel) LaunchSubcluster(ctx context.Context, config api.ClusterConfig) (api.LaunchResult, error) {
	return k.launchSubcluster(ctx, config, "")
}

// launchSubcluster launches a subcluster in three steps (see vats.go): a
// crank checks the config and reserves the ids; the vats' bundles are
// loaded and their starts run here, on the caller's goroutine and under
// its ctx, while the kernel goes on; a last crank records the subcluster,
// attaches the vats and sends bootstrap. A launch that fails, whose
// caller gives up, or that a clearState overtook leaves nothing behind.
func (k *Kernel) launchSubcluster(ctx context.Context, config api.ClusterConfig, systemName string) (api.LaunchResult, error) {
	var l *subclusterLaunch
	err := k.do(ctx, func(context.Context) error {
		var err error
		l, err = k.reserveSubcluster(config, systemName)
		return err
	})
	if l != nil {
		defer k.bg.leave() // reserveSubcluster's enter
	}
	if err != nil {
		return api.LaunchResult{}, err
	}
	k.prepareVats(ctx, l.vats)
	var res api.LaunchResult
	var p pending
	var failed error
	ran := false
	// WithoutCancel: a caller that gave up still has this crank close
	// what was prepared and give the ids back.
	err = k.do(context.WithoutCancel(ctx), func(context.Context) error {
		ran = true
		if failed = k.launchFailure(ctx, l); failed != nil {
			k.closeStarts(l.vats)
			k.releaseLaunchIDs(l)
			return nil
		}
		var err error
		res, p, err = k.attachSubcluster(l)
		if err == nil {
			// A system subcluster's bootstrap result goes to no client.
			p.w.handsOut = systemName == ""
		}
		return err
	})
	switch {
	case !ran: // the kernel stopped: nobody else will close them
		for _, v := range l.vats {
			if v.worker != nil {
				v.worker.Close()
			}
		}
	case err != nil && failed == nil:
		// The attachment was rolled back; the ids were committed before.
		_ = k.do(context.WithoutCancel(ctx), func(context.Context) error {
			k.releaseLaunchIDs(l)
			return nil
		})
	}
	if err == nil {
		err = failed
	}
	if err != nil {
		return api.LaunchResult{}, err
	}
	s, err := p.wait(ctx, k)
	if err != nil {
		return api.LaunchResult{}, err
	}
	if s.rejected {
		return api.LaunchResult{}, rejection(s.value)
	}
	res.BootstrapResult = &s.value
	return res, nil
}

// subclusterLaunch is a subcluster between its reservation and its
// attachment.
type subclusterLaunch struct {
	sid        string
	config     api.ClusterConfig
	systemName string
	vats       []*vatStart
	epoch      uint64
}

// reserveSubcluster checks config and reserves the subcluster's and its
// vats' ids; bad input is refused before anything is reserved. It counts
// the launch in k.bg, so that Stop waits for its prepare step.
func (k *Kernel) reserveSubcluster(config api.ClusterConfig, systemName string) (*subclusterLaunch, error) {
	if _, ok := config.Vats.Get(config.Bootstrap); !ok {
		return nil, fmt.Errorf("invalid bootstrap vat name %q", config.Bootstrap)
	}
	if err := checkClusterConfig(config); err != nil {
		return nil, err
	}
	if config.IO != nil && config.IO.Len() > 0 && k.opts.IOChannelFactory == nil {
		return nil, errNoIOFactory
	}
	if err := k.checkSubclusterServices(config, systemName != ""); err != nil {
		return nil, err
	}
	if !k.bg.enter() {
		return nil, ErrStopped
	}
	l := &subclusterLaunch{
		sid:    "s" + strconv.Itoa(k.st.incCounter(keyNextSubclusterID)),
		config: config, systemName: systemName, epoch: k.serviceEpoch,
	}
	l.vats = k.reserveVats(config.Vats.Entries)
	return l, nil
}

// launchFailure is why a prepared launch cannot be attached: the caller
// gave up, a clearState overtook it, or a vat failed to start.
func (k *Kernel) launchFailure(ctx context.Context, l *subclusterLaunch) error {
	if l.epoch != k.serviceEpoch {
		return fmt.Errorf("launch of subcluster %s abandoned: %w", l.sid, errStateCleared)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return launchError(l.config.Vats.Entries, l.vats)
}

// releaseLaunchIDs gives back the ids of a launch that failed if no later
// reservation took ids after them: a launch that fails changes nothing.
func (k *Kernel) releaseLaunchIDs(l *subclusterLaunch) {
	if l.epoch != k.serviceEpoch {
		return
	}
	k.releaseVatIDs(l.vats)
	if n, _ := strconv.Atoi(l.sid[1:]); k.st.getInt(keyNextSubclusterID) == n+1 {
		k.st.setInt(keyNextSubclusterID, n)
	}
}

// attachSubcluster records a prepared subcluster, opens its IO channels,
// attaches its vats and sends bootstrap(vats, services) to its bootstrap
// vat. On an error the crank rolls back, and the workers and channels,
// live resources, are closed.
func (k *Kernel) attachSubcluster(l *subclusterLaunch) (res api.LaunchResult, p pending, err error) {
	done := false
	defer func() {
		if !done { // an error, or a panic the crank recovers
			k.closeStarts(l.vats)
			k.closeIOChannels(l.sid)
		}
	}()
	k.setSubclusters(append(k.subclusters(), subclusterRecord{ID: l.sid, Config: l.config}))
	// As upstream: the IO channels come first, so that their names are
	// services of this subcluster when the services are checked.
	if err := k.openIOChannels(l.sid, l.config); err != nil {
		return api.LaunchResult{}, pending{}, err
	}
	res, p, err = k.bootstrapSubcluster(l)
	if err != nil {
		return api.LaunchResult{}, pending{}, err
	}
	done = true
	return res, p, nil
}

// checkClusterConfig refuses what a ClusterConfig may say but this kernel
// cannot do, naming the field.
func checkClusterConfig(config api.ClusterConfig) error {
	if config.Bundles != nil && config.Bundles.Len() > 0 {
		return errors.New(`Cluster config "bundles" is not supported: vats name their code with "bundleSpec"`)
	}
	for _, e := range config.Vats.Entries {
		if e.Value.BundleSpec == "" {
			// Upstream's vat supervisor refuses sourceSpec and bundleName so.
			return fmt.Errorf("vat %q: for now, only bundleSpec is supported in vatConfig specifications", e.Name)
		}
	}
	return nil
}

// checkSubclusterServices checks the services a subcluster asks for, as
// upstream's #validateServices: a name of one of its own IO channels is
// always granted; any other must be a registered kernel service, and a
// system-only one only to a system subcluster.
func (k *Kernel) checkSubclusterServices(config api.ClusterConfig, isSystem bool) error {
	for _, name := range config.Services {
		if isIOName(config, name) {
			continue
		}
		s, ok := k.serviceByName(name)
		if !ok || (s.systemOnly && !isSystem) {
			return fmt.Errorf("no registered kernel service '%s'", name)
		}
	}
	return nil
}

func isIOName(config api.ClusterConfig, name string) bool {
	if config.IO == nil {
		return false
	}
	_, ok := config.IO.Get(name)
	return ok
}

// subclusterServices is the record given to bootstrap: the services the
// subcluster asks for (checkSubclusterServices) and every IO channel,
// under their bare names.
func (k *Kernel) subclusterServices(sid string, config api.ClusterConfig, isSystem bool) (map[string]any, error) {
	if err := k.checkSubclusterServices(config, isSystem); err != nil {
		return nil, err
	}
	names := append([]string(nil), config.Services...)
	if config.IO != nil {
		names = append(names, config.IO.Names()...)
	}
	record := map[string]any{}
	for _, name := range names {
		lookup := name
		if isIOName(config, name) {
			lookup = ioServiceName(sid, name)
		}
		kref, ok := k.serviceNames[lookup]
		if !ok || k.services[kref] == nil {
			return nil, fmt.Errorf("no registered kernel service '%s'", lookup)
		}
		record[name] = smallcaps.MustKSlot(kref, "")
	}
	return record, nil
}

// bootstrapSubcluster attaches the prepared vats of a launch and sends
// bootstrap(vats, services) to its bootstrap vat.
func (k *Kernel) bootstrapSubcluster(l *subclusterLaunch) (api.LaunchResult, pending, error) {
	sid, config, systemName := l.sid, l.config, l.systemName
	svcRecord, err := k.subclusterServices(sid, config, systemName != "")
	if err != nil {
		return api.LaunchResult{}, pending{}, err
	}
	launched, err := k.attachNewVats(sid, config.Vats.Entries, l.vats)
	if err != nil {
		return api.LaunchResult{}, pending{}, err // the crank rolls back: no orphans
	}
	roots := map[string]any{}
	var bootstrapRoot string
	for i, e := range config.Vats.Entries {
		roots[e.Name] = smallcaps.MustKSlot(launched[i], "vatRoot")
		if e.Name == config.Bootstrap {
			bootstrapRoot = launched[i]
		}
	}
	if systemName != "" {
		k.st.set(prefixSystemSubclust+systemName, sid)
		k.systemRoots[systemName] = bootstrapRoot
	}
	methargs, err := smallcaps.MethArgs("bootstrap", []any{roots, svcRecord})
	if err != nil {
		return api.LaunchResult{}, pending{}, fmt.Errorf("marshal bootstrap arguments: %w", err)
	}
	return api.LaunchResult{SubclusterID: sid, RootKref: bootstrapRoot}, k.send(bootstrapRoot, methargs), nil
}

// launchSystemSubclusters re-attaches the persisted system subclusters and
// launches the new ones; those no longer configured are terminated.
func (k *Kernel) launchSystemSubclusters(ctx context.Context) error {
	wanted := map[string]bool{}
	for _, sc := range k.opts.SystemSubclusters {
		if wanted[sc.Name] {
			return errors.New("Duplicate system subcluster names in config")
		}
		wanted[sc.Name] = true
	}
	var fresh []SystemSubcluster
	err := k.do(ctx, func(context.Context) error {
		for _, key := range k.st.keysWithPrefix(prefixSystemSubclust) {
			name := key[len(prefixSystemSubclust):]
			sid := k.st.getString(key)
			s, ok := k.subcluster(sid)
			if !ok || !wanted[name] {
				k.st.del(key)
				if ok {
					for _, e := range s.Vats.Entries {
						k.terminateVat(e.Value, fmt.Errorf("system subcluster %q is no longer configured", name))
					}
				}
				continue
			}
			if vatID, ok := s.Vats.Get(s.Config.Bootstrap); ok {
				if root, ok := k.clistKref(vatID, "o+0"); ok {
					k.systemRoots[name] = root
				}
			}
		}
		for _, sc := range k.opts.SystemSubclusters {
			if _, ok := k.systemRoots[sc.Name]; !ok {
				fresh = append(fresh, sc)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, sc := range fresh {
		if _, err := k.launchSubcluster(ctx, sc.Config, sc.Name); err != nil {
			return fmt.Errorf("system subcluster %q: %w", sc.Name, err)
		}
	}
	return nil
}

// TerminateSubcluster terminates a subcluster's vats, last launched first.
func (k *Kernel) TerminateSubcluster(ctx context.Context, id string) error {
	inSubcluster := func(vatID string) bool {
		s, ok := k.subcluster(id)
		if !ok {
			return false
		}
		for _, e := range s.Vats.Entries {
			if e.Value == vatID {
				return true
			}
		}
		return false
	}
	return k.doPreempting(ctx, inSubcluster, func(context.Context) error {
		s, ok := k.subcluster(id)
		if !ok {
			return api.ErrSubclusterNotFound
		}
		for i := len(s.Vats.Entries) - 1; i >= 0; i-- {
			k.terminateVat(s.Vats.Entries[i].Value, api.ErrVatDeleted)
		}
		k.closeIOChannels(id)
		k.deleteSubcluster(id)
		for name, root := range k.systemRoots {
			if !k.objectExists(root) {
				delete(k.systemRoots, name)
			}
		}
		return nil
	})
}

// isVat is a preempts predicate for calls that end vat id.
func isVat(id string) func(string) bool {
	return func(vatID string) bool { return vatID == id }
}

// anyVat is the preempts predicate of calls that end every vat.
func anyVat(string) bool { return true }

// PingVat asks a vat whether it is alive.
func (k *Kernel) PingVat(ctx context.Context, id string) (string, error) {
	var h *vatHandle
	if err := k.do(ctx, func(context.Context) error {
		h = k.vats[id]
		if h == nil {
			return api.ErrVatNotFound
		}
		return nil
	}); err != nil {
		return "", err
	}
	pctx, cancel := context.WithTimeout(ctx, k.opts.DeliveryTimeout)
	defer cancel()
	return h.worker.Ping(pctx)
}

// RestartVat stops a vat and starts it again from its persisted state; its
// c-list and krefs are unchanged. As for a launch (launchSubcluster), the
// new worker loads its bundle and runs its start off the kernel
// goroutine; meanwhile messages to the vat wait, in order, and are
// delivered once it runs again. A restart that fails terminates the vat,
// whose old worker is gone; a caller that gives up gets ctx's error at
// once, and the restart goes on.
func (k *Kernel) RestartVat(ctx context.Context, id string) error {
	var v *vatStart
	err := k.doPreempting(ctx, isVat(id), func(context.Context) error {
		var err error
		v, err = k.reserveRestart(id)
		return err
	})
	if v == nil {
		return err
	}
	if err != nil {
		v.err = err
	}
	// The old worker is gone: the restart goes on to its end even if the
	// caller gives up, so that a client's Ctrl-C does not cost the vat.
	// The fetch has its own timeout, the start StartTimeout, and Stop
	// cancels both.
	bg := context.WithoutCancel(ctx)
	done := make(chan error, 1)
	started := k.bg.Go(func() {
		if v.err == nil {
			k.prepareVats(bg, []*vatStart{v})
		}
		var restartErr error
		ran := false
		err := k.do(bg, func(context.Context) error {
			ran = true
			restartErr = k.finishRestart(v)
			return nil // committed: a failed restart terminates the vat
		})
		if !ran && v.worker != nil {
			v.worker.Close() // the kernel stopped: nobody else will
		}
		if err == nil {
			err = restartErr
		}
		done <- err
	})
	if !started {
		// The kernel is stopping: the vat, still recorded, starts with it
		// next time.
		return ErrStopped
	}
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// TerminateVat terminates a vat; promises it decided are rejected. A vat
// being restarted is terminated too (its restart then fails).
func (k *Kernel) TerminateVat(ctx context.Context, id string) error {
	return k.doPreempting(ctx, isVat(id), func(context.Context) error {
		if k.vats[id] == nil && !k.restarting(id) {
			return api.ErrVatNotFound
		}
		k.terminateVat(id, api.ErrVatDeleted)
		return nil
	})
}

// TerminateAllVats terminates every vat, last started first.
func (k *Kernel) TerminateAllVats(ctx context.Context) error {
	return k.doPreempting(ctx, anyVat, func(context.Context) error {
		for i := len(k.vatOrder) - 1; i >= 0; i-- {
			k.terminateVat(k.vatOrder[i], api.ErrVatDeleted)
		}
		return nil
	})
}

// CollectGarbage runs a GC pass now; the resulting drop/retire deliveries
// follow in the next cranks.
func (k *Kernel) CollectGarbage(ctx context.Context) error {
	return k.do(ctx, func(context.Context) error {
		for kref := range k.allRefCounted() {
			k.maybeFree[kref] = struct{}{}
		}
		return nil
	})
}

func (k *Kernel) allRefCounted() map[string]struct{} {
	out := map[string]struct{}{}
	for _, key := range k.st.keysWithPrefix("k") {
		if len(key) > 9 && key[len(key)-9:] == ".refCount" {
			out[key[:len(key)-9]] = struct{}{}
		}
	}
	return out
}

// errStateCleared rejects the results clearState abandons.
var errStateCleared = errors.New("[KERNEL:STATE_CLEARED] Kernel state was cleared before the result was settled")

// ClearState terminates every vat and deletes all kernel state except the
// identity; the kernel services are registered afresh.
func (k *Kernel) ClearState(ctx context.Context) error {
	return k.doPreempting(ctx, anyVat, func(context.Context) error {
		for i := len(k.vatOrder) - 1; i >= 0; i-- {
			id := k.vatOrder[i]
			k.vats[id].worker.Close()
			k.forgetVat(id)
		}
		// Callers waiting for results will never get them: tell them so,
		// once the cleared state is durable.
		cleared := errorCapData(errStateCleared)
		for kpid, ws := range k.waiters {
			k.toNotify = append(k.toNotify, settledPromise{kpid: kpid, rejected: true, value: cleared, waiters: ws})
			delete(k.waiters, kpid)
		}
		savedRC := k.st.getString(keyRemoteCommsOptions)
		k.resetState(false)
		// A new incarnation (upstream's reset regenerates it too): peers
		// learn from the next handshake that this kernel's state is gone.
		inc, err := identity.ProvideIncarnationID(storeKV{k.st})
		if err != nil {
			return err
		}
		k.registerServices()
		if k.rc != nil {
			// The network stays up; the endpoints it knew are gone, with
			// their timers and queued frames.
			k.retireRemotes(errStateCleared)
			k.rc.byID, k.rc.byPeer = map[string]*remote{}, map[string]*remote{}
			k.rc.incMu.Lock()
			clear(k.rc.incs) // their kv records went with the state
			k.rc.incMu.Unlock()
			k.st.set(keyRemoteCommsOptions, savedRC)
			net := k.rc.net
			k.afterCommit(func() { net.SetIncarnation(inc) })
		}
		return nil
	})
}

// ExecuteDBQuery runs a read-only SQL query on the committed state.
func (k *Kernel) ExecuteDBQuery(ctx context.Context, sql string) ([]kernelstore.Row, error) {
	// Make every committed crank visible to SQL first.
	if err := k.do(ctx, func(context.Context) error { return k.st.flush() }); err != nil {
		return nil, err
	}
	return k.db.ExecuteQueryRows(ctx, sql)
}

// IssueOcapURL issues an OCAP URL for kref.
func (k *Kernel) IssueOcapURL(ctx context.Context, kref string) (string, error) {
	var url string
	err := k.do(ctx, func(context.Context) error {
		var err error
		url, err = k.issueURL(kref)
		return err
	})
	return url, err
}

// RedeemOcapURL turns an OCAP URL back into a kref: this kernel's own URLs
// at once, another kernel's by asking it over remote comms.
func (k *Kernel) RedeemOcapURL(ctx context.Context, url string) (string, error) {
	var kref string
	var wait chan redeemResult
	err := k.do(ctx, func(context.Context) error {
		var err error
		kref, wait, err = k.redeemURL(url)
		if err == nil && wait == nil {
			k.holdOutside(kref) // the caller is handed the kref
		}
		return err
	})
	if err != nil || wait == nil {
		return kref, err
	}
	kref, err = awaitRedemption(ctx, k, wait)
	if err != nil {
		return "", err
	}
	// The caller is handed the kref: keep the object it names alive until
	// it releases it (the remote kernel holds it for us meanwhile).
	err = k.do(ctx, func(context.Context) error {
		k.holdOutside(kref)
		return nil
	})
	if err != nil {
		return "", err
	}
	return kref, nil
}

func awaitRedemption(ctx context.Context, k *Kernel, wait chan redeemResult) (string, error) {
	timer := time.NewTimer(remoteRedeemTimeout)
	defer timer.Stop()
	forget := func() {
		_ = k.do(context.WithoutCancel(ctx), func(context.Context) error { k.forgetRedemption(wait); return nil })
	}
	select {
	case r := <-wait:
		return r.kref, r.err
	case <-timer.C:
		forget()
		return "", errors.New("URL redemption timed out after 30 seconds")
	case <-ctx.Done():
		forget()
		return "", ctx.Err()
	case <-k.done:
		return "", ErrStopped
	}
}

// ErrNoIdentity is returned for OCAP URL calls before InitIdentity.
var ErrNoIdentity = errors.New("Remote identity not initialized")

// ErrRemoteCommsNotInitialized is returned when redeeming another kernel's
// URL without remote comms.
var ErrRemoteCommsNotInitialized = errors.New("Remote comms not initialized")

func (k *Kernel) issueURL(kref string) (string, error) {
	if k.ident == nil {
		return "", ErrNoIdentity
	}
	url, err := k.ident.IssueURL(kref, k.issuedURLHints())
	if err != nil {
		return "", err
	}
	// An OCAP URL is a capability held outside the kernel, which cannot
	// know when the last copy is gone: the object it names is held, so the
	// URL stays redeemable until a client releases the kref (upstream kept
	// such objects for ever, by leaking the promise that returned them).
	k.holdOutside(kref)
	return url, nil
}

// errURLTargetGone refuses the redemption of a URL whose object was
// released and collected (or is about to be: nothing reaches it).
var errURLTargetGone = errors.New("[KERNEL:OBJECT_DELETED] The object this OCAP URL names was released and no longer exists")

// redeemLocal is identity.RedeemLocal for URLs that may name released
// objects: this kernel's own URL redeems only while its object is still
// reachable. Making an unreachable object reachable again would resurrect
// what its owner was told, or is about to be told, to drop.
func (k *Kernel) redeemLocal(url string) (kref string, local bool, parsed identity.URL, err error) {
	kref, local, parsed, err = k.ident.RedeemLocal(url)
	if err != nil || !local {
		return kref, local, parsed, err
	}
	if isPromiseKref(kref) {
		if !k.promiseExists(kref) {
			return "", true, parsed, errURLTargetGone
		}
	} else if reach, _ := k.objectRefCount(kref); !k.objectExists(kref) || reach == 0 {
		return "", true, parsed, errURLTargetGone
	}
	return kref, true, parsed, nil
}

// redeemURL redeems this kernel's own URLs at once (kref) and starts the
// redemption of another kernel's (wait).
func (k *Kernel) redeemURL(url string) (kref string, wait chan redeemResult, err error) {
	if k.ident == nil {
		return "", nil, ErrNoIdentity
	}
	kref, local, parsed, err := k.redeemLocal(url)
	if err != nil {
		return "", nil, err
	}
	if local {
		return kref, nil, nil
	}
	wait, err = k.redeemRemote(url, parsed)
	return "", wait, err
}

// InitIdentity loads or creates the kernel's identity (peer id and OCAP
// URL key) without starting any networking.
func (k *Kernel) InitIdentity(ctx context.Context) error {
	return k.do(ctx, func(context.Context) error {
		id, err := identity.InitIdentity(storeKV{k.st}, identity.Options{Mnemonic: k.opts.Mnemonic, KeySeed: k.opts.KeySeed})
		if err != nil {
			return err
		}
		k.ident = id
		return nil
	})
}

// Revoke revokes an object: later sends to it fail.
func (k *Kernel) Revoke(ctx context.Context, kref string) error {
	return k.do(ctx, func(context.Context) error {
		if isPromiseKref(kref) {
			return fmt.Errorf("cannot revoke promise %s", kref)
		}
		// A kref that names no object (never allocated, or collected) is
		// refused: its revoked flag would poison the object that later
		// gets the kref.
		if !k.objectExists(kref) {
			return fmt.Errorf("cannot revoke %s: no such object", kref)
		}
		k.st.set(keyRevoked(kref), "true")
		return nil
	})
}

// IsRevoked reports whether kref was revoked.
func (k *Kernel) IsRevoked(ctx context.Context, kref string) (bool, error) {
	var revoked bool
	err := k.do(ctx, func(context.Context) error {
		revoked = k.st.has(keyRevoked(kref))
		return nil
	})
	return revoked, err
}
