package kernel_test

import (
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkPingPong measures deliveries per second of two Go vats making
// sequential awaited round trips (each one a send and a notify, i.e. two
// deliveries and two cranks), on a durable file database and in memory.
func BenchmarkPingPong(b *testing.B) {
	for _, tc := range []struct{ name, path string }{
		{"file", ""},
		{"memory", ":memory:"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			path := tc.path
			if path == "" {
				path = filepath.Join(b.TempDir(), "kernel.sqlite")
			}
			h := newHarness(b, path)
			h.launch("ping", map[string]string{"ping": "pinger", "pong": "pinger"})
			root := h.rootOf("v1")
			h.mustSend(root, "rally", 10) // warm up
			b.ReportAllocs()
			b.ResetTimer()
			start := time.Now()
			h.mustSend(root, "rally", b.N)
			elapsed := time.Since(start)
			b.StopTimer()
			deliveries := float64(2 * b.N)
			b.ReportMetric(deliveries/elapsed.Seconds(), "deliveries/s")
			b.ReportMetric(float64(elapsed.Nanoseconds())/deliveries, "ns/delivery")
		})
	}
}

// BenchmarkBurst sends 1000 messages at once from one vat to another and
// awaits them all.
func BenchmarkBurst(b *testing.B) {
	path := filepath.Join(b.TempDir(), "kernel.sqlite")
	h := newHarness(b, path)
	h.launch("ping", map[string]string{"ping": "pinger", "pong": "pinger"})
	root := h.rootOf("v1")
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		h.mustSend(root, "burst", 1000)
	}
	elapsed := time.Since(start)
	b.ReportMetric(float64(1000*b.N)/elapsed.Seconds(), "roundtrips/s")
}
