package kernel

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/vat"
)

// vatHandle is the kernel's side of a running vat.
type vatHandle struct {
	id     string
	config api.VatConfig
	worker vat.Worker
}

func (k *Kernel) vatConfig(vatID string) (api.VatConfig, bool) {
	raw, ok := k.st.get(prefixVatConfig + vatID)
	if !ok {
		return api.VatConfig{}, false
	}
	var cfg api.VatConfig
	if err := json.Unmarshal([]byte(raw), &cfg); err != nil {
		panic(kernelBug("vatConfig.%s is corrupt: %v", vatID, err))
	}
	return cfg, true
}

// A vat starts in three steps, so that loading its bundle (a file, or an
// http(s) fetch) and running its start never happen on the kernel
// goroutine: a crank reserves it (reserveVats, reserveRestart), then
// prepareVats launches its worker and runs its start on the caller's
// goroutine while the kernel goes on with other calls and deliveries, and
// a last crank attaches it (attachVat) or, if the start failed, the
// caller gave up or the kernel state was cleared meanwhile, closes it.
// Only New, which restarts the persisted vats before the kernel serves,
// prepares them inside its first crank.

// vatStart is a vat being started: what its start needs (its config and
// persisted vatstore), and, once prepared, its worker and what its start
// (initVat) answered.
type vatStart struct {
	id     string
	config api.VatConfig
	state  [][2]string
	// epoch is k.serviceEpoch at the reservation: a clearState since then
	// makes the start stale.
	epoch  uint64
	worker vat.Worker
	res    vat.Result
	err    error
}

// prepareVats launches the workers of vs and runs their starts, off the
// kernel goroutine: nothing here touches kernel state. The vats are
// prepared at the same time; ctx bounds each (and each start has
// StartTimeout too), and the kernel's Stop cancels them. A vat whose
// err is set on entry is skipped; one that fails has err set and no
// worker.
func (k *Kernel) prepareVats(ctx context.Context, vs []*vatStart) {
	if k.runCtx != nil { // nil while New restarts the persisted vats
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		defer context.AfterFunc(k.runCtx, cancel)()
	}
	var wg sync.WaitGroup
	for _, v := range vs {
		if v.err != nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			v.worker, v.res, v.err = k.prepareVat(ctx, v)
		}()
	}
	wg.Wait()
}

func (k *Kernel) prepareVat(ctx context.Context, v *vatStart) (vat.Worker, vat.Result, error) {
	worker, err := k.runtime.Launch(ctx, v.id, v.config)
	if err != nil {
		return nil, vat.Result{}, err
	}
	// A few starts at a time, kernel-wide: each holds a new engine, and
	// the cores are few. A bundle being fetched holds no slot.
	select {
	case k.startSlots <- struct{}{}:
	case <-ctx.Done():
		worker.Close()
		return nil, vat.Result{}, ctx.Err()
	}
	defer func() { <-k.startSlots }()
	ictx, cancel := context.WithTimeout(ctx, k.opts.StartTimeout)
	defer cancel()
	res, err := worker.Init(ictx, v.state)
	if err != nil {
		worker.Close()
		return nil, vat.Result{}, err
	}
	return worker, res, nil
}

// closeStarts closes the workers of vs, and forgets those attached.
func (k *Kernel) closeStarts(vs []*vatStart) {
	for _, v := range vs {
		if v.worker == nil {
			continue
		}
		if h := k.vats[v.id]; h != nil && h.worker == v.worker {
			k.forgetVat(v.id)
		}
		v.worker.Close()
	}
}

// attachVat makes a started vat a running one and applies what its start
// did. On an error the worker is closed.
func (k *Kernel) attachVat(v *vatStart) error {
	h := &vatHandle{id: v.id, config: v.config, worker: v.worker}
	k.vats[v.id] = h
	if w, ok := v.worker.(vat.Waker); ok {
		vatID := v.id
		w.SetWake(func() { k.wakeVat(vatID) })
	}
	k.vatOrder = append(k.vatOrder, v.id)
	if out := k.applyResult(v.id, v.res); out.abort || out.terminate != "" {
		k.forgetVat(v.id)
		v.worker.Close()
		if out.reason == nil {
			out.reason = fmt.Errorf("vat exited during start")
		}
		return fmt.Errorf("Failed to initialize vat %s: %w", v.id, out.reason)
	}
	return nil
}

// forgetVat drops a vat from the running set (not its state).
func (k *Kernel) forgetVat(vatID string) {
	delete(k.vats, vatID)
	for i, id := range k.vatOrder {
		if id == vatID {
			k.vatOrder = append(k.vatOrder[:i], k.vatOrder[i+1:]...)
			break
		}
	}
}

// reserveVats, in the crank that reserves a launch, gives each vat of a
// new subcluster its id. Nothing else is written until attachNewVats.
func (k *Kernel) reserveVats(vats []api.Named[api.VatConfig]) []*vatStart {
	vs := make([]*vatStart, len(vats))
	for i, e := range vats {
		vatID := "v" + strconv.Itoa(k.st.incCounter(keyNextVatID))
		vs[i] = &vatStart{id: vatID, config: e.Value, epoch: k.serviceEpoch}
	}
	return vs
}

// launchError is the error of the first vat of vs that failed to start.
func launchError(vats []api.Named[api.VatConfig], vs []*vatStart) error {
	for i, v := range vs {
		if v.err != nil {
			return fmt.Errorf("Failed to launch vat %s (%s): %w", v.id, vats[i].Name, v.err)
		}
	}
	return nil
}

// attachNewVats writes the records of the prepared vats of subcluster
// subclusterID, attaches them and exports their roots, which the kernel
// holds while each vat lives. It answers the roots in the order of the
// config; on an error, which names the first vat that failed, the
// caller closes the workers (closeStarts) and the crank rolls back.
func (k *Kernel) attachNewVats(subclusterID string, vats []api.Named[api.VatConfig], vs []*vatStart) ([]string, error) {
	for i, v := range vs {
		k.st.set("e.nextObjectId."+v.id, "1")
		k.st.set("e.nextPromiseId."+v.id, "1")
		k.st.set(prefixVatConfig+v.id, mustJSON(v.config))
		if err := k.attachVat(v); err != nil {
			return nil, fmt.Errorf("Failed to launch vat %s (%s): %w", v.id, vats[i].Name, err)
		}
	}
	roots := make([]string, len(vs))
	for i, v := range vs {
		roots[i] = k.exportFromEndpoint(v.id, "o+0")
		k.incRef(roots[i]) // the owner's hold on its root
		k.addSubclusterVat(subclusterID, vats[i].Name, v.id)
	}
	return roots, nil
}

// releaseVatIDs, in the crank that ends a failed launch, gives back the
// ids reserveVats took if no later reservation took ids after them (a
// launch that fails changes nothing); vs must be the reservation's, in
// order.
func (k *Kernel) releaseVatIDs(vs []*vatStart) {
	if len(vs) == 0 || vs[0].epoch != k.serviceEpoch {
		return
	}
	first, _ := strconv.Atoi(vs[0].id[1:])
	if k.st.getInt(keyNextVatID) == first+len(vs) {
		k.st.setInt(keyNextVatID, first)
	}
}

// restarting reports whether vatID is between its reservation and its
// attachment by a restartVat: deliveries to it wait (deferDelivery).
func (k *Kernel) restarting(vatID string) bool {
	v := k.starting[vatID]
	return v != nil && v.epoch == k.serviceEpoch
}

// reserveRestart, in the crank that reserves a restart, stops vatID's
// worker and reads what its new worker starts from. Until finishRestart
// the vat is not running: messages to it wait in its deferred queue.
func (k *Kernel) reserveRestart(vatID string) (*vatStart, error) {
	h := k.vats[vatID]
	if h == nil {
		if k.restarting(vatID) {
			return nil, fmt.Errorf("vat %s is already restarting", vatID)
		}
		return nil, api.ErrVatNotFound
	}
	state, err := k.st.vatstoreLoad(vatID)
	if err != nil {
		return nil, fmt.Errorf("load vatstore: %w", err)
	}
	h.worker.Close()
	k.forgetVat(vatID)
	v := &vatStart{id: vatID, config: h.config, state: state, epoch: k.serviceEpoch}
	k.starting[vatID] = v
	return v, nil
}

// finishRestart, in the crank after a restart's prepare step, attaches
// the new worker. A restart that failed terminates the vat, whose old
// worker is gone; one made stale by a clearState or a termination
// meanwhile, or cut short by Stop, only closes its worker. The answer is
// the restart's error; the crank is committed either way.
func (k *Kernel) finishRestart(v *vatStart) error {
	if k.starting[v.id] == v {
		delete(k.starting, v.id)
	}
	attached := false
	defer func() {
		if !attached { // an error, or a panic the crank recovers
			k.closeStarts([]*vatStart{v})
		}
	}()
	if v.epoch != k.serviceEpoch {
		return fmt.Errorf("restart vat %s: %w", v.id, errStateCleared)
	}
	if _, ok := k.vatConfig(v.id); !ok {
		return fmt.Errorf("restart vat %s: it was terminated meanwhile: %w", v.id, api.ErrVatDeleted)
	}
	if k.runCtx.Err() != nil {
		// The kernel is stopping (and cancelled the start): the vat stays,
		// and starts with the kernel, its deferred messages with it.
		return fmt.Errorf("restart vat %s: %w", v.id, ErrStopped)
	}
	err := v.err
	if err == nil {
		err = k.attachVat(v)
	}
	if err != nil {
		k.terminateVat(v.id, fmt.Errorf("restart failed: %w", err))
		return fmt.Errorf("restart vat %s: %w", v.id, err)
	}
	attached = true
	return nil
}

// deferDelivery keeps a run-queue item for a restarting vat until the vat
// runs again; the item keeps the references it holds. Deferred items are
// delivered, in the order they came, before the run queue
// (nextDeferred).
func (k *Kernel) deferDelivery(vatID string, item runItem) {
	list := k.deferredVats()
	if !slices.Contains(list, vatID) {
		k.st.set(keyDeferredVats, mustJSON(append(list, vatID)))
		k.st.set(keyDeferredHead(vatID), "1")
		k.st.set(keyDeferredTail(vatID), "1")
	}
	head := k.st.getInt(keyDeferredHead(vatID))
	k.st.set(keyDeferredItem(vatID, head), mustJSON(item))
	k.st.setInt(keyDeferredHead(vatID), head+1)
}

// nextDeferred takes the oldest deferred item of a vat that is no longer
// restarting (running again, or gone: then the item fails as any item to
// a vat that is gone).
func (k *Kernel) nextDeferred() (runItem, bool) {
	list := k.deferredVats()
	for i, vatID := range list {
		if k.restarting(vatID) {
			continue
		}
		tail, head := k.st.getInt(keyDeferredTail(vatID)), k.st.getInt(keyDeferredHead(vatID))
		var item runItem
		found := false
		if tail < head {
			key := keyDeferredItem(vatID, tail)
			raw, ok := k.st.get(key)
			if !ok {
				panic(kernelBug("no record matching key '%s'", key))
			}
			if err := json.Unmarshal([]byte(raw), &item); err != nil {
				panic(kernelBug("%s is corrupt: %v", key, err))
			}
			k.st.del(key)
			tail++
			k.st.setInt(keyDeferredTail(vatID), tail)
			found = true
		}
		if tail >= head {
			k.st.del(keyDeferredHead(vatID))
			k.st.del(keyDeferredTail(vatID))
			if list = slices.Delete(list, i, i+1); len(list) == 0 {
				k.st.del(keyDeferredVats)
			} else {
				k.st.set(keyDeferredVats, mustJSON(list))
			}
		}
		if found {
			return item, true
		}
		return k.nextDeferred()
	}
	return runItem{}, false
}

func (k *Kernel) deferredVats() []string {
	var list []string
	if v := k.st.getString(keyDeferredVats); v != "" {
		if err := json.Unmarshal([]byte(v), &list); err != nil {
			panic(kernelBug("%s is corrupt: %v", keyDeferredVats, err))
		}
	}
	return list
}

// terminateVat stops a vat and deletes it, inside the current crank:
// promises it decided are rejected with reason, its exports become dead
// objects that GC retires from their importers, and its imports are
// released.
func (k *Kernel) terminateVat(vatID string, reason error) {
	h := k.vats[vatID]
	if h != nil {
		h.worker.Close()
		k.forgetVat(vatID)
	}
	prefix := vatID + ".c."
	for _, key := range k.st.keysWithPrefix(prefix) {
		ref := key[len(prefix):]
		if !isPromiseKref(ref) {
			continue
		}
		if k.st.getString(keyDecider(ref)) == vatID && k.promiseState(ref) == stateUnresolved {
			k.rejectWith(ref, reason)
		}
	}
	for _, key := range k.st.keysWithPrefix(prefix) {
		ref := key[len(prefix):]
		if !strings.HasPrefix(ref, "k") {
			continue
		}
		eref, _, ok := k.clistEref(vatID, ref)
		if !ok {
			continue
		}
		switch {
		case isPromiseKref(ref):
			k.deleteCList(vatID, ref, eref)
		case erefKind(eref).export:
			k.orphanExport(vatID, ref, eref)
			if eref == "o+0" {
				k.decRef(ref) // the owner's hold on its root
			}
		default:
			k.deleteCList(vatID, ref, eref)
		}
	}
	k.st.del(prefixVatConfig + vatID)
	k.st.del("e.nextObjectId." + vatID)
	k.st.del("e.nextPromiseId." + vatID)
	k.st.vatstoreDelete(vatID)
	k.removeSubclusterVat(vatID)
	k.log.Info("vat terminated", "vat", vatID, "reason", reason)
}

// Keys of the deferred queues: queue.deferred lists the vats that have
// one; a vat's items are queue.deferred.<vat>.<n>, from tail to head.
const keyDeferredVats = "queue.deferred"

func keyDeferredHead(vatID string) string { return keyDeferredVats + "." + vatID + ".head" }
func keyDeferredTail(vatID string) string { return keyDeferredVats + "." + vatID + ".tail" }
func keyDeferredItem(vatID string, n int) string {
	return keyDeferredVats + "." + vatID + "." + strconv.Itoa(n)
}
