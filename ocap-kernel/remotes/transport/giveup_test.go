package transport

import (
	"testing"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
)

func TestGiveUpAndRevive(t *testing.T) {
	tests := []struct {
		name        string
		maxAttempts int
		wantPerm    bool
	}{
		{"permanent failure after repeated ECONNREFUSED", 0, true},
		{"max retry attempts", 2, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := newTestPeer(t, withConfig(func(c *Config) { c.MaxRetryAttempts = tc.maxAttempts }))
			seed, inc := randomSeed(t), randomUUID(t)
			b := newTestPeer(t, withSeed(seed), withInc(inc))
			hints := b.directAddrs()
			a.RegisterLocationHints(b.PeerID(), hints)
			mustSend(t, a, b, `"hi"`)
			expectMsg(t, b, a, `"hi"`)

			_ = b.Close()
			select {
			case id := <-a.giveUps:
				if id != b.PeerID() {
					t.Fatalf("OnGiveUp(%s), want %s", id, b.PeerID())
				}
			case <-time.After(waitTimeout):
				t.Fatal("OnGiveUp not called")
			}
			a.mu.Lock()
			perm := a.peers[b.pid()].permFailed
			a.mu.Unlock()
			if perm != tc.wantPerm {
				t.Errorf("permanently failed = %v, want %v", perm, tc.wantPerm)
			}

			// The peer comes back; a user send revives it.
			var listen []string
			for _, h := range hints {
				tr, _ := peer.SplitAddr(ma.StringCast(h))
				listen = append(listen, tr.String())
			}
			b2 := newTestPeer(t, withSeed(seed), withInc(inc), withListen(listen...))
			mustSend(t, a, b2, `"back"`)
			expectMsg(t, b2, a, `"back"`)
		})
	}
}
