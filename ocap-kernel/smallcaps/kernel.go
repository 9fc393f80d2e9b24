package smallcaps

import "strings"

// kernelEncoder is kser's marshal: errorTagging 'off', slots are krefs of
// KSlot standins.
var kernelEncoder = &Encoder{mode: ErrorIDsOmit, kernel: true}

// IsKRef reports whether s is a kernel reference, /^k[op]\d+$/ as upstream
// checks it (so non-canonical forms such as "ko04" are accepted).
func IsKRef(s string) bool {
	if len(s) < 3 || s[0] != 'k' || (s[1] != 'o' && s[1] != 'p') {
		return false
	}
	for i := 2; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func invalidKRef(rendered string) error {
	return newError("Error", "not a valid KRef: "+rendered)
}

// KSlot returns the standin for kref that KSer encodes into a slot, like
// upstream kslot(kref, iface): a promise for "kp…", otherwise a remotable
// whose interface is "Alleged: "+iface, where a leading "Alleged: " in
// iface is dropped and "" means the default "undefined". It fails with
// `not a valid KRef: "<kref>"` if kref is not a kref.
func KSlot(kref, iface string) (*Ref, error) {
	if !IsKRef(kref) {
		return nil, invalidKRef(quote(kref))
	}
	if iface == "" {
		iface = "undefined"
	}
	return kslot(kref, iface), nil
}

// MustKSlot is KSlot for krefs the kernel itself produced; it panics if
// kref is not a valid kref.
func MustKSlot(kref, iface string) *Ref {
	r, err := KSlot(kref, iface)
	if err != nil {
		panic(err)
	}
	return r
}

func kslot(kref, iface string) *Ref {
	if kref[1] == 'p' {
		return &Ref{Slot: kref, Promise: true, standin: true}
	}
	return &Ref{Slot: kref, Iface: "Alleged: " + strings.TrimPrefix(iface, "Alleged: "), standin: true}
}

// KrefOf returns the kref carried by a standin made by KSlot or KUnser.
// Other values, including *Ref values not made by those functions, give
// ("", false), as upstream krefOf rejects objects kslot did not create.
func KrefOf(v any) (string, bool) {
	if r, ok := v.(*Ref); ok && r != nil && r.standin {
		return r.Slot, true
	}
	return "", false
}

// KSer serializes a kernel-space value (upstream kser): errors carry no
// errorId, and every remotable or promise must be a standin from KSlot or
// KUnser; others fail with upstream's texts ("object lacks getKref
// function", "promise lacks own @@toStringTag property").
func KSer(v any) (CapData, error) { return kernelEncoder.Encode(v) }

// KUnser deserializes kernel-space CapData (upstream kunser). Each slot
// that the body references must be a kref and becomes a KSlot standin
// (one per slot index); the kref decides remotable versus promise, and an
// encoding that disagrees is rejected, as upstream does. Other slots fail
// with `not a valid KRef: "<slot>"`.
func KUnser(cd CapData) (any, error) {
	return decodeCapData(cd, kunserSlot)
}

func kunserSlot(r slotRef) (any, bool, error) {
	if !r.inRange {
		return nil, false, invalidKRef(`"[undefined]"`)
	}
	if !IsKRef(r.slot) {
		return nil, false, invalidKRef(quote(r.slot))
	}
	iface := r.iface
	if !r.hasIface {
		iface = "undefined"
	}
	ref := kslot(r.slot, iface)
	return ref, ref.Promise, nil
}

// MakeError returns the kernel's serialized error for msg (upstream
// makeError): #{"#error":msg,"name":"Error"}.
func MakeError(msg string) CapData {
	// Encoding an *Error cannot fail.
	cd, _ := KSer(&Error{Name: "Error", Message: msg})
	return cd
}

// MakeKernelError returns an expected kernel error with a machine-readable
// code, message "[KERNEL:<code>] <detail>" (upstream makeKernelError).
func MakeKernelError(code, detail string) CapData {
	return MakeError("[KERNEL:" + code + "] " + detail)
}

// MakeFatalKernelError returns a fatal kernel error, message
// "[KERNEL:VAT_FATAL:<code>] <detail>" (upstream makeFatalKernelError).
func MakeFatalKernelError(code, detail string) CapData {
	return MakeError("[KERNEL:VAT_FATAL:" + code + "] " + detail)
}

// ExtractSingleRef returns the kref if cd decodes (with KUnser) to a single
// remotable or promise, as upstream extractSingleRef; it returns ("",
// false) for any other value or undecodable data.
func ExtractSingleRef(cd CapData) (string, bool) {
	v, err := KUnser(cd)
	if err != nil {
		return "", false
	}
	return KrefOf(v)
}

// MethArgs serializes a message's method and arguments, [method, args], as
// the kernel queues it. A nil args encodes as [].
func MethArgs(method string, args []any) (CapData, error) {
	if args == nil {
		args = []any{}
	}
	return KSer([]any{method, args})
}

// DecodeMethArgs decodes CapData built by MethArgs (or a vat's send),
// returning the method name and arguments. The body must decode to a
// two-element array of a string and an array.
func DecodeMethArgs(cd CapData) (method string, args []any, err error) {
	v, err := KUnser(cd)
	if err != nil {
		return "", nil, err
	}
	arr, ok := v.([]any)
	if ok && len(arr) == 2 {
		m, mok := arr[0].(string)
		a, aok := arr[1].([]any)
		if mok && aok {
			return m, a, nil
		}
	}
	return "", nil, newError("Error", "methargs must be [method, args], got "+cd.Body)
}
