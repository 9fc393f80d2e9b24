package kernel

import (
	"fmt"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/vat"
)

// exitRequest is a vat's exit syscall.
type exitRequest struct {
	failure bool
	info    api.CapData
}

// syscall applies one syscall of vat vatID. An error makes it illegal: the
// delivery is aborted and the vat terminated.
func (k *Kernel) syscall(vatID string, sc vat.Syscall, exit **exitRequest) error {
	switch sc.Kind {
	case vat.SyscallSend:
		target, err := k.translateEtoK(vatID, sc.Target)
		if err != nil {
			return fmt.Errorf("send target: %w", err)
		}
		slots, err := k.translateSlotsEtoK(vatID, sc.Message.Methargs.Slots)
		if err != nil {
			return fmt.Errorf("send slots: %w", err)
		}
		msg := message{Methargs: api.CapData{Body: sc.Message.Methargs.Body, Slots: slots}}
		if sc.Message.Result != "" {
			kind, err := parseVref(sc.Message.Result)
			if err != nil || kind.typ != 'p' {
				return fmt.Errorf("send result %q is not a promise reference", sc.Message.Result)
			}
			kpid, err := k.translateEtoK(vatID, sc.Message.Result)
			if err != nil {
				return fmt.Errorf("send result: %w", err)
			}
			if k.promiseState(kpid) != stateUnresolved || k.st.getString(keyDecider(kpid)) != vatID {
				return fmt.Errorf("send result %s (%s) is not an unresolved promise decided by %s", sc.Message.Result, kpid, vatID)
			}
			msg.Result = &kpid
		}
		k.enqueueSend(target, msg)
	case vat.SyscallSubscribe:
		kpid, err := k.translateEtoK(vatID, sc.VPID)
		if err != nil || !isPromiseKref(kpid) {
			return fmt.Errorf("subscribe to %q: not a promise", sc.VPID)
		}
		if k.promiseState(kpid) == stateUnresolved {
			k.addSubscriber(kpid, vatID)
		} else {
			k.enqueueNotify(vatID, kpid)
		}
	case vat.SyscallResolve:
		// The whole call is translated first: its resolutions may name
		// each other (p1 resolved to p2, p2 to p1), and a vpid is retired
		// only once all of them are settled.
		rs := make([]resolution, len(sc.Resolutions))
		for i, r := range sc.Resolutions {
			kpid, ok := k.clistKref(vatID, r.VPID)
			if !ok || !isPromiseKref(kpid) {
				return fmt.Errorf("resolve %q: unknown promise", r.VPID)
			}
			slots, err := k.translateSlotsEtoK(vatID, r.Data.Slots)
			if err != nil {
				return fmt.Errorf("resolve %s: %w", r.VPID, err)
			}
			rs[i] = resolution{kpid: kpid, rejected: r.Rejected, data: api.CapData{Body: r.Data.Body, Slots: slots}}
		}
		for _, r := range rs {
			if err := k.resolvePromise(vatID, r); err != nil {
				return err
			}
		}
		for i, r := range rs {
			// The resolver is done with the promise: its vpid is retired.
			k.deleteCList(vatID, r.kpid, sc.Resolutions[i].VPID)
		}
	case vat.SyscallExit:
		slots, err := k.translateSlotsEtoK(vatID, sc.Info.Slots)
		if err != nil {
			return fmt.Errorf("exit info: %w", err)
		}
		*exit = &exitRequest{failure: sc.IsFailure, info: api.CapData{Body: sc.Info.Body, Slots: slots}}
	case vat.SyscallDropImports:
		for _, vref := range sc.Refs {
			kref, reachable, err := k.importedObject(vatID, vref)
			if err != nil {
				return fmt.Errorf("dropImports: %w", err)
			}
			if reachable {
				k.setReachableFlag(vatID, kref, vref, false)
				k.decReachable(kref)
			}
		}
	case vat.SyscallRetireImports:
		for _, vref := range sc.Refs {
			kref, reachable, err := k.importedObject(vatID, vref)
			if err != nil {
				return fmt.Errorf("retireImports: %w", err)
			}
			if reachable {
				return fmt.Errorf("retireImports but %s is still reachable", kref)
			}
			k.deleteCList(vatID, kref, vref)
		}
	case vat.SyscallRetireExports, vat.SyscallAbandonExports:
		for _, vref := range sc.Refs {
			kind, err := parseVref(vref)
			if err != nil || kind.typ != 'o' || !kind.export {
				return fmt.Errorf("%s: %q is not an object export", sc.Kind, vref)
			}
			kref, ok := k.clistKref(vatID, vref)
			if !ok {
				return fmt.Errorf("%s: %q is not exported", sc.Kind, vref)
			}
			if sc.Kind == vat.SyscallRetireExports {
				if r, _ := k.objectRefCount(kref); r != 0 {
					return fmt.Errorf("retireExports but %s is still reachable", kref)
				}
			}
			k.orphanExport(vatID, kref, vref)
		}
	default:
		return fmt.Errorf("vat %s issued invalid syscall %s", vatID, sc.Kind)
	}
	return nil
}

func (k *Kernel) importedObject(vatID, vref string) (kref string, reachable bool, err error) {
	kind, err := parseVref(vref)
	if err != nil || kind.typ != 'o' || kind.export {
		return "", false, fmt.Errorf("%q is not an object import", vref)
	}
	kref, ok := k.clistKref(vatID, vref)
	if !ok {
		return "", false, fmt.Errorf("%q is not imported by %s", vref, vatID)
	}
	_, reachable, _ = k.clistEref(vatID, kref)
	return kref, reachable, nil
}

// orphanExport removes an export from its owner: importers keep a dead
// reference until GC retires it from them.
func (k *Kernel) orphanExport(owner, kref, vref string) {
	k.st.del(keyCList(owner, kref))
	k.st.del(keyCList(owner, vref))
	k.st.del(keyOwner(kref))
	k.maybeFree[kref] = struct{}{}
}
