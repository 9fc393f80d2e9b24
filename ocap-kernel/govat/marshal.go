package govat

import (
	"fmt"
	"strconv"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/smallcaps"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/vat"
)

// marshal encodes a vat value: objects, presences and promises become
// slots (exporting objects and promises on first use).
func (v *Vat) marshal(val any) (api.CapData, error) {
	refs := make(map[any]*smallcaps.Ref)
	conv, err := v.toPassable(val, refs)
	if err != nil {
		return api.CapData{}, err
	}
	return smallcaps.Encode(conv)
}

func (v *Vat) toPassable(val any, refs map[any]*smallcaps.Ref) (any, error) {
	switch x := val.(type) {
	case *Object:
		if r := refs[x]; r != nil {
			return r, nil
		}
		vref, ok := v.exportVrefs[x]
		if !ok {
			vref = "o+" + strconv.Itoa(v.nextExport)
			v.nextExport++
			v.exports[vref] = x
			v.exportVrefs[x] = vref
		}
		r := &smallcaps.Ref{Slot: vref, Iface: x.iface}
		refs[x] = r
		return r, nil
	case *Presence:
		if r := refs[x]; r != nil {
			return r, nil
		}
		r := &smallcaps.Ref{Slot: x.vref, Iface: x.iface}
		refs[x] = r
		return r, nil
	case *Promise:
		if r := refs[x]; r != nil {
			return r, nil
		}
		_, known := v.promiseIDs[x]
		vpid := v.exportPromise(x)
		if !known && vpid[1] == '+' {
			// This vat decides the new vpid: resolve it when x settles.
			x.then(func(val any, err error) {
				if _, still := v.promises[vpid]; still {
					v.resolve(vpid, val, err)
				}
			})
		}
		r := &smallcaps.Ref{Slot: vpid, Promise: true}
		refs[x] = r
		return r, nil
	case error:
		if se, ok := x.(*smallcaps.Error); ok {
			return se, nil
		}
		return errorValue(x), nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			c, err := v.toPassable(e, refs)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			c, err := v.toPassable(e, refs)
			if err != nil {
				return nil, err
			}
			out[k] = c
		}
		return out, nil
	default:
		return val, nil
	}
}

// unmarshal decodes a value; slots become presences, own objects and
// promises.
func (v *Vat) unmarshal(cd api.CapData) (any, error) {
	return smallcaps.DecodeWith(cd, func(slot, iface string, isPromise bool) (any, error) {
		switch {
		case len(slot) > 1 && slot[0] == 'p':
			if p := v.promises[slot]; p != nil {
				return p, nil
			}
			p := v.NewPromise()
			v.promises[slot] = p
			v.promiseIDs[p] = slot
			v.syscalls = append(v.syscalls, vat.Syscall{Kind: vat.SyscallSubscribe, VPID: slot})
			return p, nil
		case len(slot) > 1 && slot[:2] == "o+":
			obj := v.exports[slot]
			if obj == nil {
				return nil, fmt.Errorf("vat %s has no export %s", v.id, slot)
			}
			return obj, nil
		case len(slot) > 1 && slot[:2] == "o-":
			if p := v.imports[slot]; p != nil {
				return p, nil
			}
			p := &Presence{vref: slot, iface: iface}
			v.imports[slot] = p
			return p, nil
		default:
			return nil, fmt.Errorf("bad slot %q", slot)
		}
	})
}

func (v *Vat) unmarshalMethargs(cd api.CapData) (string, []any, error) {
	val, err := v.unmarshal(cd)
	if err != nil {
		return "", nil, err
	}
	arr, ok := val.([]any)
	if !ok || len(arr) != 2 {
		return "", nil, fmt.Errorf("methargs is not [method, args]")
	}
	method, ok := arr[0].(string)
	if !ok {
		return "", nil, fmt.Errorf("method name is not a string")
	}
	args, ok := arr[1].([]any)
	if !ok {
		return "", nil, fmt.Errorf("args is not an array")
	}
	return method, args, nil
}
