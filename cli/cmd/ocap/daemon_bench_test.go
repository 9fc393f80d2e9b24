package main

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
)

// Whole-process benchmarks of the ocap daemon commands (start, stop,
// purge, exec, idle RSS), the figures compared with upstream's in
// nodejs-daemon/README.md. Each op runs the real ocap binary.

func BenchmarkDaemonExecGetStatus(b *testing.B) {
	home := ocapHome(b)
	mustOcap(b, home, "daemon", "start")
	for b.Loop() {
		mustOcap(b, home, "daemon", "exec", "getStatus")
	}
}

// BenchmarkDaemonStartStop is a cold start to ready, then stop; each is
// reported separately (ms-start, ms-stop).
func BenchmarkDaemonStartStop(b *testing.B) {
	home := ocapHome(b)
	var start, stop time.Duration
	for b.Loop() {
		t0 := time.Now()
		mustOcap(b, home, "daemon", "start")
		t1 := time.Now()
		mustOcap(b, home, "daemon", "stop")
		start += t1.Sub(t0)
		stop += time.Since(t1)
	}
	b.ReportMetric(float64(start.Microseconds())/1000/float64(b.N), "ms-start")
	b.ReportMetric(float64(stop.Microseconds())/1000/float64(b.N), "ms-stop")
}

// BenchmarkDaemonPurge is `purge --force` with the daemon stopped.
func BenchmarkDaemonPurge(b *testing.B) {
	home := ocapHome(b)
	for b.Loop() {
		b.StopTimer()
		mustOcap(b, home, "daemon", "start")
		mustOcap(b, home, "daemon", "stop")
		b.StartTimer()
		mustOcap(b, home, "daemon", "purge", "--force")
	}
}

// BenchmarkDaemonIdleRSS reports the resident memory of an idle daemon.
func BenchmarkDaemonIdleRSS(b *testing.B) {
	home := ocapHome(b)
	mustOcap(b, home, "daemon", "start")
	mustOcap(b, home, "daemon", "exec", "getStatus")
	pid, _, _ := daemon.LockHolder(daemon.Layout{Home: home}.Lock())
	var rss float64
	for b.Loop() {
		data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
		if err != nil {
			b.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
				kb, _ := strconv.ParseFloat(f[1], 64)
				rss = kb / 1024
			}
		}
	}
	b.ReportMetric(rss, "MiB-rss")
}
