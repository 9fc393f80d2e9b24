package daemon_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"reflect"
	"testing"
	"time"

	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
)

type notification struct {
	JSONRPC string `json:"jsonrpc"`
	Method  string `json:"method"`
	Params  struct {
		Seq     uint64         `json:"seq"`
		Changed []string       `json:"changed"`
		Stats   map[string]any `json:"stats"`
		Msg     string         `json:"msg"`
		Level   string         `json:"level"`
		VatID   string         `json:"vatId"`
		Attrs   map[string]any `json:"attrs"`
		Dropped int            `json:"dropped"`
	} `json:"params"`
}

// subscribe runs Serve in the background; each notification arrives on the
// returned channel, and Serve blocks in send until the test takes it.
func subscribe(t *testing.T, h *daemon.Hub, logs bool) (<-chan notification, <-chan error, context.CancelFunc) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	out := make(chan notification)
	errc := make(chan error, 1)
	go func() {
		errc <- h.Serve(ctx, logs, nil, func(line []byte) error {
			var n notification
			if err := json.Unmarshal(line, &n); err != nil {
				return err
			}
			select {
			case out <- n:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	t.Cleanup(cancel)
	return out, errc, cancel
}

func next(t *testing.T, c <-chan notification) notification {
	t.Helper()
	select {
	case n := <-c:
		return n
	case <-time.After(10 * time.Second):
		t.Fatal("no notification")
		return notification{}
	}
}

func TestHubEvents(t *testing.T) {
	h := daemon.NewHub(daemon.HubOptions{Interval: -1})
	defer h.Close()
	c, _, _ := subscribe(t, h, false)

	first := next(t, c)
	if first.Method != "kernelEvent" || first.JSONRPC != "2.0" || first.Params.Seq != 1 ||
		!reflect.DeepEqual(first.Params.Changed, []string{"vats", "subclusters", "objects", "remote"}) {
		t.Fatalf("first notification = %+v, want a kernelEvent naming every kind", first)
	}
	h.Note(daemon.ChangedObjects, 7, 2)
	n := next(t, c)
	if n.Params.Seq != 2 || !reflect.DeepEqual(n.Params.Changed, []string{"objects"}) ||
		n.Params.Stats["cranks"] != 7.0 || n.Params.Stats["queueLength"] != 2.0 {
		t.Fatalf("after Note = %+v", n)
	}
}

// A subscriber that does not read has its changes merged, not queued.
func TestHubCoalesces(t *testing.T) {
	h := daemon.NewHub(daemon.HubOptions{Interval: -1})
	defer h.Close()
	c, _, _ := subscribe(t, h, false)
	next(t, c) // the first event
	h.Note(daemon.ChangedVats, 1, 0)
	// Serve is now blocked sending the vats event, or about to: the
	// thousand later changes are merged while it waits, into one event (or
	// two, or three, as the hub's and Serve's goroutines interleave).
	for i := range 1000 {
		h.Note(daemon.ChangedSubclusters|daemon.ChangedRemote, uint64(2+i), 0)
	}
	got := map[string]bool{}
	var events int
	for !got["subclusters"] || !got["vats"] || !got["remote"] {
		n := next(t, c)
		events++
		for _, k := range n.Params.Changed {
			got[k] = true
		}
	}
	if events > 4 {
		t.Errorf("%d events for 1001 changes", events)
	}
}

func TestHubLogs(t *testing.T) {
	h := daemon.NewHub(daemon.HubOptions{Interval: -1})
	defer h.Close()
	log := slog.New(h.LogHandler(slog.NewTextHandler(io.Discard, nil)))
	quiet, _, _ := subscribe(t, h, false)
	c, _, _ := subscribe(t, h, true)
	next(t, quiet)
	next(t, c)

	log.With("vat", "v3").Info("vat terminated", "reason", "done", "count", 2)
	n := next(t, c)
	if n.Method != "kernelLog" || n.Params.Msg != "vat terminated" || n.Params.VatID != "v3" || n.Params.Level != "INFO" ||
		!reflect.DeepEqual(n.Params.Attrs, map[string]any{"reason": "done", "count": 2.0}) {
		t.Fatalf("log notification = %+v", n.Params)
	}

	// 1000 records while the subscriber does not read: it gets at most
	// its queue's worth and is told how many it missed.
	const total = 1000
	for range total {
		log.Info("line")
	}
	seen, dropped := 0, 0
	for seen+dropped < total {
		n := next(t, c)
		if n.Method != "kernelLog" {
			continue
		}
		if n.Params.Dropped > 0 {
			dropped += n.Params.Dropped
		} else {
			seen++
		}
	}
	if seen+dropped != total || dropped == 0 {
		t.Errorf("seen %d, dropped %d of %d", seen, dropped, total)
	}
	select {
	case n := <-quiet:
		t.Errorf("a subscriber without logs got %+v", n)
	default:
	}
}

func TestHubBounds(t *testing.T) {
	h := daemon.NewHub(daemon.HubOptions{Interval: -1})
	subs := make([]<-chan error, 0, daemon.MaxSubscribers)
	for range daemon.MaxSubscribers {
		c, errc, _ := subscribe(t, h, true)
		next(t, c) // registered
		subs = append(subs, errc)
	}
	err := h.Serve(t.Context(), false, nil, func([]byte) error { return nil })
	if !errors.Is(err, daemon.ErrTooManySubscribers) {
		t.Fatalf("subscriber %d: %v, want ErrTooManySubscribers", daemon.MaxSubscribers+1, err)
	}
	h.Close()
	for _, errc := range subs {
		if err := <-errc; err == nil {
			t.Error("Serve returned nil after Close")
		}
	}
	// A failing send ends Serve with its error.
	boom := errors.New("boom")
	h2 := daemon.NewHub(daemon.HubOptions{})
	defer h2.Close()
	if err := h2.Serve(t.Context(), false, nil, func([]byte) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("Serve = %v, want the send error", err)
	}
}
