package libp2p

import (
	"io"
	"testing"
)

// BenchmarkRelayStartup measures StartRelay until both loopback listeners
// are bound, plus Close.
func BenchmarkRelayStartup(b *testing.B) {
	ctx := testContext(b)
	sk := DevIdentity()
	b.ReportAllocs()
	for b.Loop() {
		r, err := StartRelay(ctx, Config{ListenAddrs: loopbackListen, PrivateKey: sk})
		if err != nil {
			b.Fatal(err)
		}
		if err := r.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRelayEcho1KiB measures one 1 KiB echo round trip between two
// NAT-ed hosts through a relay circuit over loopback TCP.
func BenchmarkRelayEcho1KiB(b *testing.B) {
	ctx := testContext(b)
	r := startTestRelay(b, Config{})
	s, _ := openCircuitStream(ctx, b, r, false, false)
	out := make([]byte, 1024)
	in := make([]byte, len(out))
	b.SetBytes(int64(len(out)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Write(out); err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadFull(s, in); err != nil {
			b.Fatal(err)
		}
	}
}
