package smallcaps

import (
	"math"
	"strconv"
	"strings"
)

// Decode deserializes CapData. Remotables and promises become *Ref values,
// one per slot index: repeated "$i"/"&i" occurrences share the same *Ref,
// whose Promise field follows the encoding ('&' or '$'). Bodies that do
// not start with '#' are decoded as legacy capdata (@qclass). Invalid
// bodies yield a *CodecError carrying upstream's error class and text.
//
// Unlike JavaScript, a slot index beyond the end of Slots is an error
// rather than a value built from an undefined slot.
func Decode(cd CapData) (any, error) {
	return decodeCapData(cd, decodeRefSlot)
}

// DecodeWith is Decode with a caller-supplied slot converter, called once
// per distinct slot index with the slot string, the interface text after
// '.' ("" if none) and whether the encoding was a promise ('&'). Its result
// is used for every occurrence of that index; an error it returns is
// returned unchanged. As upstream, an index used both as "$i" and "&i", or
// a returned *Ref whose Promise disagrees with the encoding, is rejected.
func DecodeWith(cd CapData, convert func(slot, iface string, isPromise bool) (any, error)) (any, error) {
	return decodeCapData(cd, func(r slotRef) (any, bool, error) {
		if !r.inRange {
			return nil, false, slotRangeError(r)
		}
		v, err := convert(r.slot, r.iface, r.form == '&')
		if err != nil {
			return nil, false, err
		}
		if ref, ok := v.(*Ref); ok && ref != nil {
			return v, ref.Promise, nil
		}
		return v, r.form == '&', nil
	})
}

// slotRef describes one slot reference found in a body.
type slotRef struct {
	index    int
	nslots   int
	slot     string
	inRange  bool
	iface    string
	hasIface bool
	form     byte // '$' or '&' in smallcaps, 0 in legacy capdata
}

// slotConverter maps a slot reference to a value and reports whether that
// value is a promise (checked against the smallcaps form).
type slotConverter func(slotRef) (any, bool, error)

func slotRangeError(r slotRef) error {
	return newError("Error", "slot index "+strconv.Itoa(r.index)+" out of range: capdata has "+strconv.Itoa(r.nslots)+" slots")
}

func decodeRefSlot(r slotRef) (any, bool, error) {
	if !r.inRange {
		return nil, false, slotRangeError(r)
	}
	promise := r.form == '&'
	ref := &Ref{Slot: r.slot, Promise: promise}
	if !promise {
		ref.Iface = r.iface
	}
	return ref, promise, nil
}

type slotEntry struct {
	v       any
	promise bool
	set     bool
}

type decodeState struct {
	p     *parser
	slots []string
	conv  slotConverter
	cache []slotEntry // per slot index, from the pooled parser
	arena []any       // backing store shared by all decoded arrays
}

// newArray returns a zeroed []any of length n carved from one allocation
// per body (capacity-limited, so appending to one array never overwrites
// another).
func (d *decodeState) newArray(n int) []any {
	if n == 0 {
		return []any{}
	}
	if len(d.arena) < n {
		d.arena = make([]any, max(n, len(d.p.kids)))
	}
	out := d.arena[:n:n]
	d.arena = d.arena[n:]
	return out
}

func decodeCapData(cd CapData, conv slotConverter) (any, error) {
	body := cd.Body
	legacy := !strings.HasPrefix(body, "#")
	if !legacy {
		body = body[1:]
	}
	p := getParser(body)
	defer p.release()
	root, perr := p.parse()
	if perr != nil {
		return nil, perr
	}
	d := decodeState{p: p, slots: cd.Slots, conv: conv}
	if legacy {
		return d.legacy(root)
	}
	return d.smallcaps(root)
}

func undefinedJSONError() error {
	return newError("TypeError", `internal: unrecognized JSON typeof "undefined": "[undefined]"`)
}

// smallcaps decodes node idx (-1 for an absent property) like Endo's
// decodeFromSmallcaps.
func (d *decodeState) smallcaps(idx int32) (any, error) {
	if idx < 0 {
		return nil, undefinedJSONError()
	}
	n := &d.p.nodes[idx]
	switch n.kind {
	case jNull:
		return nil, nil
	case jFalse:
		return false, nil
	case jTrue:
		return true, nil
	case jNumber:
		return n.num, nil
	case jString:
		return d.str(n.str)
	case jArray:
		out := d.newArray(int(n.n))
		for i := range out {
			v, err := d.smallcaps(d.p.kids[n.off+int32(i)])
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	}
	return d.object(idx)
}

// member returns the value node of key in object node n, or -1.
func (d *decodeState) member(n *jnode, key string) int32 {
	for _, m := range d.p.members[n.off : n.off+n.n] {
		if m.key == key {
			return m.val
		}
	}
	return -1
}

func (d *decodeState) str(s string) (any, error) {
	if s == "" || s[0] < '!' || s[0] > '-' {
		return s, nil
	}
	switch s[0] {
	case '!':
		return s[1:], nil
	case '%':
		sym, err := canonicalSymbol(s[1:])
		if err != nil {
			return nil, err
		}
		return sym, nil
	case '#':
		switch s {
		case "#undefined":
			return Undefined, nil
		case "#NaN":
			return math.NaN(), nil
		case "#Infinity":
			return math.Inf(1), nil
		case "#-Infinity":
			return math.Inf(-1), nil
		}
		return nil, newError("TypeError", `unknown constant "`+quote(s)+`"`)
	case '+', '-':
		n, err := parseJSBigInt(s)
		if err != nil {
			return nil, err
		}
		return n, nil
	case '$', '&':
		return d.slotString(s)
	}
	return nil, newError("Error", "Special char "+quote(s[:1])+" reserved for future use: "+quote(s))
}

// slotString decodes "$<index>[.<iface>]" or "&<index>[.<iface>]".
func (d *decodeState) slotString(s string) (any, error) {
	form := s[0]
	rest := s[1:]
	idxText, iface, hasIface := rest, "", false
	if dot := strings.IndexByte(rest, '.'); dot >= 0 {
		idxText, iface, hasIface = rest[:dot], rest[dot+1:], true
	}
	index, err := natIndex(jsToNumber(idxText))
	if err != nil {
		return nil, err
	}
	v, promise, err := d.slotValue(index, iface, hasIface, form)
	if err != nil {
		return nil, err
	}
	if form == '$' && promise {
		return nil, newError("Error", "internal: decodeRemotableFromSmallcaps option must return a remotable: "+renderValue(v))
	}
	if form == '&' && !promise {
		return nil, newError("Error", "internal: decodePromiseFromSmallcaps option must return a promise: "+renderValue(v))
	}
	return v, nil
}

// slotValue returns the value for a slot index, converting it on first use.
func (d *decodeState) slotValue(index int, iface string, hasIface bool, form byte) (any, bool, error) {
	inRange := index < len(d.slots)
	if inRange && d.cache != nil && d.cache[index].set {
		e := d.cache[index]
		return e.v, e.promise, nil
	}
	r := slotRef{index: index, nslots: len(d.slots), inRange: inRange, iface: iface, hasIface: hasIface, form: form}
	if inRange {
		r.slot = d.slots[index]
	}
	v, promise, err := d.conv(r)
	if err != nil {
		return nil, false, err
	}
	if inRange {
		if d.cache == nil {
			d.cache = d.p.slotCache(len(d.slots))
		}
		d.cache[index] = slotEntry{v: v, promise: promise, set: true}
	}
	return v, promise, nil
}

func (d *decodeState) object(idx int32) (any, error) {
	n := &d.p.nodes[idx]
	if tagIdx := d.member(n, "#tag"); tagIdx >= 0 {
		return d.tagged(idx, tagIdx)
	}
	if msgIdx := d.member(n, "#error"); msgIdx >= 0 {
		if d.member(n, "message") >= 0 {
			return nil, newError("Error", `unexpected encoded error property "message"`)
		}
		return d.errorCommon(n, msgIdx, "#error", d.smallcaps)
	}
	out := make(map[string]any, n.n)
	for _, m := range d.p.members[n.off : n.off+n.n] {
		if strings.HasPrefix(m.key, "#") {
			return nil, newError("Error", "Unrecognized record type "+quote(m.key)+": "+d.p.render(idx))
		}
		name, err := d.str(m.key)
		if err != nil {
			return nil, err
		}
		key, ok := name.(string)
		if !ok {
			return nil, newError("Error", "Decoded property name "+renderValue(name)+" from "+d.p.render(idx)+" must be a string")
		}
		v, err := d.smallcaps(m.val)
		if err != nil {
			return nil, err
		}
		out[key] = v
	}
	return out, nil
}

func (d *decodeState) tagged(idx, tagIdx int32) (any, error) {
	n := &d.p.nodes[idx]
	tagNode := &d.p.nodes[tagIdx]
	if tagNode.kind != jString {
		return nil, newError("Error", `Value of "#tag", the tag, must be a string: `+d.p.render(idx))
	}
	var extra []string
	for _, m := range d.p.members[n.off : n.off+n.n] {
		if m.key != "#tag" && m.key != "payload" {
			extra = append(extra, m.key)
		}
	}
	if len(extra) > 0 {
		return nil, newError("Error", "#tag record unexpected properties: "+renderKeys(extra))
	}
	tag, err := d.str(tagNode.str)
	if err != nil {
		return nil, err
	}
	payload, err := d.smallcaps(d.member(n, "payload"))
	if err != nil {
		return nil, err
	}
	return makeTagged(tag, payload)
}

func makeTagged(tag, payload any) (any, error) {
	s, ok := tag.(string)
	if !ok {
		return nil, newError("Error", "The tag of a tagged record must be a string: "+renderValue(tag))
	}
	return Tagged{Tag: s, Payload: payload}, nil
}

func renderKeys(keys []string) string {
	b := []byte{'['}
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendRenderString(b, k)
	}
	return string(append(b, ']'))
}

// truthy is JavaScript truthiness of a parsed JSON value.
func (d *decodeState) truthy(idx int32) bool {
	if idx < 0 {
		return false
	}
	n := &d.p.nodes[idx]
	switch n.kind {
	case jNull, jFalse:
		return false
	case jNumber:
		return n.num != 0 && n.num == n.num
	case jString:
		return n.str != ""
	}
	return true
}

// errorCommon mirrors Endo's decodeErrorCommon. msgIdx is the message
// node, skipKey the property that carried it ("#error" or "@qclass" for
// legacy capdata, whose message is under "message"), and recur the decoder
// for nested values.
func (d *decodeState) errorCommon(n *jnode, msgIdx int32, skipKey string, recur func(int32) (any, error)) (any, error) {
	nameIdx := d.member(n, "name")
	errorIDIdx := d.member(n, "errorId")
	dName, err := recur(nameIdx)
	if err != nil {
		return nil, err
	}
	dMessage, err := recur(msgIdx)
	if err != nil {
		return nil, err
	}
	var dErrorID any
	if d.truthy(errorIDIdx) {
		if dErrorID, err = recur(errorIDIdx); err != nil {
			return nil, err
		}
	}
	name, ok := dName.(string)
	if !ok {
		return nil, newError("Error", "invalid error name typeof "+quote(typeofValue(dName)))
	}
	message, ok := dMessage.(string)
	if !ok {
		return nil, newError("Error", "invalid error message typeof "+quote(typeofValue(dMessage)))
	}
	// cause, errors and any other properties are decoded (so that invalid
	// encodings are rejected as upstream does) but not kept.
	for _, key := range [...]string{"cause", "errors"} {
		if i := d.member(n, key); d.truthy(i) {
			if _, err := recur(i); err != nil {
				return nil, err
			}
		}
	}
	for _, m := range d.p.members[n.off : n.off+n.n] {
		switch m.key {
		case skipKey, "name", "message", "errorId", "cause", "errors":
			continue
		}
		if _, err := recur(m.val); err != nil {
			return nil, err
		}
	}
	if !standardErrorNames[name] {
		name = "Error"
	}
	id, _ := dErrorID.(string)
	return &Error{Name: name, Message: message, ErrorID: id}, nil
}

// legacy decodes node idx (-1 for an absent property) like Endo's
// decodeFromCapData.
func (d *decodeState) legacy(idx int32) (any, error) {
	if idx < 0 {
		return Undefined, nil
	}
	n := &d.p.nodes[idx]
	switch n.kind {
	case jNull:
		return nil, nil
	case jFalse:
		return false, nil
	case jTrue:
		return true, nil
	case jNumber:
		return n.num, nil
	case jString:
		return n.str, nil
	case jArray:
		out := d.newArray(int(n.n))
		for i := range out {
			v, err := d.legacy(d.p.kids[n.off+int32(i)])
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	}
	qIdx := d.member(n, "@qclass")
	if qIdx < 0 {
		out := make(map[string]any, n.n)
		for _, m := range d.p.members[n.off : n.off+n.n] {
			v, err := d.legacy(m.val)
			if err != nil {
				return nil, err
			}
			out[m.key] = v
		}
		return out, nil
	}
	q := &d.p.nodes[qIdx]
	if q.kind != jString {
		return nil, newError("Error", `invalid "@qclass" typeof `+quote(d.p.typeofNode(qIdx)))
	}
	switch q.str {
	case "undefined":
		return Undefined, nil
	case "NaN":
		return math.NaN(), nil
	case "Infinity":
		return math.Inf(1), nil
	case "-Infinity":
		return math.Inf(-1), nil
	case "bigint":
		dIdx := d.member(n, "digits")
		if dIdx < 0 || d.p.nodes[dIdx].kind != jString {
			return nil, newError("Error", "invalid digits typeof "+quote(d.p.typeofNode(dIdx)))
		}
		v, err := parseJSBigInt(d.p.nodes[dIdx].str)
		if err != nil {
			return nil, err
		}
		return v, nil
	case "@@asyncIterator":
		return SymbolAsyncIterator, nil
	case "symbol":
		nIdx := d.member(n, "name")
		if nIdx < 0 || d.p.nodes[nIdx].kind != jString {
			// passableSymbolForName returns undefined for non-strings.
			return Undefined, nil
		}
		sym, err := canonicalSymbol(d.p.nodes[nIdx].str)
		if err != nil {
			return nil, err
		}
		return sym, nil
	case "tagged":
		payload, err := d.legacy(d.member(n, "payload"))
		if err != nil {
			return nil, err
		}
		tag, err := d.legacy(d.member(n, "tag"))
		if err != nil {
			return nil, err
		}
		return makeTagged(tag, payload)
	case "slot":
		return d.legacySlot(idx)
	case "error":
		return d.errorCommon(n, d.member(n, "message"), "@qclass", d.legacy)
	case "hilbert":
		return d.hilbert(idx)
	case "ibid":
		return nil, newError("Error", `The capData protocol no longer supports "@qclass" "ibid"`)
	}
	return nil, newError("TypeError", `unrecognized "@qclass" `+quote(q.str))
}

func (d *decodeState) legacySlot(idx int32) (any, error) {
	n := &d.p.nodes[idx]
	var extra []string
	for _, m := range d.p.members[n.off : n.off+n.n] {
		switch m.key {
		case "@qclass", "iface", "index":
		default:
			extra = append(extra, m.key)
		}
	}
	if len(extra) > 0 {
		return nil, newError("Error", "unexpected encoded slot properties "+renderKeys(extra))
	}
	iface, hasIface := "", false
	if i := d.member(n, "iface"); i >= 0 {
		switch in := &d.p.nodes[i]; in.kind {
		case jString:
			iface, hasIface = in.str, true
		case jNull:
		default:
			return nil, newError("Error", "invalid slot iface typeof "+quote(d.p.typeofNode(i)))
		}
	}
	index, err := d.natNode(d.member(n, "index"))
	if err != nil {
		return nil, err
	}
	v, _, err := d.slotValue(index, iface, hasIface, 0)
	return v, err
}

// natNode applies Nat() to a raw JSON slot index.
func (d *decodeState) natNode(idx int32) (int, error) {
	if idx >= 0 && d.p.nodes[idx].kind == jNumber {
		return natIndex(d.p.nodes[idx].num)
	}
	return 0, newError("RangeError", d.jsString(idx)+" is not a safe integer")
}

// jsString approximates JavaScript's String(value) for messages.
func (d *decodeState) jsString(idx int32) string {
	if idx < 0 {
		return "undefined"
	}
	n := &d.p.nodes[idx]
	switch n.kind {
	case jNull:
		return "null"
	case jFalse:
		return "false"
	case jTrue:
		return "true"
	case jNumber:
		return FormatNumber(n.num)
	case jString:
		return n.str
	case jArray:
		parts := make([]string, n.n)
		for i := range parts {
			k := d.p.kids[n.off+int32(i)]
			if kn := d.p.nodes[k]; kn.kind != jNull {
				parts[i] = d.jsString(k)
			}
		}
		return strings.Join(parts, ",")
	}
	return "[object Object]"
}

func (d *decodeState) hilbert(idx int32) (any, error) {
	n := &d.p.nodes[idx]
	origIdx := d.member(n, "original")
	if origIdx < 0 {
		return nil, newError("Error", "Invalid Hilbert Hotel encoding "+d.p.render(idx))
	}
	orig, err := d.legacy(origIdx)
	if err != nil {
		return nil, err
	}
	out := map[string]any{"@qclass": orig}
	restIdx := d.member(n, "rest")
	if restIdx < 0 {
		return out, nil
	}
	if rn := &d.p.nodes[restIdx]; rn.kind != jObject || rn.n == 0 {
		return nil, newError("Error", "Rest encoding must be a non-empty object: "+d.p.render(restIdx))
	}
	rest, err := d.legacy(restIdx)
	if err != nil {
		return nil, err
	}
	rm, ok := rest.(map[string]any)
	if _, has := rm["@qclass"]; !ok || has {
		return nil, newError("Error", `Rest must not contain its own definition of "@qclass"`)
	}
	for k, v := range rm {
		out[k] = v
	}
	return out, nil
}
