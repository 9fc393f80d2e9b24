package kernel

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

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

// startVat launches a vat's worker and runs its start (initVat) with its
// persisted vatstore, inside the current crank.
func (k *Kernel) startVat(ctx context.Context, vatID string, cfg api.VatConfig) error {
	worker, err := k.runtime.Launch(ctx, vatID, cfg)
	if err != nil {
		return err
	}
	state, err := k.st.vatstoreLoad(vatID)
	if err != nil {
		worker.Close()
		return fmt.Errorf("load vatstore: %w", err)
	}
	ictx, cancel := context.WithTimeout(ctx, k.opts.StartTimeout)
	res, err := worker.Init(ictx, state)
	cancel()
	if err != nil {
		worker.Close()
		return err
	}
	h := &vatHandle{id: vatID, config: cfg, worker: worker}
	k.vats[vatID] = h
	if w, ok := worker.(vat.Waker); ok {
		w.SetWake(func() { k.wakeVat(vatID) })
	}
	k.vatOrder = append(k.vatOrder, vatID)
	if out := k.applyResult(vatID, res); out.abort || out.terminate != "" {
		k.forgetVat(vatID)
		worker.Close()
		if out.reason == nil {
			out.reason = fmt.Errorf("vat exited during start")
		}
		return fmt.Errorf("Failed to initialize vat %s: %w", vatID, out.reason)
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

// launchVat creates a new vat in subcluster subclusterID and exports its
// root, which the kernel holds while the vat lives.
func (k *Kernel) launchVat(ctx context.Context, subclusterID, name string, cfg api.VatConfig) (vatID, root string, err error) {
	vatID = "v" + strconv.Itoa(k.st.incCounter(keyNextVatID))
	k.st.set("e.nextObjectId."+vatID, "1")
	k.st.set("e.nextPromiseId."+vatID, "1")
	k.st.set(prefixVatConfig+vatID, mustJSON(cfg))
	if err := k.startVat(ctx, vatID, cfg); err != nil {
		return "", "", fmt.Errorf("Failed to launch vat %s (%s): %w", vatID, name, err)
	}
	root = k.exportFromEndpoint(vatID, "o+0")
	k.incRef(root) // the owner's hold on its root
	k.addSubclusterVat(subclusterID, name, vatID)
	return vatID, root, nil
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
