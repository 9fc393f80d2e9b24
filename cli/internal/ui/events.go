package ui

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/ocap-kernel/ocap-go/nodejs-daemon/client"
)

// Connection states of the daemon subscription, as the page shows them.
const (
	stateConnecting  = "connecting"  // not yet or no longer subscribed; retrying
	stateLive        = "live"        // subscribed: changes arrive as they happen
	stateUnsupported = "unsupported" // the daemon has no subscribeKernelEvents
)

// The areas a kernelEvent says changed; the page refetches only those.
var changeKinds = []string{"vats", "subclusters", "objects", "remote"}

// Bounds of what outside input can grow.
const (
	logBacklog      = 500     // log records the server keeps for new tabs
	statsBacklog    = 240     // statistics points kept for the sparklines
	tabLogBacklog   = 200     // log records waiting for one slow tab
	maxEventLine    = 1 << 20 // a longer notification line is skipped
	backoffMin      = 100 * time.Millisecond
	backoffMax      = 3 * time.Second
	healthInterval  = 2 * time.Second // liveness check when there is no subscription
	subscribeWait   = 10 * time.Second
	sseWriteTimeout = 30 * time.Second
	sseKeepAlive    = 15 * time.Second
)

type connState struct {
	State string `json:"state"`
	Error string `json:"error,omitempty"`
}

// kernelEvent is a kernelEvent notification's params.
type kernelEvent struct {
	Seq     int64           `json:"seq"`
	Changed []string        `json:"changed"`
	Stats   json.RawMessage `json:"stats,omitempty"`
}

// tab is one open event stream. Pending work is merged, never queued
// without bound: changes as a set, the newest statistics, at most
// tabLogBacklog log records (the rest counted in dropped).
type tab struct {
	mu      sync.Mutex
	changed map[string]bool
	stats   json.RawMessage
	seq     int64
	logs    []json.RawMessage
	dropped int
	state   *connState
	wake    chan struct{}
	closed  bool
}

func (t *tab) signal() {
	select {
	case t.wake <- struct{}{}:
	default:
	}
}

// hub owns the daemon subscription and the open tabs.
type hub struct {
	socket  string
	maxTabs int
	log     *slog.Logger

	mu    sync.Mutex
	tabs  map[*tab]struct{}
	state connState
	logs  []json.RawMessage // ring of the last logBacklog records
	stats []json.RawMessage // ring of the last statsBacklog stats
	seq   int64             // of the last kernelEvent
	done  bool
}

func newHub(socket string, maxTabs int, log *slog.Logger) *hub {
	return &hub{socket: socket, maxTabs: maxTabs, log: log, tabs: map[*tab]struct{}{}, state: connState{State: stateConnecting}}
}

func (h *hub) setState(st connState) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.state == st {
		return
	}
	h.state = st
	for t := range h.tabs {
		t.mu.Lock()
		s := st
		t.state = &s
		t.mu.Unlock()
		t.signal()
	}
}

func (h *hub) publishEvent(ev kernelEvent) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(ev.Stats) > 0 {
		h.stats = appendRing(h.stats, ev.Stats, statsBacklog)
	}
	h.seq = ev.Seq
	for t := range h.tabs {
		t.mu.Lock()
		for _, c := range ev.Changed {
			t.changed[c] = true
		}
		if len(ev.Stats) > 0 {
			t.stats = ev.Stats
		}
		t.seq = ev.Seq
		t.mu.Unlock()
		t.signal()
	}
}

func (h *hub) publishLog(rec json.RawMessage) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.logs = appendRing(h.logs, rec, logBacklog)
	for t := range h.tabs {
		t.mu.Lock()
		if len(t.logs) < tabLogBacklog {
			t.logs = append(t.logs, rec)
		} else {
			t.dropped++
		}
		t.mu.Unlock()
		t.signal()
	}
}

func appendRing(ring []json.RawMessage, v json.RawMessage, max int) []json.RawMessage {
	if len(ring) >= max {
		copy(ring, ring[1:])
		ring = ring[:max-1]
	}
	return append(ring, v)
}

// errTooManyTabs refuses a stream beyond MaxTabs.
var errTooManyTabs = errors.New("too many open panel tabs")

// helloEvent is what a new tab starts from.
type helloEvent struct {
	State connState         `json:"state"`
	Seq   int64             `json:"seq"` // of the last kernelEvent
	Logs  []json.RawMessage `json:"logs"`
	Stats []json.RawMessage `json:"stats"`
}

// join adds a tab and returns what it starts from.
func (h *hub) join() (*tab, helloEvent, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.done {
		return nil, helloEvent{}, http.ErrServerClosed
	}
	if len(h.tabs) >= h.maxTabs {
		return nil, helloEvent{}, errTooManyTabs
	}
	t := &tab{changed: map[string]bool{}, wake: make(chan struct{}, 1)}
	h.tabs[t] = struct{}{}
	return t, helloEvent{
		State: h.state,
		Seq:   h.seq,
		Logs:  append([]json.RawMessage{}, h.logs...),
		Stats: append([]json.RawMessage{}, h.stats...),
	}, nil
}

func (h *hub) leave(t *tab) {
	h.mu.Lock()
	delete(h.tabs, t)
	h.mu.Unlock()
}

// closeTabs ends every stream (at shutdown: event streams never finish by
// themselves, and http.Server.Shutdown would wait for them).
func (h *hub) closeTabs() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.done = true
	for t := range h.tabs {
		t.mu.Lock()
		t.closed = true
		t.mu.Unlock()
		t.signal()
	}
}

// run keeps one subscription to the daemon until ctx is done.
func (h *hub) run(ctx context.Context) {
	delay := backoffMin
	for ctx.Err() == nil {
		live, err := h.subscribe(ctx)
		if ctx.Err() != nil {
			return
		}
		var rpcErr *client.RPCError
		if errors.As(err, &rpcErr) && rpcErr.Code == -32601 {
			// An older daemon: no live events. Watch that it stays up, so
			// that the page shows a restart, and try again after one.
			h.setState(connState{State: stateUnsupported, Error: "the daemon has no subscribeKernelEvents method: the panel refreshes after its own actions only"})
			h.publishEvent(kernelEvent{Changed: changeKinds})
			h.watchHealth(ctx)
			delay = backoffMin
			continue
		}
		if live {
			delay = backoffMin // it worked for a while: retry quickly
		}
		msg := "daemon connection lost"
		if err != nil {
			msg = err.Error()
		}
		h.setState(connState{State: stateConnecting, Error: msg})
		if !sleepCtx(ctx, delay) {
			return
		}
		delay = min(2*delay, backoffMax)
	}
}

// watchHealth returns once getStatus fails (or ctx is done).
func (h *hub) watchHealth(ctx context.Context) {
	c := client.New(h.socket)
	for sleepCtx(ctx, healthInterval) {
		cctx, cancel := context.WithTimeout(ctx, subscribeWait)
		err := c.Ping(cctx)
		cancel()
		if err != nil {
			return
		}
	}
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// subscribe makes one subscription and forwards its notifications until
// the connection ends. live reports whether the daemon accepted it.
func (h *hub) subscribe(ctx context.Context) (live bool, err error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", h.socket)
	if err != nil {
		return false, fmt.Errorf("connect to daemon: %w", err)
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	conn.SetDeadline(time.Now().Add(subscribeWait))
	if _, err := conn.Write([]byte(`{"jsonrpc":"2.0","id":1,"method":"subscribeKernelEvents","params":{"log":true}}` + "\n")); err != nil {
		return false, fmt.Errorf("subscribe: %w", err)
	}
	r := bufio.NewReaderSize(conn, 64<<10)
	line, err := readLine(r)
	if err != nil {
		return false, fmt.Errorf("subscribe: %w", err)
	}
	var resp struct {
		Result *struct {
			Subscribed bool `json:"subscribed"`
		} `json:"result"`
		Error *client.RPCError `json:"error"`
	}
	if err := json.Unmarshal(line, &resp); err != nil {
		return false, fmt.Errorf("subscribe: invalid answer: %w", err)
	}
	if resp.Error != nil {
		return false, resp.Error
	}
	if resp.Result == nil || !resp.Result.Subscribed {
		return false, errors.New("subscribe: the daemon did not subscribe")
	}
	conn.SetDeadline(time.Time{})
	h.setState(connState{State: stateLive})
	for {
		line, err := readLine(r)
		if errors.Is(err, errLineTooLong) {
			h.log.Warn("skipped an over-long daemon notification")
			continue
		}
		if err != nil {
			return true, fmt.Errorf("daemon subscription ended: %w", err)
		}
		h.dispatch(line)
	}
}

func (h *hub) dispatch(line []byte) {
	var n struct {
		Method string          `json:"method"`
		Params json.RawMessage `json:"params"`
	}
	if err := json.Unmarshal(line, &n); err != nil {
		h.log.Warn("invalid daemon notification", "err", err)
		return
	}
	switch n.Method {
	case "kernelEvent":
		var ev kernelEvent
		if err := json.Unmarshal(n.Params, &ev); err != nil {
			h.log.Warn("invalid kernelEvent", "err", err)
			return
		}
		known := ev.Changed[:0]
		for _, c := range ev.Changed {
			for _, k := range changeKinds {
				if c == k {
					known = append(known, c)
				}
			}
		}
		ev.Changed = known
		h.publishEvent(ev)
	case "kernelLog":
		if json.Valid(n.Params) && len(n.Params) > 0 {
			h.publishLog(n.Params)
		}
	}
}

var errLineTooLong = errors.New("line too long")

// readLine reads one line without its newline; a line longer than
// maxEventLine is consumed and reported as errLineTooLong.
func readLine(r *bufio.Reader) ([]byte, error) {
	var out []byte
	tooLong := false
	for {
		chunk, err := r.ReadSlice('\n')
		if !tooLong {
			out = append(out, chunk...)
			if len(out) > maxEventLine {
				tooLong, out = true, nil
			}
		}
		if err == nil {
			if tooLong {
				return nil, errLineTooLong
			}
			return bytes.TrimSuffix(out, []byte("\n")), nil
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return nil, err
		}
	}
}

// handleEvents is the server-sent event stream of one tab: "hello" (state,
// log backlog and statistics history), then "kernel", "log", "dropped" and
// "state" events as they come.
func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	t, hello, err := s.hub.join()
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, err.Error())
		return
	}
	defer s.hub.leave(t)
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	var buf bytes.Buffer
	send := func() bool {
		rc.SetWriteDeadline(time.Now().Add(sseWriteTimeout))
		_, err := w.Write(buf.Bytes())
		buf.Reset()
		return err == nil && rc.Flush() == nil
	}
	event(&buf, "hello", hello)
	if !send() {
		return
	}
	keepAlive := time.NewTicker(sseKeepAlive)
	defer keepAlive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-keepAlive.C:
			buf.WriteString(": keep-alive\n\n")
		case <-t.wake:
			t.mu.Lock()
			if t.closed {
				t.mu.Unlock()
				return
			}
			if t.state != nil {
				event(&buf, "state", t.state)
				t.state = nil
			}
			if len(t.changed) > 0 || t.stats != nil {
				changed := []string{}
				for _, k := range changeKinds {
					if t.changed[k] {
						changed = append(changed, k)
					}
				}
				event(&buf, "kernel", map[string]any{"seq": t.seq, "changed": changed, "stats": t.stats})
				clear(t.changed)
				t.stats = nil
			}
			for _, l := range t.logs {
				event(&buf, "log", l)
			}
			t.logs = t.logs[:0]
			if t.dropped > 0 {
				event(&buf, "dropped", map[string]int{"dropped": t.dropped})
				t.dropped = 0
			}
			t.mu.Unlock()
		}
		if !send() {
			return
		}
	}
}

func event(buf *bytes.Buffer, name string, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		return // every value passed here marshals
	}
	buf.WriteString("event: ")
	buf.WriteString(name)
	buf.WriteString("\ndata: ")
	buf.Write(data) // JSON has no raw newlines
	buf.WriteString("\n\n")
}
