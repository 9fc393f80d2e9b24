package daemon_test

import (
	"context"
	"syscall"
	"testing"
	"time"

	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
	"github.com/ocap-kernel/ocap-go/nodejs-daemon/client"
)

// BenchmarkGetStatus is sequential getStatus calls over the Unix socket:
// all over one connection (client.Conn; goal ≥ 50,000/s), and with a
// connection per call as the CLI makes them (client.Client; goal
// ≥ 20,000/s). Client and daemon share the process, so cpu-µs/call (user
// and system time of both halves) shows the cost apart from what else
// runs on the machine.
func BenchmarkGetStatus(b *testing.B) {
	_, sock := startDaemon(b, daemon.ServerOptions{})
	ctx := context.Background()
	b.Run("one connection", func(b *testing.B) {
		conn, err := client.Dial(ctx, sock)
		if err != nil {
			b.Fatal(err)
		}
		defer conn.Close()
		benchCalls(b, func() error {
			_, err := conn.Call(ctx, "getStatus", nil)
			return err
		})
	})
	b.Run("connection per call", func(b *testing.B) {
		c := client.New(sock)
		benchCalls(b, func() error {
			_, err := c.Call(ctx, "getStatus", nil)
			return err
		})
	})
}

func benchCalls(b *testing.B, call func() error) {
	b.ReportAllocs()
	cpu0 := processCPU(b)
	for b.Loop() {
		if err := call(); err != nil {
			b.Fatal(err)
		}
	}
	cpu := processCPU(b) - cpu0
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "calls/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/call")
}

// processCPU is the user and system time this process has used.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
