package transport

import (
	"context"
	"strings"
	"testing"
	"time"
)

// BenchmarkRoundTrip measures request/reply round trips of 1 KiB messages
// between two transports on loopback, directly over TCP and through a
// relay circuit.
func BenchmarkRoundTrip(b *testing.B) {
	unlimited := func(c *Config) { c.MaxMessagesPerSecond = 1 << 30 }
	cases := []struct {
		name  string
		setup func(b *testing.B) (client *testPeer, server func(h func(string, []byte)) *testPeer)
	}{
		{"direct", func(b *testing.B) (*testPeer, func(func(string, []byte)) *testPeer) {
			client := newTestPeer(b, withConfig(unlimited))
			return client, func(h func(string, []byte)) *testPeer {
				s := newTestPeer(b, withConfig(unlimited), withConfig(func(c *Config) { c.Handler = h }))
				client.RegisterLocationHints(s.PeerID(), s.directAddrs())
				return s
			}
		}},
		{"relay", func(b *testing.B) (*testPeer, func(func(string, []byte)) *testPeer) {
			relay := startRelay(b, []string{"/ip4/127.0.0.1/tcp/0"})
			relayOnly := withConfig(func(c *Config) { c.Relays = []string{relayTCPAddr(b, relay)}; c.DirectListenAddrs = []string{} })
			client := newTestPeer(b, withConfig(unlimited), relayOnly)
			return client, func(h func(string, []byte)) *testPeer {
				s := newTestPeer(b, withConfig(unlimited), relayOnly, withConfig(func(c *Config) { c.Handler = h }))
				eventually(b, "reservations", func() bool { return client.hasCircuitAddr() && s.hasCircuitAddr() })
				return s
			}
		}},
	}
	msg := []byte(`"` + strings.Repeat("m", 1024-2) + `"`)
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			client, startServer := tc.setup(b)
			var server *testPeer
			server = startServer(func(from string, m []byte) {
				if err := server.Send(context.Background(), from, m); err != nil {
					b.Errorf("echo: %v", err)
				}
			})
			ctx := context.Background()
			roundTrip := func() {
				if err := client.Send(ctx, server.PeerID(), msg); err != nil {
					b.Fatalf("send: %v", err)
				}
				select {
				case <-client.got:
				case <-time.After(waitTimeout):
					b.Fatal("no echo")
				}
			}
			roundTrip() // dial and handshake outside the timed loop
			b.ReportAllocs()
			b.ResetTimer()
			start := time.Now()
			for b.Loop() {
				roundTrip()
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "roundtrips/s")
		})
	}
}
