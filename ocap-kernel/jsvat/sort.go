package jsvat

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"slices"
	"unsafe"

	"modernc.org/libc"
	lib "modernc.org/libquickjs"
	"modernc.org/quickjs"
)

// sorter sorts large arrays for the engine. QuickJS sorts without a
// comparator entirely in native code, where the interrupt that stops a
// runaway delivery (or a vat being terminated) is never checked: a
// 2M-element sort went on for seconds after it. runtime/src/repairs.js
// sends the large sorts here instead; these check the engine's interrupt
// as the engine itself does, and stop within about a millisecond.
//
// The order is the standard's, and so QuickJS's: Array.prototype.sort
// compares the elements' strings by UTF-16 code unit and keeps equal ones
// in their order; a typed array sorts numerically, -0 before +0 and NaN
// last. Go's sort is also faster than the engine's.
type sorter struct {
	eng engine
	ctx uintptr // *lib.TJSContext

	box exceptionBox
}

// What the sort functions answer to repairs.js.
const (
	sortDone        = 0
	sortThrew       = 1 // the exception is in the box
	sortInterrupted = 2 // the engine was interrupted: its own uncatchable interrupt follows at once
	sortMisused     = 3 // called before sortInit, or with the wrong arguments
	sortDeclined    = 4 // not a typed array in bounds: the engine's sort answers
)

// errSortInterrupted is what a sort stopped by the interrupt panics with.
var errSortInterrupted = errors.New("interrupted")

// interruptCheckEvery is how many comparisons (or conversions) pass
// between two looks at the interrupt: about a millisecond's work.
const interruptCheckEvery = 1 << 14

func newSorter(eng engine, ctx uintptr) *sorter { return &sorter{eng: eng, ctx: ctx} }

// register installs the host functions repairs.js captures before SES
// loads.
func (s *sorter) register(vm *quickjs.VM) error {
	fns := map[string]any{
		"__ocap_sortInit":       s.init,
		"__ocap_isArray":        s.isArray,
		"__ocap_interrupted":    s.interrupted,
		"__ocap_sortArray":      s.sortArray,
		"__ocap_sortTypedArray": s.sortTypedArray,
	}
	for name, fn := range fns {
		if err := vm.RegisterFunc(name, fn, false); err != nil {
			return err
		}
	}
	return nil
}

func (s *sorter) free(v lib.TJSValue) { lib.XFreeValue(s.eng.tls, s.ctx, v) }

// init receives the box exceptions are left in. It answers false if it
// cannot take it.
func (s *sorter) init(box quickjs.Value) bool {
	return s.box.hold(s.eng, s.ctx, rawValue(&box))
}

// close releases the box; the realm is being closed.
func (s *sorter) close() { s.box.release() }

// pending moves the engine's pending exception to the box.
func (s *sorter) pending() int32 {
	s.box.catch()
	return sortThrew
}

// interrupted asks the engine's interrupt handler, as the engine does
// between two operations, whether JavaScript must stop: an Interrupt
// request or the call's deadline.
func (s *sorter) interrupted() bool {
	rt := s.eng.runtime()
	if rt.Finterrupt_handler == 0 {
		return false
	}
	handler := *(*func(*libc.TLS, uintptr, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{rt.Finterrupt_handler}))
	if handler(s.eng.tls, s.eng.rt, rt.Finterrupt_opaque) == 0 {
		return false
	}
	// The engine checks its handler only every so many operations; make
	// its next operation check, so that its uncatchable interrupt follows
	// the error this sort throws at once.
	(*lib.TJSContext)(cPointer(s.ctx)).Finterrupt_counter = 1
	return true
}

// checkedCompare wraps a comparison so that it panics with
// errSortInterrupted once the engine is interrupted; sortInterruptibly
// recovers it.
func checkedCompare[E any](s *sorter, compare func(a, b E) int) func(a, b E) int {
	n := 0
	return func(a, b E) int {
		if n++; n == interruptCheckEvery {
			n = 0
			if s.interrupted() {
				panic(errSortInterrupted)
			}
		}
		return compare(a, b)
	}
}

// sortInterruptibly sorts x with compare, checking the interrupt; it
// answers false if the interrupt stopped it.
func sortInterruptibly[E any](s *sorter, x []E, compare func(a, b E) int) (done bool) {
	defer func() {
		if p := recover(); p != nil {
			if p != errSortInterrupted { //nolint:errorlint // the exact sentinel panicked with
				panic(p)
			}
			done = false
		}
	}()
	slices.SortFunc(x, checkedCompare(s, compare))
	return true
}

// isArray answers whether v is an Array itself (not a proxy of one), whose
// elements and length can be read without running any code of the vat's.
func (s *sorter) isArray(v quickjs.Value) bool {
	raw := rawValue(&v)
	return isObject(raw) && (*lib.TJSObject)(cPointer(objectPtr(raw))).Fclass_id == lib.EJS_CLASS_ARRAY
}

// typedArrayBytes answers the bytes a typed array views, its element kind
// (its class), and false for anything else, or an array out of bounds.
func (s *sorter) typedArrayBytes(v lib.TJSValue) (data unsafe.Pointer, n int, class uint16, ok bool) {
	if !isObject(v) || !isTypedArray(v) {
		return nil, 0, 0, false
	}
	tls := s.eng.tls
	out := tls.Alloc(32)
	defer tls.Free(32)
	offset, length, per, size := out, out+8, out+16, out+24
	buf := lib.XJS_GetTypedArrayBuffer(tls, s.ctx, v, offset, length, per)
	if isException(buf) {
		s.free(lib.XJS_GetException(tls, s.ctx))
		return nil, 0, 0, false
	}
	defer s.free(buf)
	base := lib.XJS_GetArrayBuffer(tls, s.ctx, size, buf)
	if base == 0 { // detached
		s.free(lib.XJS_GetException(tls, s.ctx))
		return nil, 0, 0, false
	}
	off, ln, el, sz := *(*uint64)(cPointer(offset)), *(*uint64)(cPointer(length)), *(*uint64)(cPointer(per)), *(*uint64)(cPointer(size))
	if el == 0 || off+ln > sz || ln%el != 0 {
		return nil, 0, 0, false
	}
	class = (*lib.TJSObject)(cPointer(objectPtr(v))).Fclass_id
	return cPointer(base + uintptr(off)), int(ln / el), class, true
}

// sortTypedArray sorts a typed array in place as
// %TypedArray%.prototype.sort does without a comparator and answers
// sortDone (or sortInterrupted). It answers sortDeclined, having done
// nothing, for anything that is not a typed array in bounds: the engine's
// own sort then answers as the standard says. The elements are sorted by their bits: integers as
// such, floats by a key that orders them as numbers, -0 before +0, every
// NaN last.
func (s *sorter) sortTypedArray(v quickjs.Value) int32 {
	data, n, class, ok := s.typedArrayBytes(rawValue(&v))
	if !ok {
		return sortDeclined
	}
	var done bool
	switch class {
	case lib.EJS_CLASS_UINT8C_ARRAY, lib.EJS_CLASS_UINT8_ARRAY:
		done = sortInterruptibly(s, unsafe.Slice((*uint8)(data), n), cmp.Compare[uint8])
	case lib.EJS_CLASS_INT8_ARRAY:
		done = sortInterruptibly(s, unsafe.Slice((*int8)(data), n), cmp.Compare[int8])
	case lib.EJS_CLASS_INT16_ARRAY:
		done = sortInterruptibly(s, unsafe.Slice((*int16)(data), n), cmp.Compare[int16])
	case lib.EJS_CLASS_UINT16_ARRAY:
		done = sortInterruptibly(s, unsafe.Slice((*uint16)(data), n), cmp.Compare[uint16])
	case lib.EJS_CLASS_INT32_ARRAY:
		done = sortInterruptibly(s, unsafe.Slice((*int32)(data), n), cmp.Compare[int32])
	case lib.EJS_CLASS_UINT32_ARRAY:
		done = sortInterruptibly(s, unsafe.Slice((*uint32)(data), n), cmp.Compare[uint32])
	case lib.EJS_CLASS_BIG_INT64_ARRAY:
		done = sortInterruptibly(s, unsafe.Slice((*int64)(data), n), cmp.Compare[int64])
	case lib.EJS_CLASS_BIG_UINT64_ARRAY:
		done = sortInterruptibly(s, unsafe.Slice((*uint64)(data), n), cmp.Compare[uint64])
	case lib.EJS_CLASS_FLOAT16_ARRAY:
		done = sortInterruptibly(s, unsafe.Slice((*uint16)(data), n), func(a, b uint16) int {
			return cmp.Compare(floatKey(uint64(a), 1<<15, 0x7c00), floatKey(uint64(b), 1<<15, 0x7c00))
		})
	case lib.EJS_CLASS_FLOAT32_ARRAY:
		done = sortInterruptibly(s, unsafe.Slice((*uint32)(data), n), func(a, b uint32) int {
			return cmp.Compare(floatKey(uint64(a), 1<<31, 0x7f800000), floatKey(uint64(b), 1<<31, 0x7f800000))
		})
	case lib.EJS_CLASS_FLOAT64_ARRAY:
		done = sortInterruptibly(s, unsafe.Slice((*uint64)(data), n), func(a, b uint64) int {
			return cmp.Compare(floatKey(a, 1<<63, 0x7ff0000000000000), floatKey(b, 1<<63, 0x7ff0000000000000))
		})
	default:
		return sortDeclined
	}
	if !done {
		return sortInterrupted
	}
	return sortDone
}

// floatKey maps the bits of an IEEE float (whose sign bit and exponent
// bits are given) to an unsigned key in the order of the numbers, -0 just
// before +0; every NaN maps to the largest key.
func floatKey(bits, sign, exponent uint64) uint64 {
	mask := sign | (sign - 1)
	if bits&^sign > exponent { // all exponent bits and a mantissa: NaN
		return mask
	}
	if bits&sign != 0 {
		return ^bits & mask
	}
	return bits | sign
}

// sortEntry is one value being sorted: its string, as CESU-8 in the
// engine's memory (each UTF-16 code unit on its own, so that comparing the
// bytes compares the code units, as the standard's string order does),
// and its place among the values. prefix holds the string's first eight
// bytes, zero-padded, so that most comparisons stay in the entries.
type sortEntry struct {
	prefix uint64
	key    uintptr
	n      uint32
	idx    uint32
}

func (e *sortEntry) bytes() []byte {
	if e.n == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(cPointer(e.key)), e.n)
}

func compareEntries(a, b sortEntry) int {
	if a.prefix != b.prefix {
		return cmp.Compare(a.prefix, b.prefix)
	}
	if c := bytes.Compare(a.bytes(), b.bytes()); c != 0 {
		return c
	}
	// Equal strings keep their order: the index decides, which makes the
	// order total and the sort stable.
	return cmp.Compare(a.idx, b.idx)
}

// arrayLength reads an Array's length, a number from 0 to 2^32-1.
func arrayLength(v lib.TJSValue) (int, bool) {
	switch v.Ftag {
	case int64(lib.EJS_TAG_INT):
		n := *(*int32)(unsafe.Pointer(&v.Fu))
		return int(n), n >= 0
	case int64(lib.EJS_TAG_FLOAT64):
		f := *(*float64)(unsafe.Pointer(&v.Fu))
		return int(f), f >= 0 && f <= 1<<32-1 && f == float64(uint32(f))
	}
	return 0, false
}

// engineSlice is a slice in memory allocated from the vat's heap, which
// counts against its memory cap.
func engineSlice[E any](s *sorter, n int) ([]E, uintptr) {
	var zero E
	p := lib.Xjs_malloc(s.eng.tls, s.ctx, uint64(n)*uint64(unsafe.Sizeof(zero)))
	if p == 0 {
		return nil, 0
	}
	return unsafe.Slice((*E)(cPointer(p)), n), p
}

// sortArray sorts the first length elements of the Array src as
// Array.prototype.sort does without a comparator, checking the interrupt
// as it goes. With dst src, it is sort: the elements present are read
// (has, then get), those that are not undefined sorted by their strings
// (each converted once, in order), and written back, then the undefined
// ones, and the rest deleted. With dst another (new, empty) Array, it is
// toSorted: every element is read, holes as undefined, and dst is filled.
// It answers sortDone, sortThrew or sortInterrupted (or sortMisused).
func (s *sorter) sortArray(srcValue, dstValue, lengthValue quickjs.Value) int32 {
	src, dst := rawValue(&srcValue), rawValue(&dstValue)
	n, ok := arrayLength(rawValue(&lengthValue))
	if !s.box.held || !ok || !s.isArray(srcValue) || !s.isArray(dstValue) {
		return sortMisused
	}
	inPlace := objectPtr(src) == objectPtr(dst)
	tls := s.eng.tls

	if n == 0 {
		return sortDone
	}
	values, valuesMem := engineSlice[lib.TJSValue](s, n)
	if valuesMem == 0 {
		return s.pending() // out of memory
	}
	entries, entriesMem := engineSlice[sortEntry](s, n)
	if entriesMem == 0 {
		lib.Xjs_free(tls, s.ctx, valuesMem)
		return s.pending()
	}
	held, keyed := 0, 0 // values[:held] are held; entries[:keyed] hold keys
	defer func() {
		for i := range keyed {
			lib.XJS_FreeCString(tls, s.ctx, entries[i].key)
		}
		for _, v := range values[:held] {
			s.free(v)
		}
		lib.Xjs_free(tls, s.ctx, valuesMem)
		lib.Xjs_free(tls, s.ctx, entriesMem)
	}()

	// Read.
	undefinedCount := 0
	for i := range n {
		if i%interruptCheckEvery == interruptCheckEvery-1 && s.interrupted() {
			return sortInterrupted
		}
		if inPlace {
			atom := lib.XJS_NewAtomUInt32(tls, s.ctx, uint32(i))
			has := lib.XJS_HasProperty(tls, s.ctx, src, atom)
			lib.XJS_FreeAtom(tls, s.ctx, atom)
			if has < 0 {
				return s.pending()
			}
			if has == 0 {
				continue
			}
		}
		v := lib.XJS_GetPropertyUint32(tls, s.ctx, src, uint32(i))
		switch {
		case isException(v):
			return s.pending()
		case v.Ftag == int64(lib.EJS_TAG_UNDEFINED):
			undefinedCount++
		default:
			values[held] = v
			held++
		}
	}

	// Convert, in order.
	plen := tls.Alloc(8)
	defer tls.Free(8)
	for i, v := range values[:held] {
		if i%interruptCheckEvery == interruptCheckEvery-1 && s.interrupted() {
			return sortInterrupted
		}
		p := lib.XJS_ToCStringLen2(tls, s.ctx, plen, v, 1)
		if p == 0 {
			return s.pending()
		}
		e := sortEntry{key: p, n: uint32(*(*uint64)(cPointer(plen))), idx: uint32(i)}
		var prefix [8]byte
		copy(prefix[:], e.bytes())
		e.prefix = binary.BigEndian.Uint64(prefix[:])
		entries[i] = e
		keyed++
	}

	if !sortInterruptibly(s, entries[:held], compareEntries) {
		return sortInterrupted
	}

	// Write. Each value goes to the engine once; what is not written yet
	// is still held, and freed on the way out.
	k := 0
	for ; k < held; k++ {
		if k%interruptCheckEvery == interruptCheckEvery-1 && s.interrupted() {
			return sortInterrupted
		}
		idx := entries[k].idx
		v := values[idx]
		values[idx] = undefinedValue
		if lib.XJS_SetPropertyUint32(tls, s.ctx, dst, uint32(k), v) < 0 {
			return s.pending()
		}
	}
	for end := k + undefinedCount; k < end; k++ {
		if lib.XJS_SetPropertyUint32(tls, s.ctx, dst, uint32(k), undefinedValue) < 0 {
			return s.pending()
		}
	}
	for ; inPlace && k < n; k++ {
		if k%interruptCheckEvery == interruptCheckEvery-1 && s.interrupted() {
			return sortInterrupted
		}
		atom := lib.XJS_NewAtomUInt32(tls, s.ctx, uint32(k))
		ok := lib.XJS_DeleteProperty(tls, s.ctx, dst, atom, int32(lib.MJS_PROP_THROW))
		lib.XJS_FreeAtom(tls, s.ctx, atom)
		if ok < 0 {
			return s.pending()
		}
	}
	return sortDone
}
