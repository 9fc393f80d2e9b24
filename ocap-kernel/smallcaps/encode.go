package smallcaps

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// ErrorIDMode selects what an Encoder writes as an error's "errorId".
type ErrorIDMode int

const (
	// ErrorIDsKeep writes Error.ErrorID when it is set, so Decode followed
	// by Encode reproduces canonical bodies exactly. Package-level Encode
	// uses it.
	ErrorIDsKeep ErrorIDMode = iota
	// ErrorIDsOmit never writes errorId, like a marshal created with
	// errorTagging 'off' (the kernel's kser).
	ErrorIDsOmit
	// ErrorIDsAssign gives every encoded error a fresh id
	// "error:<marshalName>#<n>", ignoring Error.ErrorID, like Endo's
	// default errorTagging 'on' (liveslots uses marshalName "liveSlots:<vatId>").
	ErrorIDsAssign
)

// Default marshal options of @endo/marshal's makeMarshal.
const (
	DefaultMarshalName = "anon-marshal"
	DefaultErrorIDNum  = 10000
)

// Encoder serializes values to smallcaps CapData. An Encoder is safe for
// concurrent use; with ErrorIDsAssign its errorId counter is shared by all
// calls and never resets, exactly like one JavaScript marshal instance.
// The zero Encoder behaves like package-level Encode (ErrorIDsKeep).
type Encoder struct {
	mode        ErrorIDMode
	marshalName string
	errorIDNum  atomic.Uint64
	kernel      bool // KSer: refs must be KSlot standins
}

// NewEncoder returns an Encoder using mode. ErrorIDsAssign numbers errors
// as Endo's default marshal does (DefaultMarshalName, counter starting
// after DefaultErrorIDNum); use NewTaggingEncoder to choose both.
func NewEncoder(mode ErrorIDMode) *Encoder {
	e := &Encoder{mode: mode, marshalName: DefaultMarshalName}
	e.errorIDNum.Store(DefaultErrorIDNum)
	return e
}

// NewTaggingEncoder returns an ErrorIDsAssign Encoder equivalent to
// makeMarshal(…, {marshalName, errorIdNum}): its first error gets
// "error:<marshalName>#<errorIDNum+1>". Liveslots uses
// NewTaggingEncoder("liveSlots:"+vatID, 70000).
func NewTaggingEncoder(marshalName string, errorIDNum uint64) *Encoder {
	e := &Encoder{mode: ErrorIDsAssign, marshalName: marshalName}
	e.errorIDNum.Store(errorIDNum)
	return e
}

var defaultEncoder = NewEncoder(ErrorIDsKeep)

// Encode serializes v with ErrorIDsKeep. It fails with a *CodecError for
// values that are not passable (see the package documentation for the
// accepted Go types).
func Encode(v any) (CapData, error) { return defaultEncoder.Encode(v) }

// Encode serializes v. Slots is never nil.
func (e *Encoder) Encode(v any) (CapData, error) {
	st := encodePool.Get().(*encodeState)
	defer st.release()
	st.enc = e
	st.buf = append(st.buf[:0], '#')
	if err := st.value(v); err != nil {
		return CapData{}, err
	}
	cd := CapData{Body: string(st.buf), Slots: []string{}}
	if len(st.slots) > 0 {
		cd.Slots = slices.Clone(st.slots)
	}
	return cd, nil
}

// encodeState is the pooled scratch space of one Encode call.
type encodeState struct {
	enc      *Encoder
	buf      []byte
	slots    []string
	refs     []*Ref
	refIndex map[*Ref]int
	keys     []string
	depth    int
}

var encodePool = sync.Pool{New: func() any { return &encodeState{buf: make([]byte, 0, 256)} }}

// refMapThreshold is the number of distinct refs above which slot lookup
// switches from a linear scan to a map.
const refMapThreshold = 16

func (st *encodeState) release() {
	const maxRetain = 1 << 16
	if cap(st.buf) > maxRetain || cap(st.refs) > maxRetain || cap(st.keys) > maxRetain {
		return
	}
	clear(st.slots)
	clear(st.refs)
	clear(st.keys)
	st.slots = st.slots[:0]
	st.refs = st.refs[:0]
	st.keys = st.keys[:0]
	st.refIndex = nil
	st.depth = 0
	st.enc = nil
	encodePool.Put(st)
}

func notPassable(v any) error {
	return &CodecError{
		Name:    "Error",
		Message: fmt.Sprintf("cannot encode Go value of type %T: not passable", v),
		err:     ErrNotPassable,
	}
}

func (st *encodeState) enter() error {
	st.depth++
	if st.depth > MaxDepth {
		return stackOverflowError()
	}
	return nil
}

func (st *encodeState) value(v any) error {
	switch x := v.(type) {
	case nil:
		st.buf = append(st.buf, "null"...)
	case bool:
		if x {
			st.buf = append(st.buf, "true"...)
		} else {
			st.buf = append(st.buf, "false"...)
		}
	case string:
		st.str(x)
	case float64:
		st.num(x)
	case int:
		st.num(float64(x))
	case int64:
		st.num(float64(x))
	case int32:
		st.num(float64(x))
	case int16:
		st.num(float64(x))
	case int8:
		st.num(float64(x))
	case uint:
		st.num(float64(x))
	case uint64:
		st.num(float64(x))
	case uint32:
		st.num(float64(x))
	case uint16:
		st.num(float64(x))
	case uint8:
		st.num(float64(x))
	case uintptr:
		st.num(float64(x))
	case float32:
		st.num(float64(x))
	case *big.Int:
		if x == nil {
			return notPassable(v)
		}
		st.buf = append(st.buf, '"')
		if x.Sign() >= 0 {
			st.buf = append(st.buf, '+')
		}
		st.buf = x.Append(st.buf, 10)
		st.buf = append(st.buf, '"')
	case undefinedValue:
		st.buf = append(st.buf, `"#undefined"`...)
	case Symbol:
		return st.symbol(x)
	case *Symbol:
		if x == nil {
			return notPassable(v)
		}
		return st.symbol(*x)
	case []any:
		return st.array(x)
	case []string:
		if err := st.enter(); err != nil {
			return err
		}
		st.buf = append(st.buf, '[')
		for i, s := range x {
			if i > 0 {
				st.buf = append(st.buf, ',')
			}
			st.str(s)
		}
		st.buf = append(st.buf, ']')
		st.depth--
	case map[string]any:
		return st.record(x)
	case Tagged:
		return st.tagged(x.Tag, x.Payload)
	case *Tagged:
		if x == nil {
			return notPassable(v)
		}
		return st.tagged(x.Tag, x.Payload)
	case *Error:
		if x == nil {
			return notPassable(v)
		}
		st.error(x)
	case Error:
		st.error(&x)
	case *Ref:
		if x == nil {
			return notPassable(v)
		}
		return st.ref(x)
	default:
		return notPassable(v)
	}
	return nil
}

// str appends a string, prefixing '!' when it starts with one of the
// special characters '!' through '-'.
func (st *encodeState) str(s string) {
	if s != "" && s[0] >= '!' && s[0] <= '-' {
		st.buf = append(st.buf, '"', '!')
		st.buf = appendJSONStringBody(st.buf, s)
		st.buf = append(st.buf, '"')
		return
	}
	st.buf = AppendJSONString(st.buf, s)
}

func (st *encodeState) num(f float64) {
	switch {
	case f != f:
		st.buf = append(st.buf, `"#NaN"`...)
	case math.IsInf(f, 1):
		st.buf = append(st.buf, `"#Infinity"`...)
	case math.IsInf(f, -1):
		st.buf = append(st.buf, `"#-Infinity"`...)
	default:
		st.buf = AppendNumber(st.buf, f)
	}
}

func (st *encodeState) symbol(s Symbol) error {
	if !passableSymbolName(s.Name) {
		return &CodecError{
			Name:    "Error",
			Message: "Only registered symbols or well-known symbols are passable: " + replaced(s.String()),
			err:     ErrNotPassable,
		}
	}
	st.buf = append(st.buf, '"', '%')
	st.buf = appendJSONStringBody(st.buf, s.Name)
	st.buf = append(st.buf, '"')
	return nil
}

// passableSymbolName reports whether name is what Endo's
// nameForPassableSymbol gives for some passable symbol: a registered key
// not starting with "@@", "@@" + a registered key starting with "@@", or
// "@@" + the name of a well-known symbol. (Decoding is not the inverse for
// names with line terminators, whose "@@" forms JavaScript's regexps do not
// match; Endo encodes them all the same.)
func passableSymbolName(name string) bool {
	if !strings.HasPrefix(name, "@@") || strings.HasPrefix(name, "@@@@") {
		return true
	}
	return wellKnownSymbols[name[2:]]
}

func (st *encodeState) array(a []any) error {
	if err := st.enter(); err != nil {
		return err
	}
	st.buf = append(st.buf, '[')
	for i, v := range a {
		if i > 0 {
			st.buf = append(st.buf, ',')
		}
		if err := st.value(v); err != nil {
			return err
		}
	}
	st.buf = append(st.buf, ']')
	st.depth--
	return nil
}

func (st *encodeState) record(m map[string]any) error {
	if err := st.enter(); err != nil {
		return err
	}
	mark := len(st.keys)
	for k := range m {
		st.keys = append(st.keys, k)
	}
	end := len(st.keys)
	slices.SortFunc(st.keys[mark:end], compareRecordKeys)
	st.buf = append(st.buf, '{')
	for i := mark; i < end; i++ {
		if i > mark {
			st.buf = append(st.buf, ',')
		}
		k := st.keys[i]
		st.str(k)
		st.buf = append(st.buf, ':')
		if err := st.value(m[k]); err != nil {
			return err
		}
	}
	st.buf = append(st.buf, '}')
	clear(st.keys[mark:end])
	st.keys = st.keys[:mark]
	st.depth--
	return nil
}

func (st *encodeState) tagged(tag string, payload any) error {
	if err := st.enter(); err != nil {
		return err
	}
	st.buf = append(st.buf, `{"#tag":`...)
	st.str(tag)
	st.buf = append(st.buf, `,"payload":`...)
	if err := st.value(payload); err != nil {
		return err
	}
	st.buf = append(st.buf, '}')
	st.depth--
	return nil
}

func (st *encodeState) error(e *Error) {
	st.buf = append(st.buf, `{"#error":`...)
	st.str(e.Message)
	switch st.enc.mode {
	case ErrorIDsKeep:
		if e.ErrorID != "" {
			st.buf = append(st.buf, `,"errorId":`...)
			st.str(e.ErrorID)
		}
	case ErrorIDsAssign:
		n := st.enc.errorIDNum.Add(1)
		// "error:…" never starts with a special character.
		st.buf = append(st.buf, `,"errorId":"error:`...)
		st.buf = appendJSONStringBody(st.buf, st.enc.marshalName)
		st.buf = append(st.buf, '#')
		st.buf = strconv.AppendUint(st.buf, n, 10)
		st.buf = append(st.buf, '"')
	}
	name := e.Name
	if name == "" {
		name = "Error"
	}
	st.buf = append(st.buf, `,"name":`...)
	st.str(name)
	st.buf = append(st.buf, '}')
}

func (st *encodeState) ref(r *Ref) error {
	idx, seen := st.lookupRef(r)
	if !seen {
		if st.enc.kernel && !r.standin {
			// The messages upstream kser gives for objects kslot did not make.
			if r.Promise {
				return newError("Error", "promise lacks own @@toStringTag property")
			}
			return newError("TypeError", "object lacks getKref function")
		}
		idx = len(st.slots)
		st.slots = append(st.slots, r.Slot)
		st.refs = append(st.refs, r)
		switch {
		case st.refIndex != nil:
			st.refIndex[r] = idx
		case len(st.refs) > refMapThreshold:
			st.refIndex = make(map[*Ref]int, 2*len(st.refs))
			for i, x := range st.refs {
				st.refIndex[x] = i
			}
		}
	}
	st.buf = append(st.buf, '"')
	if r.Promise {
		st.buf = append(st.buf, '&')
	} else {
		st.buf = append(st.buf, '$')
	}
	st.buf = strconv.AppendInt(st.buf, int64(idx), 10)
	if !seen && !r.Promise && r.Iface != "" {
		st.buf = append(st.buf, '.')
		st.buf = appendJSONStringBody(st.buf, r.Iface)
	}
	st.buf = append(st.buf, '"')
	return nil
}

func (st *encodeState) lookupRef(r *Ref) (int, bool) {
	if st.refIndex != nil {
		i, ok := st.refIndex[r]
		return i, ok
	}
	for i, x := range st.refs {
		if x == r {
			return i, true
		}
	}
	return 0, false
}
