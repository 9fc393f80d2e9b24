package kernel

import (
	"context"
	"log/slog"
	"strconv"
	"testing"
)

// blockedNet is a RemoteTransport whose Send waits for the test.
type blockedNet struct {
	RemoteTransport
	entered chan struct{}
	release chan struct{}
	sent    []string // written by the one sender goroutine
}

func (n *blockedNet) Send(_ context.Context, _ string, msg []byte) error {
	n.entered <- struct{}{}
	<-n.release
	n.sent = append(n.sent, string(msg))
	return nil
}

// TestSenderQueueBound: frames for a peer that does not take them wait in
// a bounded queue; beyond it they are dropped (the reliable channel
// retransmits what is pending), and the rest go out in order.
func TestSenderQueueBound(t *testing.T) {
	net := &blockedNet{entered: make(chan struct{}), release: make(chan struct{})}
	k := &Kernel{log: slog.New(slog.DiscardHandler), runCtx: context.Background(), netForSenders: net}
	s := newPeerSender(k, "peer")
	s.enqueue([]byte("0"))
	<-net.entered // frame 0 is being written; the rest queue behind it
	for i := 1; i <= maxSenderQueue+50; i++ {
		s.enqueue([]byte(strconv.Itoa(i)))
	}
	s.mu.Lock()
	queued := len(s.q)
	s.mu.Unlock()
	if queued != maxSenderQueue {
		t.Fatalf("%d frames queued, want the bound %d", queued, maxSenderQueue)
	}
	go func() {
		for range net.entered {
		}
	}()
	close(net.release)
	k.bg.closeAndWait()
	close(net.entered)
	if len(net.sent) != maxSenderQueue+1 {
		t.Fatalf("%d frames sent, want %d", len(net.sent), maxSenderQueue+1)
	}
	for i, f := range net.sent {
		if f != strconv.Itoa(i) {
			t.Fatalf("frame %d is %q: frames went out of order or the wrong ones were dropped", i, f)
		}
	}
}
