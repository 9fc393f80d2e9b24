package kernel

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
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

// vatStart is a vat being started: its worker, launched, and what its
// start (initVat) answered.
type vatStart struct {
	id     string
	config api.VatConfig
	worker vat.Worker
	state  [][2]string
	res    vat.Result
	err    error
}

// startVat launches a vat's worker and runs its start (initVat) with its
// persisted vatstore, inside the current crank.
func (k *Kernel) startVat(ctx context.Context, vatID string, cfg api.VatConfig) error {
	return k.startVats(ctx, []*vatStart{{id: vatID, config: cfg}})[0]
}

// startVats starts several vats: their workers are launched, then their
// starts run at the same time (each vat's engine works on a goroutine of
// its own, and a start touches no kernel state), and what each did is
// applied in order, inside the current crank. The answer holds each
// vat's error; a vat that failed is not running.
func (k *Kernel) startVats(ctx context.Context, vs []*vatStart) []error {
	errs := make([]error, len(vs))
	for i, v := range vs {
		worker, err := k.runtime.Launch(ctx, v.id, v.config)
		if err != nil {
			errs[i] = err
			continue
		}
		state, err := k.st.vatstoreLoad(v.id)
		if err != nil {
			worker.Close()
			errs[i] = fmt.Errorf("load vatstore: %w", err)
			continue
		}
		v.worker, v.state = worker, state
	}
	// A few at a time: each start holds a new engine, and the cores are
	// few. Each start has its own deadline.
	sem := make(chan struct{}, max(2, runtime.GOMAXPROCS(0)))
	var wg sync.WaitGroup
	for _, v := range vs {
		if v.worker == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			ictx, cancel := context.WithTimeout(ctx, k.opts.StartTimeout)
			defer cancel()
			v.res, v.err = v.worker.Init(ictx, v.state)
		}()
	}
	wg.Wait()
	for i, v := range vs {
		if v.worker == nil {
			continue
		}
		if v.err != nil {
			v.worker.Close()
			errs[i] = v.err
			continue
		}
		errs[i] = k.attachVat(v)
	}
	return errs
}

// attachVat makes a started vat a running one and applies what its start
// did.
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

// launchVats creates the vats of subcluster subclusterID, starting them
// together, and exports their roots, which the kernel holds while each
// vat lives. It answers the roots in the order of the config; on an
// error, which names the first vat that failed, every vat started is
// closed again (the crank rolls back the rest).
func (k *Kernel) launchVats(ctx context.Context, subclusterID string, vats []api.Named[api.VatConfig]) ([]string, error) {
	vs := make([]*vatStart, len(vats))
	for i, e := range vats {
		vatID := "v" + strconv.Itoa(k.st.incCounter(keyNextVatID))
		k.st.set("e.nextObjectId."+vatID, "1")
		k.st.set("e.nextPromiseId."+vatID, "1")
		k.st.set(prefixVatConfig+vatID, mustJSON(e.Value))
		vs[i] = &vatStart{id: vatID, config: e.Value}
	}
	errs := k.startVats(ctx, vs)
	for i, err := range errs {
		if err != nil {
			for _, v := range vs {
				if h := k.vats[v.id]; h != nil {
					h.worker.Close()
					k.forgetVat(v.id)
				}
			}
			return nil, fmt.Errorf("Failed to launch vat %s (%s): %w", vs[i].id, vats[i].Name, err)
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
