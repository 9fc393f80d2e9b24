package kernel

import (
	"context"
	"errors"
	"fmt"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/smallcaps"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/vat"
)

// crankOutcome is what a delivery asks of the crank runner.
type crankOutcome struct {
	// abort rolls the crank back; the item is then failed with reason.
	abort bool
	// terminate names a vat to terminate, with reason.
	terminate string
	reason    error
	// preempted: a control call that ends the vat interrupted the
	// delivery; the crank is rolled back and the call runs next.
	preempted bool
}

// deliverItem routes and delivers one work item.
func (k *Kernel) deliverItem(ctx context.Context, item runItem) crankOutcome {
	switch item.Type {
	case itemSend:
		return k.deliverSend(ctx, item.Target, *item.Message)
	case itemNotify:
		return k.deliverNotify(ctx, item.EndpointID, item.Kpid)
	case itemDropExports, itemRetireExports, itemRetireImports:
		return k.deliverGC(ctx, item)
	case itemBringOutYourDead:
		h := k.vats[item.EndpointID]
		if h == nil {
			return crankOutcome{}
		}
		return k.deliverToVat(ctx, h, vat.Delivery{Kind: vat.DeliverBringOutYourDead})
	default:
		panic(kernelBug("unknown run-queue item type %q", item.Type))
	}
}

// releaseSend drops the references a queued send holds.
func (k *Kernel) releaseSend(target string, msg message) {
	k.decRef(target)
	k.decSlots(msg.Methargs.Slots)
	if r := msg.result(); r != "" {
		k.decRef(r)
	}
}

// splat fails a message that cannot be delivered: its result promise is
// rejected and its references released. The run loop goes on.
func (k *Kernel) splat(target string, msg message, reason api.CapData) {
	if r := msg.result(); r != "" && k.promiseState(r) == stateUnresolved {
		if err := k.resolvePromise("", resolution{kpid: r, rejected: true, data: reason}); err != nil {
			panic(kernelBug("splat %s: %v", r, err))
		}
	}
	k.releaseSend(target, msg)
}

func (k *Kernel) deliverSend(ctx context.Context, target string, msg message) crankOutcome {
	kref := target
	for isPromiseKref(kref) {
		switch k.promiseState(kref) {
		case stateUnresolved:
			if kref != target { // forwarded: the parked message now names kref
				k.incRef(kref)
				k.decRef(target)
			}
			k.queueOnPromise(kref, msg)
			return crankOutcome{}
		case stateFulfilled:
			ref, ok := smallcaps.ExtractSingleRef(k.promiseValue(kref))
			if !ok {
				k.splat(target, msg, errorCapData(api.ErrBadPromiseResolution))
				return crankOutcome{}
			}
			kref = ref
		case stateRejected:
			k.splat(target, msg, k.promiseValue(kref))
			return crankOutcome{}
		default:
			k.splat(target, msg, errorCapData(api.ErrObjectDeleted))
			return crankOutcome{}
		}
	}
	if k.st.has(keyRevoked(kref)) {
		k.splat(target, msg, errorCapData(api.ErrObjectRevoked))
		return crankOutcome{}
	}
	owner, ok := k.owner(kref)
	if !ok {
		k.splat(target, msg, errorCapData(api.ErrObjectDeleted))
		return crankOutcome{}
	}
	if owner == ownerKernel {
		k.deliverToService(kref, msg)
		k.releaseSend(target, msg)
		return crankOutcome{}
	}
	if r := k.remoteByID(owner); r != nil {
		k.deliverToRemote(r, kref, target, msg)
		return crankOutcome{}
	}
	h := k.vats[owner]
	if h == nil {
		if k.restarting(owner) {
			k.deferDelivery(owner, runItem{Type: itemSend, Target: target, Message: &msg})
			return crankOutcome{}
		}
		k.splat(target, msg, errorCapData(api.ErrObjectDeleted))
		return crankOutcome{}
	}
	res := msg.result()
	if res != "" {
		if k.promiseState(res) != stateUnresolved {
			panic(kernelBug("result promise %s is already settled", res))
		}
		k.st.set(keyDecider(res), owner)
	}
	vtarget, _, ok := k.clistEref(owner, kref)
	if !ok {
		panic(kernelBug("unmapped kref %s for its owner %s", kref, owner))
	}
	d := vat.Delivery{Kind: vat.DeliverMessage, Target: vtarget}
	d.Message.Methargs = api.CapData{Body: msg.Methargs.Body, Slots: k.translateSlotsKtoE(owner, msg.Methargs.Slots)}
	if res != "" {
		d.Message.Result = k.translateKtoE(owner, res)
	}
	k.releaseSend(target, msg)
	return k.deliverToVat(ctx, h, d)
}

func (k *Kernel) deliverNotify(ctx context.Context, endpoint, kpid string) crankOutcome {
	if k.restarting(endpoint) {
		k.deferDelivery(endpoint, runItem{Type: itemNotify, EndpointID: endpoint, Kpid: kpid})
		return crankOutcome{}
	}
	defer k.decRef(kpid)
	if _, _, ok := k.clistEref(endpoint, kpid); !ok {
		return crankOutcome{} // already retired by the endpoint
	}
	if r := k.remoteByID(endpoint); r != nil {
		k.notifyRemote(r, k.settledPromisesIn(kpid))
		return crankOutcome{}
	}
	h := k.vats[endpoint]
	if h == nil {
		return crankOutcome{}
	}
	kpids := k.settledPromisesIn(kpid)
	d := vat.Delivery{Kind: vat.DeliverNotify}
	for _, kp := range kpids {
		value := k.promiseValue(kp)
		d.Resolutions = append(d.Resolutions, vat.Resolution{
			VPID:     k.translateKtoE(endpoint, kp),
			Rejected: k.promiseState(kp) == stateRejected,
			Data:     api.CapData{Body: value.Body, Slots: k.translateSlotsKtoE(endpoint, value.Slots)},
		})
	}
	out := k.deliverToVat(ctx, h, d)
	if !out.abort {
		// The vat has learnt the resolutions and retired those vpids.
		for i, kp := range kpids {
			k.deleteCList(endpoint, kp, d.Resolutions[i].VPID)
		}
	}
	return out
}

func (k *Kernel) deliverGC(ctx context.Context, item runItem) crankOutcome {
	h := k.vats[item.EndpointID]
	r := k.remoteByID(item.EndpointID)
	if h == nil && r == nil {
		return crankOutcome{}
	}
	var kind vat.DeliveryKind
	switch item.Type {
	case itemDropExports:
		kind = vat.DeliverDropExports
	case itemRetireExports:
		kind = vat.DeliverRetireExports
	default:
		kind = vat.DeliverRetireImports
	}
	d := vat.Delivery{Kind: kind}
	erefs := make([]string, 0, len(item.Krefs))
	krefs := make([]string, 0, len(item.Krefs))
	for _, kref := range item.Krefs {
		eref, _, ok := k.clistEref(item.EndpointID, kref)
		if !ok {
			continue
		}
		erefs = append(erefs, eref)
		krefs = append(krefs, kref)
	}
	if len(erefs) == 0 {
		return crankOutcome{}
	}
	d.Refs = erefs
	switch item.Type {
	case itemDropExports:
		for i, kref := range krefs {
			k.setReachableFlag(item.EndpointID, kref, erefs[i], false)
		}
	case itemRetireExports:
		for i, kref := range krefs {
			k.st.del(keyCList(item.EndpointID, kref))
			k.st.del(keyCList(item.EndpointID, erefs[i]))
			k.deleteObject(kref)
		}
	case itemRetireImports:
		for i, kref := range krefs {
			k.deleteCList(item.EndpointID, kref, erefs[i])
		}
	}
	if r != nil {
		k.gcToRemote(r, item.Type, erefs)
		return crankOutcome{}
	}
	return k.deliverToVat(ctx, h, d)
}

// remoteByID returns the live remote endpoint rid, if remote comms run.
func (k *Kernel) remoteByID(rid string) *remote {
	if k.rc == nil || !isRemoteID(rid) {
		return nil
	}
	return k.remoteOfID(rid)
}

// deliverToVat hands a delivery to a vat and applies what it did. While
// the vat works, control calls keep arriving: one that ends this vat
// (terminateVat, terminateSubcluster, clearState, ...) interrupts the
// delivery and runs at once; the others wait for the crank to end.
func (k *Kernel) deliverToVat(ctx context.Context, h *vatHandle, d vat.Delivery) crankOutcome {
	switch d.Kind {
	case vat.DeliverMessage, vat.DeliverNotify:
		k.countDelivery(h.id)
	}
	dctx, cancel := context.WithTimeout(ctx, k.opts.DeliveryTimeout)
	defer cancel()
	type answer struct {
		res vat.Result
		err error
	}
	answered := make(chan answer, 1)
	k.guard.enter(h.id)
	go func() {
		res, err := h.worker.Deliver(dctx, d)
		answered <- answer{res, err}
	}()
	var a answer
	preempted := false
wait:
	for {
		select {
		case a = <-answered:
			break wait
		case o := <-k.ops:
			if !preempted && o.preempts != nil && o.preempts(h.id) {
				preempted = true
				cancel()
			}
			k.heldOps = append(k.heldOps, o)
		}
	}
	k.guard.leave(h.id)
	if preempted || ctx.Err() != nil {
		// The vat is going, or the kernel is stopping: what the vat did
		// in this delivery does not count, and the crank is rolled back.
		return crankOutcome{preempted: true}
	}
	res, err := a.res, a.err
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("delivery to vat %s exceeded %s and was interrupted", h.id, k.opts.DeliveryTimeout)
		}
		return crankOutcome{abort: true, terminate: h.id, reason: fmt.Errorf("vat %s failed: %w", h.id, err)}
	}
	return k.applyResult(h.id, res)
}

// applyResult applies the syscalls and checkpoint of a delivery (or of a
// vat's start).
func (k *Kernel) applyResult(vatID string, res vat.Result) crankOutcome {
	var exit *exitRequest
	for _, sc := range res.Syscalls {
		if err := k.syscall(vatID, sc, &exit); err != nil {
			return crankOutcome{abort: true, terminate: vatID, reason: fmt.Errorf("syscall translation error: prepare to die: %w", err)}
		}
	}
	if res.Error != "" {
		return crankOutcome{abort: true, terminate: vatID, reason: fmt.Errorf("[KERNEL:VAT_FATAL:INTERNAL_ERROR] %s", res.Error)}
	}
	k.st.vatstoreUpdate(vatID, res.Checkpoint.Sets, res.Checkpoint.Deletes)
	if exit != nil {
		reason := fmt.Errorf("Vat termination: %s", exit.info.Body)
		if v, err := smallcaps.KUnser(exit.info); err == nil {
			if e, ok := v.(*smallcaps.Error); ok {
				reason = fmt.Errorf("Vat termination: %s", e.Message)
			} else if s, ok := v.(string); ok {
				reason = fmt.Errorf("Vat termination: %s", s)
			}
		}
		return crankOutcome{abort: exit.failure, terminate: vatID, reason: reason}
	}
	return crankOutcome{}
}

// failItem disposes of an item whose delivery failed: a send's result is
// rejected with reason, and the item's references are released.
func (k *Kernel) failItem(item runItem, reason error) {
	switch item.Type {
	case itemSend:
		k.splat(item.Target, *item.Message, errorCapData(reason))
	case itemNotify:
		k.decRef(item.Kpid)
	}
}

func (k *Kernel) deleteObject(kref string) {
	k.st.del(keyOwner(kref))
	k.st.del(keyRefCount(kref))
	k.st.del(keyRevoked(kref))
}
