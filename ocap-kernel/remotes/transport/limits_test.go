package transport

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

func TestSlidingWindow(t *testing.T) {
	base := time.Unix(1_700_000_000, 0)
	tests := []struct {
		name    string
		events  []time.Duration // offsets from base, all admitted
		at      time.Duration
		max     int
		wantErr string
	}{
		{"under the limit", []time.Duration{0, 100 * time.Millisecond}, 200 * time.Millisecond, 3, ""},
		{"at the limit", []time.Duration{0, 100 * time.Millisecond, 200 * time.Millisecond}, 300 * time.Millisecond, 3,
			"Rate limit exceeded: 3/3 messageRate in 1000ms window"},
		{"oldest event slid out", []time.Duration{0, 100 * time.Millisecond, 200 * time.Millisecond}, 1000 * time.Millisecond, 3, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var w slidingWindow
			for _, d := range tc.events {
				if err := w.checkAndRecord(base.Add(d), tc.max, time.Second, LimitMessageRate); err != nil {
					t.Fatalf("setup event at %v refused: %v", d, err)
				}
			}
			err := w.checkAndRecord(base.Add(tc.at), tc.max, time.Second, LimitMessageRate)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var rle *ResourceLimitError
			if !errors.As(err, &rle) || err.Error() != tc.wantErr || rle.LimitType != LimitMessageRate {
				t.Fatalf("err = %v, want %q", err, tc.wantErr)
			}
		})
	}
}

func TestMessageRateLimit(t *testing.T) {
	a := newTestPeer(t, withConfig(func(c *Config) { c.MaxMessagesPerSecond = 5 }))
	b := newTestPeer(t)
	a.RegisterLocationHints(b.PeerID(), b.directAddrs())
	var limited error
	for i := 0; i < 60 && limited == nil; i++ {
		err := a.Send(ctxTimeout(t, waitTimeout), b.PeerID(), []byte(`{}`))
		var rle *ResourceLimitError
		switch {
		case errors.As(err, &rle) && rle.LimitType == LimitMessageRate:
			limited = err
		case err != nil:
			t.Fatalf("send %d: %v", i, err)
		}
	}
	if limited == nil {
		t.Fatal("60 sends at full speed never hit a 5 msg/s limit")
	}
	if want := "Rate limit exceeded: 5/5 messageRate in 1000ms window"; limited.Error() != want {
		t.Errorf("error = %q, want %q", limited.Error(), want)
	}
	// The channel survives a rate-limit refusal.
	if a.currentChannel(b.pid()) == nil {
		t.Error("rate limiting closed the channel")
	}
}

func TestConnectionRateLimit(t *testing.T) {
	a := newTestPeer(t, withConfig(func(c *Config) {
		c.MaxConnectionAttemptsPerMinute = 2
		c.MaxRetryAttempts = 1
		neverReconnect(c)
	}))
	gone := newTestPeer(t)
	hints := gone.directAddrs()
	_ = gone.Close()
	a.RegisterLocationHints(gone.PeerID(), hints)
	var errs []error
	for range 3 {
		errs = append(errs, a.Send(ctxTimeout(t, waitTimeout), gone.PeerID(), []byte(`{}`)))
	}
	for i, err := range errs[:2] {
		var rle *ResourceLimitError
		if err == nil || errors.As(err, &rle) {
			t.Errorf("dial %d to a stopped peer = %v, want a dial error", i+1, err)
		}
	}
	var rle *ResourceLimitError
	if !errors.As(errs[2], &rle) || rle.LimitType != LimitConnectionRate ||
		errs[2].Error() != "Rate limit exceeded: 2/2 connectionRate in 60000ms window" {
		t.Errorf("third dial = %v, want connectionRate limit", errs[2])
	}
}

func TestConnectionCap(t *testing.T) {
	b := newTestPeer(t, withConfig(func(c *Config) { c.MaxConcurrentConnections = 1 }))
	a := newTestPeer(t)
	c := newTestPeer(t, withConfig(func(c *Config) { c.MaxRetryAttempts = 1; neverReconnect(c) }))
	a.RegisterLocationHints(b.PeerID(), b.directAddrs())
	c.RegisterLocationHints(b.PeerID(), b.directAddrs())
	b.RegisterLocationHints(c.PeerID(), c.directAddrs())

	mustSend(t, a, b, `"first"`)
	expectMsg(t, b, a, `"first"`)

	// Outbound from b: refused locally.
	err := b.Send(ctxTimeout(t, waitTimeout), c.PeerID(), []byte(`{}`))
	var rle *ResourceLimitError
	if !errors.As(err, &rle) || rle.LimitType != LimitConnection {
		t.Fatalf("b → c at the cap = %v, want connection ResourceLimitError", err)
	}
	if want := "Connection limit reached: 1/1 concurrent connections"; err.Error() != want {
		t.Errorf("error = %q, want %q", err.Error(), want)
	}
	// Inbound to b: refused by b, so c's handshake fails.
	err = c.Send(ctxTimeout(t, waitTimeout), b.PeerID(), []byte(`{}`))
	var he *HandshakeError
	if !errors.As(err, &he) {
		t.Fatalf("c → b at the cap = %v, want HandshakeError", err)
	}
	// b keeps serving a.
	mustSend(t, b, a, `"still here"`)
	expectMsg(t, a, b, `"still here"`)
}

func TestCloseConnectionAndReconnectPeer(t *testing.T) {
	a := newTestPeer(t)
	b := newTestPeer(t, withConfig(func(c *Config) { c.MaxRetryAttempts = 1 }))
	a.RegisterLocationHints(b.PeerID(), b.directAddrs())
	mustSend(t, a, b, `"hello"`)
	expectMsg(t, b, a, `"hello"`)

	if err := a.CloseConnection(b.PeerID()); err != nil {
		t.Fatal(err)
	}
	err := a.Send(ctxTimeout(t, waitTimeout), b.PeerID(), []byte(`{}`))
	var ice *IntentionalCloseError
	if !errors.As(err, &ice) || err.Error() != "Message delivery failed after intentional close" {
		t.Fatalf("send after CloseConnection = %v, want IntentionalCloseError", err)
	}
	// a refuses b's re-dial while intentionally closed.
	b.RegisterLocationHints(a.PeerID(), a.directAddrs())
	eventually(t, "b to lose its channel", func() bool { return b.currentChannel(a.pid()) == nil })
	if err := b.Send(ctxTimeout(t, waitTimeout), a.PeerID(), []byte(`{}`)); err == nil {
		t.Fatal("a accepted a channel from an intentionally closed peer")
	}

	a.ReconnectPeer(b.PeerID(), nil)
	eventually(t, "a to reconnect", func() bool { return a.currentChannel(b.pid()) != nil })
	mustSend(t, a, b, `"again"`)
	expectMsg(t, b, a, `"again"`)
}

func TestSimultaneousDial(t *testing.T) {
	for round := range 5 {
		t.Run(fmt.Sprint("round ", round), func(t *testing.T) {
			a := newTestPeer(t)
			b := newTestPeer(t)
			a.RegisterLocationHints(b.PeerID(), b.directAddrs())
			b.RegisterLocationHints(a.PeerID(), a.directAddrs())
			var wg sync.WaitGroup
			wg.Add(2)
			go func() { defer wg.Done(); _ = a.Send(context.Background(), b.PeerID(), []byte(`"a"`)) }()
			go func() { defer wg.Done(); _ = b.Send(context.Background(), a.PeerID(), []byte(`"b"`)) }()
			wg.Wait()
			// Whatever won, the peers converge on one shared stream.
			deliverEventually(t, a, b, "a2b")
			deliverEventually(t, b, a, "b2a")
			eventually(t, "one stream on each side", func() bool {
				return whateverStreams(a, b.pid()) == 1 && whateverStreams(b, a.pid()) == 1
			})
		})
	}
}

func TestClose(t *testing.T) {
	a := newTestPeer(t)
	b := newTestPeer(t)
	a.RegisterLocationHints(b.PeerID(), b.directAddrs())
	mustSend(t, a, b, `"x"`)
	expectMsg(t, b, a, `"x"`)
	for range 2 {
		if err := a.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
	}
	if err := a.Send(ctxTimeout(t, waitTimeout), b.PeerID(), []byte(`{}`)); !errors.Is(err, ErrNetworkStopped) || err.Error() != "Network stopped" {
		t.Fatalf("send after Close = %v, want ErrNetworkStopped", err)
	}
	// b sees a clean close as connection loss and keeps serving.
	eventually(t, "b to drop the channel", func() bool { return b.currentChannel(a.pid()) == nil })
}
