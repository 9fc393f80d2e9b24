package daemon_test

import (
	"context"
	"testing"

	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
	"github.com/ocap-kernel/ocap-go/nodejs-daemon/client"
)

// BenchmarkGetStatusRawSocket is sequential getStatus calls over the Unix
// socket, one connection each, as the CLI makes them (goal ≥ 20,000/s).
func BenchmarkGetStatusRawSocket(b *testing.B) {
	_, sock := startDaemon(b, daemon.ServerOptions{})
	c := client.New(sock)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if _, err := c.Call(ctx, "getStatus", nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "calls/s")
}
