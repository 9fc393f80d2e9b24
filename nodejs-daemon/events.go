package daemon

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/kernel"
)

// Kinds of kernel state a crank can change, as subscribers name them.
const (
	ChangedVats uint32 = 1 << iota
	ChangedSubclusters
	ChangedObjects
	ChangedRemote

	changedAll = ChangedVats | ChangedSubclusters | ChangedObjects | ChangedRemote
)

var changeNames = []struct {
	bit  uint32
	name string
}{
	{ChangedVats, "vats"}, {ChangedSubclusters, "subclusters"}, {ChangedObjects, "objects"}, {ChangedRemote, "remote"},
}

// Bounds of the event hub.
const (
	// MaxSubscribers is how many subscribeKernelEvents connections may be
	// open at once.
	MaxSubscribers = 16
	// subscriberLogs is how many log records wait for one subscriber;
	// beyond, the oldest are dropped and the subscriber is told how many.
	subscriberLogs = 256
	// hubLogQueue is how many log records wait for the hub goroutine.
	hubLogQueue = 1024
	// DefaultEventInterval is the least time between two kernelEvent
	// notifications to one subscriber: changes in between are merged.
	DefaultEventInterval = 200 * time.Millisecond
)

// ErrTooManySubscribers is returned by Hub.Serve past MaxSubscribers.
var ErrTooManySubscribers = errors.New("too many event subscribers")

// Hub fans the kernel's changes and the daemon's log records out to the
// clients of subscribeKernelEvents. The kernel goroutine reports changes
// with Note, which never blocks: the kinds are or-ed into a word and the
// hub goroutine woken. The hub goroutine owns the subscribers and their
// queues; each subscriber's connection goroutine takes what is waiting for
// it with a message to the hub, so a slow connection only coalesces its
// own changes and drops its own log records.
type Hub struct {
	start    time.Time
	interval time.Duration

	pending   atomic.Uint32 // kinds changed since the hub last looked
	cranks    atomic.Uint64
	queueLen  atomic.Int64
	wake      chan struct{} // cap 1: Note happened
	logs      chan logRecord
	logDrops  atomic.Int64 // records LogHandler could not queue
	subs      atomic.Int32 // subscribers
	logReader atomic.Int32 // subscribers that want logs

	join  chan *subscriber
	leave chan *subscriber
	take  chan takeReq
	done  chan struct{}
	stop  context.CancelFunc
}

// HubOptions configure NewHub.
type HubOptions struct {
	// Interval is the least time between two kernelEvent notifications
	// to one subscriber (0: DefaultEventInterval; negative: none).
	Interval time.Duration
}

type logRecord struct {
	Time    string         `json:"time,omitempty"`
	Level   string         `json:"level,omitempty"`
	Msg     string         `json:"msg,omitempty"`
	VatID   string         `json:"vatId,omitempty"`
	Attrs   map[string]any `json:"attrs,omitempty"`
	Dropped int64          `json:"dropped,omitempty"`
}

// subscriber's fields are owned by the hub goroutine.
type subscriber struct {
	wantLogs bool
	changed  uint32
	logs     []logRecord // oldest first, at most subscriberLogs
	dropped  int64
	wake     chan struct{} // cap 1
}

type takeReq struct {
	s     *subscriber
	reply chan batch
}

// batch is what a subscriber takes at once.
type batch struct {
	changed  uint32
	cranks   uint64
	queueLen int64
	logs     []logRecord
	dropped  int64
}

// NewHub starts a hub; Close stops it.
func NewHub(opts HubOptions) *Hub {
	ctx, cancel := context.WithCancel(context.Background())
	h := &Hub{
		start:    time.Now(),
		interval: opts.Interval,
		wake:     make(chan struct{}, 1),
		logs:     make(chan logRecord, hubLogQueue),
		join:     make(chan *subscriber),
		leave:    make(chan *subscriber),
		take:     make(chan takeReq),
		done:     make(chan struct{}),
		stop:     cancel,
	}
	if h.interval == 0 {
		h.interval = DefaultEventInterval
	}
	go h.run(ctx)
	return h
}

// Close stops the hub goroutine; subscribers' Serve calls return.
func (h *Hub) Close() {
	h.stop()
	<-h.done
}

// NoteKernelChange is a kernel.Options.OnChange that feeds the hub.
func (h *Hub) NoteKernelChange(c kernel.Change) {
	var bits uint32
	for _, b := range []struct {
		on  bool
		bit uint32
	}{{c.Vats, ChangedVats}, {c.Subclusters, ChangedSubclusters}, {c.Objects, ChangedObjects}, {c.Remote, ChangedRemote}} {
		if b.on {
			bits |= b.bit
		}
	}
	h.Note(bits, c.Cranks, c.QueueLength)
}

// Note records that a crank changed the given kinds of state (Changed*
// bits), with the kernel's crank count and run-queue length after it. It
// never blocks; any goroutine may call it.
func (h *Hub) Note(changed uint32, cranks uint64, queueLen int) {
	h.pending.Or(changed)
	h.cranks.Store(cranks)
	h.queueLen.Store(int64(queueLen))
	select {
	case h.wake <- struct{}{}:
	default:
	}
}

func (h *Hub) run(ctx context.Context) {
	defer close(h.done)
	subs := map[*subscriber]bool{}
	notify := func(s *subscriber) {
		select {
		case s.wake <- struct{}{}:
		default:
		}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case s := <-h.join:
			subs[s] = true
			notify(s)
		case s := <-h.leave:
			delete(subs, s)
		case <-h.wake:
			if c := h.pending.Swap(0); c != 0 {
				for s := range subs {
					s.changed |= c
					notify(s)
				}
			}
		case r := <-h.logs:
			if d := h.logDrops.Swap(0); d > 0 {
				h.fanLog(subs, logRecord{Dropped: d}, notify)
			}
			h.fanLog(subs, r, notify)
		case t := <-h.take:
			s := t.s
			b := batch{changed: s.changed, cranks: h.cranks.Load(), queueLen: h.queueLen.Load(), logs: s.logs, dropped: s.dropped}
			s.changed, s.logs, s.dropped = 0, nil, 0
			t.reply <- b
		}
	}
}

func (h *Hub) fanLog(subs map[*subscriber]bool, r logRecord, notify func(*subscriber)) {
	for s := range subs {
		if !s.wantLogs {
			continue
		}
		if r.Dropped > 0 {
			s.dropped += r.Dropped
		} else if len(s.logs) == subscriberLogs {
			s.logs = append(s.logs[:0], s.logs[1:]...)
			s.dropped++
			s.logs = append(s.logs, r)
		} else {
			s.logs = append(s.logs, r)
		}
		notify(s)
	}
}

// Serve streams notifications to one subscriber through send, one JSON
// line each, until ctx ends, send fails or the hub closes: first a
// kernelEvent naming every kind of state (the subscriber has seen none),
// then a kernelEvent whenever cranks change state (at most one per
// interval, changes in between merged), and with logs the daemon's log
// records as kernelLog notifications. A subscriber that reads slowly gets
// {"dropped": n} in place of the log records it missed. ready, if not nil,
// runs once the subscriber is counted and before anything is sent; an
// error from it ends Serve.
func (h *Hub) Serve(ctx context.Context, logs bool, ready func() error, send func(line []byte) error) error {
	if h.subs.Add(1) > MaxSubscribers {
		h.subs.Add(-1)
		return ErrTooManySubscribers
	}
	defer h.subs.Add(-1)
	if logs {
		h.logReader.Add(1)
		defer h.logReader.Add(-1)
	}
	errClosed := errors.New("daemon: event hub closed")
	s := &subscriber{wantLogs: logs, changed: changedAll, wake: make(chan struct{}, 1)}
	select {
	case h.join <- s:
	case <-h.done:
		return errClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() {
		select {
		case h.leave <- s:
		case <-h.done:
		}
	}()
	if ready != nil {
		if err := ready(); err != nil {
			return err
		}
	}
	var (
		seq     uint64
		changed uint32
		last    time.Time
		timer   = time.NewTimer(time.Hour)
		timerC  <-chan time.Time
	)
	timer.Stop()
	defer timer.Stop()
	reply := make(chan batch, 1)
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-h.done:
			return errClosed
		case <-timerC:
			timerC = nil
		case <-s.wake:
		}
		select {
		case h.take <- takeReq{s: s, reply: reply}:
		case <-h.done:
			return errClosed
		}
		b := <-reply
		changed |= b.changed
		if b.dropped > 0 {
			if err := sendNotification(send, "kernelLog", logRecord{Dropped: b.dropped}); err != nil {
				return err
			}
		}
		for _, r := range b.logs {
			if err := sendNotification(send, "kernelLog", r); err != nil {
				return err
			}
		}
		if changed == 0 || timerC != nil {
			continue
		}
		if wait := h.interval - time.Since(last); h.interval > 0 && !last.IsZero() && wait > 0 {
			timer.Reset(wait)
			timerC = timer.C
			continue
		}
		seq++
		ev := kernelEvent{Seq: seq, Changed: changeList(changed), Stats: eventStats{Cranks: b.cranks, QueueLength: b.queueLen, UptimeMs: time.Since(h.start).Milliseconds()}}
		if err := sendNotification(send, "kernelEvent", ev); err != nil {
			return err
		}
		changed, last = 0, time.Now()
	}
}

type kernelEvent struct {
	Seq     uint64     `json:"seq"`
	Changed []string   `json:"changed"`
	Stats   eventStats `json:"stats"`
}

type eventStats struct {
	Cranks      uint64 `json:"cranks"`
	QueueLength int64  `json:"queueLength"`
	UptimeMs    int64  `json:"uptimeMs"`
}

func changeList(c uint32) []string {
	out := make([]string, 0, len(changeNames))
	for _, n := range changeNames {
		if c&n.bit != 0 {
			out = append(out, n.name)
		}
	}
	return out
}

func sendNotification(send func([]byte) error, method string, params any) error {
	line, err := json.Marshal(struct {
		JSONRPC string `json:"jsonrpc"`
		Method  string `json:"method"`
		Params  any    `json:"params"`
	}{"2.0", method, params})
	if err != nil {
		return err
	}
	return send(line)
}

// LogHandler wraps next so that the records it handles also reach the
// hub's log subscribers. Records are copied only while someone listens.
func (h *Hub) LogHandler(next slog.Handler) slog.Handler {
	return &hubHandler{next: next, hub: h}
}

type hubHandler struct {
	next  slog.Handler
	hub   *Hub
	attrs []slog.Attr
}

func (hh *hubHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return hh.next.Enabled(ctx, l)
}

func (hh *hubHandler) Handle(ctx context.Context, r slog.Record) error {
	err := hh.next.Handle(ctx, r)
	if hh.hub.logReader.Load() == 0 {
		return err
	}
	rec := logRecord{Time: r.Time.UTC().Format("2006-01-02T15:04:05.000Z07:00"), Level: r.Level.String(), Msg: r.Message}
	add := func(a slog.Attr) bool {
		if a.Key == "vat" && a.Value.Kind() == slog.KindString {
			rec.VatID = a.Value.String()
			return true
		}
		if rec.Attrs == nil {
			rec.Attrs = map[string]any{}
		}
		rec.Attrs[a.Key] = attrValue(a.Value)
		return true
	}
	for _, a := range hh.attrs {
		add(a)
	}
	r.Attrs(add)
	select {
	case hh.hub.logs <- rec:
	default:
		hh.hub.logDrops.Add(1)
	}
	return err
}

// attrValue is v as plain data for JSON: errors and other values by their
// text.
func attrValue(v slog.Value) any {
	switch v = v.Resolve(); v.Kind() {
	case slog.KindString:
		return v.String()
	case slog.KindInt64:
		return v.Int64()
	case slog.KindUint64:
		return v.Uint64()
	case slog.KindFloat64:
		return v.Float64()
	case slog.KindBool:
		return v.Bool()
	case slog.KindGroup:
		m := map[string]any{}
		for _, a := range v.Group() {
			m[a.Key] = attrValue(a.Value)
		}
		return m
	default:
		return v.String()
	}
}

func (hh *hubHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &hubHandler{next: hh.next.WithAttrs(attrs), hub: hh.hub, attrs: append(hh.attrs[:len(hh.attrs):len(hh.attrs)], attrs...)}
}

func (hh *hubHandler) WithGroup(name string) slog.Handler {
	// Grouped attributes are rare in the daemon; the subscriber sees them
	// ungrouped, the next handler grouped.
	return &hubHandler{next: hh.next.WithGroup(name), hub: hh.hub, attrs: hh.attrs}
}
