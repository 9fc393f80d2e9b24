package jsvat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	crand "crypto/rand"

	"modernc.org/quickjs"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/vat"
)

// Bounds on what one vat may have outstanding with the host.
const (
	maxTimers   = 10_000
	maxRequests = 64
	// maxTimerDelay is the longest timer delay (what a 32-bit signed
	// millisecond count holds, as in Node and browsers).
	maxTimerDelay = 1<<31 - 1
)

// host is what a vat's JavaScript reaches outside its realm: the syscalls
// and the vatstore of the current delivery, its log, and the endowments'
// primitives (timers, entropy, requests, files, Web Crypto). It is used on
// the vat's goroutine, except for the goroutines of timers and requests,
// which only post events.
type host struct {
	vatID string
	log   *slog.Logger
	cfg   *launchConfig

	store    *vatstore
	syscalls []vat.Syscall

	// What the current call into JavaScript asked for.
	done           bool
	doneErr        string
	wantQuiescence bool
	wantGC         bool
	oom            bool  // the vat hit its memory cap
	fatal          error // the vat broke the host protocol

	events *eventQueue
	rng    *rand.ChaCha8

	// ctx ends with the worker: it cancels requests in flight.
	ctx    context.Context
	cancel context.CancelFunc

	timersMu sync.Mutex
	timers   map[int]*hostTimer

	requestsMu sync.Mutex
	requests   map[int]context.CancelFunc
	fetcher    *fetcher
}

type hostTimer struct {
	t       *time.Timer
	stopped atomic.Bool
}

func newHost(vatID string, log *slog.Logger, cfg *launchConfig, f *fetcher) *host {
	var seed [32]byte
	if _, err := crand.Read(seed[:]); err != nil {
		panic(fmt.Sprintf("jsvat: no entropy: %v", err))
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &host{
		vatID:    vatID,
		log:      log,
		cfg:      cfg,
		events:   newEventQueue(),
		rng:      rand.NewChaCha8(seed),
		ctx:      ctx,
		cancel:   cancel,
		timers:   map[int]*hostTimer{},
		requests: map[int]context.CancelFunc{},
		fetcher:  f,
	}
}

// begin resets what a call reports.
func (h *host) begin() {
	h.syscalls = nil
	h.done = false
	h.doneErr = ""
	h.wantQuiescence = false
	h.wantGC = false
}

// shutdown stops every timer and request; nothing posts events or wakes
// the kernel afterwards.
func (h *host) shutdown() {
	h.events.close()
	h.cancel()
	h.requestsMu.Lock()
	clear(h.requests)
	h.requestsMu.Unlock()
	h.timersMu.Lock()
	for id, t := range h.timers {
		t.stopped.Store(true)
		t.t.Stop()
		delete(h.timers, id)
	}
	h.timersMu.Unlock()
}

func (h *host) logf(level, format string, args ...any) {
	h.log.Log(context.Background(), slogLevel(level), fmt.Sprintf(format, args...))
}

func slogLevel(level string) slog.Level {
	switch level {
	case "debug":
		return slog.LevelDebug
	case "warn":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	default:
		return slog.LevelInfo
	}
}

// register installs the host functions as globals of vm; the runtime's
// JavaScript captures and deletes them before any vat code runs.
func (h *host) register(vm *quickjs.VM) error {
	fns := map[string]quickjs.HostFunc{
		"__ocap_log":           h.jsLog,
		"__ocap_syscall":       h.jsSyscall,
		"__ocap_vsGet":         h.jsVatstoreGet,
		"__ocap_vsNext":        h.jsVatstoreNext,
		"__ocap_vsSet":         h.jsVatstoreSet,
		"__ocap_vsDel":         h.jsVatstoreDelete,
		"__ocap_quiescence":    func([]any) (any, error) { h.wantQuiescence = true; return quickjs.Undefined{}, nil },
		"__ocap_gc":            func([]any) (any, error) { h.wantGC = true; return quickjs.Undefined{}, nil },
		"__ocap_done":          h.jsDone,
		"__ocap_timerSet":      h.jsTimerSet,
		"__ocap_timerClear":    h.jsTimerClear,
		"__ocap_random":        func([]any) (any, error) { return uint32(h.rng.Uint64()), nil },
		"__ocap_fetch":         h.jsFetch,
		"__ocap_fetchAbort":    h.jsFetchAbort,
		"__ocap_fsExists":      h.jsFsExists,
		"__ocap_fsRead":        h.jsFsRead,
		"__ocap_fsAccess":      h.jsFsAccess,
		"__ocap_subtle":        h.jsSubtle,
		"__ocap_domainToASCII": h.jsDomainToASCII,
	}
	for name, fn := range fns {
		if err := vm.RegisterHostFunc(name, fn); err != nil {
			return fmt.Errorf("register %s: %w", name, err)
		}
	}
	return nil
}

func argString(args []any, i int, what string) (string, error) {
	if i >= len(args) {
		return "", fmt.Errorf("%s: missing argument", what)
	}
	s, ok := args[i].(string)
	if !ok {
		return "", fmt.Errorf("%s: argument %d is not a string", what, i)
	}
	return s, nil
}

func argInt(args []any, i int, what string) (int, error) {
	if i >= len(args) {
		return 0, fmt.Errorf("%s: missing argument", what)
	}
	switch n := args[i].(type) {
	case int:
		return n, nil
	case float64:
		if n != float64(int(n)) {
			return 0, fmt.Errorf("%s: argument %d is not an integer", what, i)
		}
		return int(n), nil
	default:
		return 0, fmt.Errorf("%s: argument %d is not a number", what, i)
	}
}

// jsLog writes a vat's log entry, upstream's LogEntry {level, tags,
// message, data}: the slog message is the entry's message, and its tags
// and data (JSON arrays, data "" when empty) become the structured
// attributes "tags" and "data".
func (h *host) jsLog(args []any) (any, error) {
	level, _ := argString(args, 0, "log")
	tagsJSON, _ := argString(args, 1, "log")
	msg, _ := argString(args, 2, "log")
	dataJSON, _ := argString(args, 3, "log")
	attrs := []any{}
	var tags []string
	if tagsJSON != "" && json.Unmarshal([]byte(tagsJSON), &tags) == nil && len(tags) > 0 {
		attrs = append(attrs, "tags", LogTags(tags))
	}
	if dataJSON != "" {
		var data LogData
		if json.Unmarshal([]byte(dataJSON), &data) == nil && len(data) > 0 {
			attrs = append(attrs, "data", data)
		}
	}
	h.log.Log(context.Background(), slogLevel(level), msg, attrs...)
	return quickjs.Undefined{}, nil
}

// LogTags are a vat log entry's tags (the "tags" attribute): a JSON array
// to a JSON handler, comma-separated to a text handler.
type LogTags []string

// MarshalJSON implements json.Marshaler.
func (t LogTags) MarshalJSON() ([]byte, error) { return json.Marshal([]string(t)) }

// MarshalText implements encoding.TextMarshaler.
func (t LogTags) MarshalText() ([]byte, error) { return []byte(strings.Join(t, ",")), nil }

// LogData are a vat log entry's data (the "data" attribute): the values
// logged after the message, each as the JSON the vat made of it. A JSON
// handler writes them as an array; a text handler as the array's JSON.
type LogData []json.RawMessage

// MarshalJSON implements json.Marshaler.
func (d LogData) MarshalJSON() ([]byte, error) { return json.Marshal([]json.RawMessage(d)) }

// MarshalText implements encoding.TextMarshaler.
func (d LogData) MarshalText() ([]byte, error) { return d.MarshalJSON() }

func (h *host) jsDone(args []any) (any, error) {
	msg, err := argString(args, 0, "done")
	if err != nil {
		return nil, err
	}
	h.done = true
	h.doneErr = msg
	return quickjs.Undefined{}, nil
}

func (h *host) jsVatstoreGet(args []any) (any, error) {
	key, err := argString(args, 0, "vatstoreGet")
	if err != nil {
		return nil, err
	}
	if v, ok := h.store.get(key); ok {
		return v, nil
	}
	return quickjs.Undefined{}, nil
}

func (h *host) jsVatstoreNext(args []any) (any, error) {
	key, err := argString(args, 0, "vatstoreGetNextKey")
	if err != nil {
		return nil, err
	}
	if k, ok := h.store.nextKey(key); ok {
		return k, nil
	}
	return quickjs.Undefined{}, nil
}

func (h *host) jsVatstoreSet(args []any) (any, error) {
	key, err := argString(args, 0, "vatstoreSet")
	if err != nil {
		return nil, err
	}
	value, err := argString(args, 1, "vatstoreSet")
	if err != nil {
		return nil, err
	}
	h.store.set(key, value)
	return quickjs.Undefined{}, nil
}

func (h *host) jsVatstoreDelete(args []any) (any, error) {
	key, err := argString(args, 0, "vatstoreDelete")
	if err != nil {
		return nil, err
	}
	h.store.del(key)
	return quickjs.Undefined{}, nil
}

// jsSyscall records one syscall (a VatSyscallObject as JSON); the kernel
// applies them in order after the delivery.
func (h *host) jsSyscall(args []any) (any, error) {
	text, err := argString(args, 0, "syscall")
	if err != nil {
		return nil, err
	}
	sc, err := parseSyscall(text)
	if err != nil {
		h.fatal = fmt.Errorf("vat %s made a malformed syscall: %w", h.vatID, err)
		return nil, h.fatal
	}
	if sc.Kind == vat.SyscallResolve {
		for _, r := range sc.Resolutions {
			if r.Rejected && isOutOfMemoryRejection(r.Data.Body) {
				h.oom = true
			}
		}
	}
	h.syscalls = append(h.syscalls, sc)
	return quickjs.Undefined{}, nil
}

type wireCapData struct {
	Body  string   `json:"body"`
	Slots []string `json:"slots"`
}

func (c wireCapData) api() api.CapData {
	slots := c.Slots
	if slots == nil {
		slots = []string{}
	}
	return api.CapData{Body: c.Body, Slots: slots}
}

// parseSyscall reads a VatSyscallObject.
func parseSyscall(text string) (vat.Syscall, error) {
	var parts []json.RawMessage
	if err := json.Unmarshal([]byte(text), &parts); err != nil {
		return vat.Syscall{}, err
	}
	if len(parts) == 0 {
		return vat.Syscall{}, errors.New("empty syscall")
	}
	var kind string
	if err := json.Unmarshal(parts[0], &kind); err != nil {
		return vat.Syscall{}, fmt.Errorf("syscall type: %w", err)
	}
	arg := func(i int, v any) error {
		if i >= len(parts) {
			return fmt.Errorf("%s: missing argument %d", kind, i)
		}
		if err := json.Unmarshal(parts[i], v); err != nil {
			return fmt.Errorf("%s: argument %d: %w", kind, i, err)
		}
		return nil
	}
	sc := vat.Syscall{Kind: vat.SyscallKind(kind)}
	switch sc.Kind {
	case vat.SyscallSend:
		var msg struct {
			Methargs wireCapData `json:"methargs"`
			Result   *string     `json:"result"`
		}
		if err := arg(1, &sc.Target); err != nil {
			return sc, err
		}
		if err := arg(2, &msg); err != nil {
			return sc, err
		}
		sc.Message.Methargs = msg.Methargs.api()
		if msg.Result != nil {
			sc.Message.Result = *msg.Result
		}
	case vat.SyscallSubscribe:
		if err := arg(1, &sc.VPID); err != nil {
			return sc, err
		}
	case vat.SyscallResolve:
		var rs [][3]json.RawMessage
		if err := arg(1, &rs); err != nil {
			return sc, err
		}
		for _, r := range rs {
			var res vat.Resolution
			var data wireCapData
			if err := json.Unmarshal(r[0], &res.VPID); err != nil {
				return sc, fmt.Errorf("resolve: vpid: %w", err)
			}
			if err := json.Unmarshal(r[1], &res.Rejected); err != nil {
				return sc, fmt.Errorf("resolve: rejected: %w", err)
			}
			if err := json.Unmarshal(r[2], &data); err != nil {
				return sc, fmt.Errorf("resolve: data: %w", err)
			}
			res.Data = data.api()
			sc.Resolutions = append(sc.Resolutions, res)
		}
	case vat.SyscallExit:
		var info wireCapData
		if err := arg(1, &sc.IsFailure); err != nil {
			return sc, err
		}
		if err := arg(2, &info); err != nil {
			return sc, err
		}
		sc.Info = info.api()
	case vat.SyscallDropImports, vat.SyscallRetireImports, vat.SyscallRetireExports, vat.SyscallAbandonExports:
		if err := arg(1, &sc.Refs); err != nil {
			return sc, err
		}
	default:
		return sc, fmt.Errorf("unknown syscall %q", kind)
	}
	return sc, nil
}

func (h *host) jsTimerSet(args []any) (any, error) {
	id, err := argInt(args, 0, "setTimeout")
	if err != nil {
		return nil, err
	}
	ms, err := argInt(args, 1, "setTimeout")
	if err != nil {
		if f, ok := args[1].(float64); ok {
			ms = int(f)
		} else {
			return nil, err
		}
	}
	repeat, _ := args[2].(bool)
	if ms < 0 || ms > maxTimerDelay {
		return nil, fmt.Errorf("timer delay %d ms is out of range", ms)
	}
	d := time.Duration(ms) * time.Millisecond
	h.timersMu.Lock()
	defer h.timersMu.Unlock()
	if len(h.timers) >= maxTimers {
		return nil, fmt.Errorf("vat %s has %d timers pending: no more can be set", h.vatID, maxTimers)
	}
	ht := &hostTimer{}
	// Made stopped and armed once ht.t is set: the callback uses it.
	ht.t = time.AfterFunc(time.Hour, func() {
		if ht.stopped.Load() {
			return
		}
		h.events.post(event{kind: eventTimer, id: id}, repeat)
		if repeat {
			ht.t.Reset(d)
		} else {
			h.timersMu.Lock()
			delete(h.timers, id)
			h.timersMu.Unlock()
		}
	})
	ht.t.Reset(d)
	h.timers[id] = ht
	return quickjs.Undefined{}, nil
}

func (h *host) jsTimerClear(args []any) (any, error) {
	id, err := argInt(args, 0, "clearTimeout")
	if err != nil {
		return nil, err
	}
	h.timersMu.Lock()
	if t := h.timers[id]; t != nil {
		t.stopped.Store(true)
		t.t.Stop()
		delete(h.timers, id)
	}
	h.timersMu.Unlock()
	h.events.drop(id)
	return quickjs.Undefined{}, nil
}

// binaryString turns bytes into a JavaScript string of one character per
// byte (each below 256).
func binaryString(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/2)
	for _, c := range b {
		if c < utf8.RuneSelf {
			sb.WriteByte(c)
		} else {
			sb.WriteRune(rune(c))
		}
	}
	return sb.String()
}

// fromBinaryString is the inverse of binaryString.
func fromBinaryString(s string) ([]byte, error) {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xFF {
			return nil, fmt.Errorf("binary data holds the character U+%04X", r)
		}
		out = append(out, byte(r))
	}
	return out, nil
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := crand.Read(b); err != nil {
		panic(fmt.Sprintf("jsvat: no entropy: %v", err))
	}
	return b
}
