package govat

import "strconv"

const (
	pending = iota
	fulfilled
	rejected
)

// Promise is a vat-local promise. Callbacks run as tasks of the vat, in the
// order they were registered, before the current delivery returns.
type Promise struct {
	v     *Vat
	state int
	value any
	err   error
	cbs   []func(any, error)
}

// NewPromise returns a pending promise; settle it with Resolve or Reject.
func (v *Vat) NewPromise() *Promise { return &Promise{v: v} }

// Resolved returns a promise fulfilled with val.
func (v *Vat) Resolved(val any) *Promise {
	p := v.NewPromise()
	p.settle(val, nil)
	return p
}

// Rejected returns a promise rejected with err.
func (v *Vat) Rejected(err error) *Promise {
	p := v.NewPromise()
	p.settle(nil, err)
	return p
}

// Resolve fulfils p with val (or follows val if it is a promise).
func (p *Promise) Resolve(val any) {
	if q, ok := val.(*Promise); ok {
		q.then(p.settle)
		return
	}
	p.settle(val, nil)
}

// Reject rejects p.
func (p *Promise) Reject(err error) { p.settle(nil, err) }

// Then registers callbacks and returns a promise for their outcome. Either
// callback may be nil (the outcome then passes through).
func (p *Promise) Then(onFulfilled func(any) (any, error), onRejected func(error) (any, error)) *Promise {
	out := p.v.NewPromise()
	p.then(func(val any, err error) {
		var res any
		var rerr error
		switch {
		case err == nil && onFulfilled != nil:
			res, rerr = onFulfilled(val)
		case err != nil && onRejected != nil:
			res, rerr = onRejected(err)
		default:
			res, rerr = val, err
		}
		if q, ok := res.(*Promise); ok && rerr == nil {
			q.then(out.settle)
			return
		}
		out.settle(res, rerr)
	})
	return out
}

// Settled reports the outcome once known.
func (p *Promise) Settled() (val any, err error, done bool) {
	return p.value, p.err, p.state != pending
}

func (p *Promise) then(cb func(any, error)) {
	if p.state == pending {
		p.cbs = append(p.cbs, cb)
		return
	}
	val, err := p.value, p.err
	p.v.tasks = append(p.v.tasks, func() { cb(val, err) })
}

func (p *Promise) settle(val any, err error) {
	if p.state != pending {
		return
	}
	if err != nil {
		p.state, p.err = rejected, err
	} else {
		p.state, p.value = fulfilled, val
	}
	cbs := p.cbs
	p.cbs = nil
	for _, cb := range cbs {
		cb := cb
		p.v.tasks = append(p.v.tasks, func() { cb(p.value, p.err) })
	}
}

// exportPromise gives p a vpid (p+N) allocated by this vat. When p is
// decided locally the vat resolves the vpid.
func (v *Vat) exportPromise(p *Promise) string {
	if vpid, ok := v.promiseIDs[p]; ok {
		return vpid
	}
	vpid := "p+" + strconv.Itoa(v.nextPromise)
	v.nextPromise++
	v.promises[vpid] = p
	v.promiseIDs[p] = vpid
	return vpid
}
