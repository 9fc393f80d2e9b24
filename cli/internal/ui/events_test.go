package ui

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ocap-kernel/ocap-go/cli/internal/daemontest"
)

// TestTabBounds: a tab that never reads keeps merged changes, the newest
// statistics and at most tabLogBacklog log records; the server's own
// backlogs are bounded too.
func TestTabBounds(t *testing.T) {
	h := newHub("/nonexistent", 4, slog.New(slog.DiscardHandler))
	tb, _, err := h.join()
	if err != nil {
		t.Fatal(err)
	}
	const logs, events = 3 * logBacklog, 2 * statsBacklog
	for i := range logs {
		h.publishLog(json.RawMessage(fmt.Sprintf(`{"msg":"m%d"}`, i)))
	}
	for i := range events {
		changed := []string{changeKinds[i%2]}
		h.publishEvent(kernelEvent{Seq: int64(i), Changed: changed, Stats: json.RawMessage(fmt.Sprintf(`{"cranks":%d}`, i))})
	}
	tb.mu.Lock()
	defer tb.mu.Unlock()
	if len(tb.logs) != tabLogBacklog || tb.dropped != logs-tabLogBacklog {
		t.Fatalf("tab holds %d log records and %d dropped, want %d and %d", len(tb.logs), tb.dropped, tabLogBacklog, logs-tabLogBacklog)
	}
	if len(tb.changed) != 2 || !tb.changed["vats"] || !tb.changed["subclusters"] {
		t.Fatalf("tab changes %v", tb.changed)
	}
	if want := fmt.Sprintf(`{"cranks":%d}`, events-1); string(tb.stats) != want || tb.seq != events-1 {
		t.Fatalf("tab stats %s seq %d, want the newest %s", tb.stats, tb.seq, want)
	}
	if len(h.logs) != logBacklog || len(h.stats) != statsBacklog {
		t.Fatalf("server keeps %d log records and %d stats, want %d and %d", len(h.logs), len(h.stats), logBacklog, statsBacklog)
	}
	if string(h.logs[logBacklog-1]) != fmt.Sprintf(`{"msg":"m%d"}`, logs-1) {
		t.Fatalf("newest kept record %s", h.logs[logBacklog-1])
	}
}

// sseStream reads server-sent events.
type sseStream struct {
	t      *testing.T
	r      *bufio.Reader
	cancel context.CancelFunc
}

func openEvents(t *testing.T, c *panelClient) *sseStream {
	t.Helper()
	// A failure deadline for the whole test's stream, not a pacing guess.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	req, err := http.NewRequestWithContext(ctx, "GET", c.origin()+"/api/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.AddCookie(&http.Cookie{Name: c.s.cookie, Value: c.s.Token()})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("events: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	t.Cleanup(func() { cancel(); res.Body.Close() })
	return &sseStream{t: t, r: bufio.NewReader(res.Body), cancel: cancel}
}

// next returns the next event's name and data.
func (s *sseStream) next() (string, string) {
	s.t.Helper()
	var name, data string
	for {
		line, err := s.r.ReadString('\n')
		if err != nil {
			s.t.Fatalf("event stream: %v", err)
		}
		line = strings.TrimSuffix(line, "\n")
		switch {
		case line == "" && name != "":
			return name, data
		case strings.HasPrefix(line, "event: "):
			name = line[len("event: "):]
		case strings.HasPrefix(line, "data: "):
			data = line[len("data: "):]
		}
	}
}

// waitState reads events until a state event (or hello) whose state is one
// of want, and returns it with the highest kernelEvent seq seen so far.
func (s *sseStream) waitState(seq int64, want ...string) (string, int64) {
	s.t.Helper()
	for {
		name, data := s.next()
		var st connState
		switch name {
		case "state":
			json.Unmarshal([]byte(data), &st)
		case "hello":
			var h helloEvent
			json.Unmarshal([]byte(data), &h)
			st, seq = h.State, max(seq, h.Seq)
		case "kernel":
			var ev kernelEvent
			json.Unmarshal([]byte(data), &ev)
			seq = max(seq, ev.Seq)
			continue
		default:
			continue
		}
		for _, w := range want {
			if st.State == w {
				return st.State, seq
			}
		}
	}
}

// TestEventsFollowDaemon: the stream says when the daemon goes away and
// when it is back; with a daemon that has subscribeKernelEvents, a change
// made outside the panel arrives as a kernel event naming it, with the
// daemon's statistics, and the vats' log records arrive too.
func TestEventsFollowDaemon(t *testing.T) {
	d := daemontest.Start(t)
	s := startPanel(t, d, Options{})
	c := newPanelClient(t, s)
	ev := openEvents(t, c)
	state, seq := ev.waitState(0, stateLive, stateUnsupported)
	if state != stateLive {
		t.Fatalf("state %s: the daemon's subscribeKernelEvents should feed the panel", state)
	}
	// The subscription's first event (all kinds) may still be on its
	// way: wait for it, so that the launch's event is a later one.
	for seq == 0 {
		if name, data := ev.next(); name == "kernel" {
			var k kernelEvent
			json.Unmarshal([]byte(data), &k)
			seq = k.Seq
		}
	}
	d.Call("launchSubcluster", map[string]json.RawMessage{"config": helloCluster(t, sampleBundle(t))})
	sawVats, sawLog := false, false
	for !sawVats || !sawLog {
		name, data := ev.next()
		switch name {
		case "kernel":
			var k kernelEvent
			json.Unmarshal([]byte(data), &k)
			if k.Seq > seq && strings.Contains(data, `"vats"`) && strings.Contains(data, `"cranks"`) {
				sawVats = true
			}
		case "log":
			sawLog = sawLog || strings.Contains(data, `"vatId":"v1"`) && strings.Contains(data, "bootstrap Alice")
		}
	}
	d.Stop()
	ev.waitState(0, stateConnecting)
	d.Start()
	if got, _ := ev.waitState(0, stateLive, stateUnsupported); got != state {
		t.Fatalf("after the restart the state is %s, before it was %s", got, state)
	}
	// A reloaded page (a new stream) starts from the current state.
	ev2 := openEvents(t, c)
	name, data := ev2.next()
	if name != "hello" || !strings.Contains(data, `"state":"`+state+`"`) {
		t.Fatalf("new stream starts with %s %s", name, data)
	}
}

func TestMaxTabs(t *testing.T) {
	d := daemontest.Start(t)
	s := startPanel(t, d, Options{MaxTabs: 1})
	c := newPanelClient(t, s)
	ev := openEvents(t, c)
	if name, _ := ev.next(); name != "hello" {
		t.Fatalf("first event %s", name)
	}
	code, body := c.request("GET", "/api/events", "", nil)
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "too many open panel tabs") {
		t.Fatalf("second tab: %d %s", code, body)
	}
}

// TestDispatch: what the hub makes of the daemon's notification lines.
func TestDispatch(t *testing.T) {
	for _, tc := range []struct {
		name, line  string
		changed     []string
		stats, logs string
	}{
		{"event", `{"jsonrpc":"2.0","method":"kernelEvent","params":{"seq":3,"changed":["vats","objects"],"stats":{"cranks":9,"queueLength":1,"uptimeMs":5}}}`,
			[]string{"objects", "vats"}, `{"cranks":9,"queueLength":1,"uptimeMs":5}`, ""},
		{"unknown kinds dropped", `{"jsonrpc":"2.0","method":"kernelEvent","params":{"seq":4,"changed":["vats","weather"]}}`,
			[]string{"vats"}, "", ""},
		{"log", `{"jsonrpc":"2.0","method":"kernelLog","params":{"time":"2026-12-02T01:02:03.456Z","level":"INFO","msg":"hi","vatId":"v1"}}`,
			nil, "", `{"time":"2026-12-02T01:02:03.456Z","level":"INFO","msg":"hi","vatId":"v1"}`},
		{"dropped", `{"jsonrpc":"2.0","method":"kernelLog","params":{"dropped":17}}`, nil, "", `{"dropped":17}`},
		{"not JSON", `{"jsonrpc":`, nil, "", ""},
		{"bad params", `{"jsonrpc":"2.0","method":"kernelEvent","params":{"changed":"vats"}}`, nil, "", ""},
		{"other method", `{"jsonrpc":"2.0","method":"somethingElse","params":{}}`, nil, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHub("/nonexistent", 4, slog.New(slog.DiscardHandler))
			tb, _, err := h.join()
			if err != nil {
				t.Fatal(err)
			}
			h.dispatch([]byte(tc.line))
			tb.mu.Lock()
			defer tb.mu.Unlock()
			var changed []string
			for _, k := range changeKinds {
				if tb.changed[k] {
					changed = append(changed, k)
				}
			}
			want := append([]string(nil), tc.changed...)
			slices.Sort(want)
			slices.Sort(changed)
			if strings.Join(changed, ",") != strings.Join(want, ",") || string(tb.stats) != tc.stats {
				t.Fatalf("changed %v stats %s, want %v %s", changed, tb.stats, want, tc.stats)
			}
			logs := ""
			if len(tb.logs) > 0 {
				logs = string(tb.logs[0])
			}
			if logs != tc.logs || len(tb.logs) > 1 {
				t.Fatalf("logs %q, want %q", tb.logs, tc.logs)
			}
		})
	}
}
