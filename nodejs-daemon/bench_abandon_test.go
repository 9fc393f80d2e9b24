package daemon_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
)

// abandonedCalls is how many calls BenchmarkAbandonedQueueMessage makes,
// whatever b.N is; abandonRound is how many of them are in flight at once.
const (
	abandonedCalls = 100_000
	abandonRound   = 1_000
)

// BenchmarkAbandonedQueueMessage measures what the kernel and the daemon
// keep of queueMessage calls that nobody waits for any more. It runs a
// daemon in a process of its own (this test binary, as
// TestAbandonDaemonHelper) on a file database and makes 100,000 hold()
// calls to a go:maker vat (govat/examples), 1,000 clients at a time, each
// on its own connection; once the vat holds a round's calls, their clients
// hang up, so the daemon cancels them while the kernel still owes their
// results. Only then does settle() fulfil the round's results, so that the
// vat keeps nothing either, and what remains once the kernel is quiescent
// is what it and the daemon kept for the abandoned calls.
//
// It reports the daemon's resident memory after a GC: before the calls
// (idle-RSS-MiB), after the first round (round1-RSS-MiB) and after them
// all (RSS-MiB), the last two's ratios to the first (goal: RSS/idle at
// most 1.1) and the last's to the second (RSS/round1: what the other
// 99,000 calls added to what the first 1,000 at once warmed up); its OS
// threads after them all; the kv rows before and after (goal:
// as many); and the time of one abandoned call, wall and the daemon's CPU
// (ns/op, cpu-µs/op). The calls are a fixed workload: b.N is not used,
// and one run takes longer than the default -benchtime, so it runs once.
func BenchmarkAbandonedQueueMessage(b *testing.B) {
	d := startDaemonProcess(b, abandonRound+16)
	a := newAbandoner(b, d.sock)
	idleRows := a.kvRows()
	idle := d.memory()
	cpu0, start := d.cpu(), time.Now()
	a.abandon(abandonRound, abandonRound)
	a.waitQuiescent()
	elapsed, cpu := time.Since(start), d.cpu()-cpu0
	b.StopTimer()
	round1 := d.memory()
	b.StartTimer()
	cpu0, start = d.cpu(), time.Now()
	a.abandon(abandonedCalls-abandonRound, abandonRound)
	a.waitQuiescent()
	elapsed, cpu = elapsed+time.Since(start), cpu+d.cpu()-cpu0
	b.StopTimer()
	rows := a.kvRows()
	after := d.memory()
	b.ReportMetric(float64(elapsed.Nanoseconds())/abandonedCalls, "ns/op")
	b.ReportMetric(float64(cpu.Microseconds())/abandonedCalls, "cpu-µs/op")
	b.ReportMetric(idle.rssMiB, "idle-RSS-MiB")
	b.ReportMetric(round1.rssMiB, "round1-RSS-MiB")
	b.ReportMetric(after.rssMiB, "RSS-MiB")
	b.ReportMetric(round1.rssMiB/idle.rssMiB, "round1-RSS/idle")
	b.ReportMetric(after.rssMiB/idle.rssMiB, "RSS/idle")
	b.ReportMetric(after.rssMiB/round1.rssMiB, "RSS/round1")
	b.ReportMetric(float64(after.threads), "threads")
	b.ReportMetric(float64(idleRows), "idle-kv-rows")
	b.ReportMetric(float64(rows), "kv-rows")
	if rows != idleRows {
		b.Errorf("%d kv rows after the abandoned calls, %d before; promise rows left: %v", rows, idleRows, a.promiseRows())
	}
}

// TestAbandonDaemonHelper is the daemon process of
// BenchmarkAbandonedQueueMessage: it serves a kernel on a file database
// in the directory it is given, says "ready <socket>", and then answers
// each "memory" line on its standard input with its resident memory (kB)
// and threads after a GC that returns freed memory to the OS. It ends
// with its input.
func TestAbandonDaemonHelper(t *testing.T) {
	dir := os.Getenv("OCAP_ABANDON_DAEMON")
	if dir == "" {
		t.Skip("helper process for BenchmarkAbandonedQueueMessage")
	}
	conns, err := strconv.Atoi(os.Getenv("OCAP_ABANDON_CONNS"))
	if err != nil {
		t.Fatal(err)
	}
	_, sock := serveKernel(t, daemon.KernelOptions{DBFilename: filepath.Join(dir, "kernel.sqlite")},
		daemon.ServerOptions{SocketPath: filepath.Join(dir, "daemon.sock"), MaxConnections: conns})
	fmt.Println("ready", sock)
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		if sc.Text() == "memory" {
			runtime.GC()
			fmt.Println(rssMiB(t)*1024, procStatus(t, "Threads"))
		}
	}
}

// daemonProcess is a TestAbandonDaemonHelper process.
type daemonProcess struct {
	tb   testing.TB
	cmd  *exec.Cmd
	in   io.Writer
	out  *bufio.Scanner
	sock string
}

type daemonMemory struct {
	rssMiB  float64
	threads int
}

func startDaemonProcess(tb testing.TB, conns int) *daemonProcess {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestAbandonDaemonHelper$", "-test.count=1", "-test.bench=^$")
	cmd.Env = append(os.Environ(), "OCAP_ABANDON_DAEMON="+shortTempDir(tb), "OCAP_ABANDON_CONNS="+strconv.Itoa(conns))
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	d := &daemonProcess{tb: tb, cmd: cmd, in: in, out: bufio.NewScanner(out)}
	tb.Cleanup(func() {
		in.Close() // the helper ends with its input
		if err := cmd.Wait(); err != nil {
			tb.Errorf("daemon process: %v", err)
		}
	})
	for d.out.Scan() {
		if sock, ok := strings.CutPrefix(d.out.Text(), "ready "); ok {
			d.sock = sock
			return d
		}
	}
	tb.Fatalf("the daemon process ended before it was ready: %v", d.out.Err())
	return nil
}

// memory asks the daemon for its resident memory after a GC.
func (d *daemonProcess) memory() daemonMemory {
	d.tb.Helper()
	if _, err := io.WriteString(d.in, "memory\n"); err != nil {
		d.tb.Fatal(err)
	}
	for d.out.Scan() {
		var m daemonMemory
		var kB float64
		if _, err := fmt.Sscan(d.out.Text(), &kB, &m.threads); err == nil {
			m.rssMiB = kB / 1024
			return m
		}
	}
	d.tb.Fatalf("no answer from the daemon process: %v", d.out.Err())
	return daemonMemory{}
}

// cpu is the CPU time the daemon process has used.
func (d *daemonProcess) cpu() time.Duration {
	d.tb.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", d.cmd.Process.Pid))
	if err != nil {
		d.tb.Fatal(err)
	}
	// Fields after the command name (which may hold spaces): state is
	// the first, utime and stime the 12th and 13th.
	f := strings.Fields(string(raw[bytes.LastIndexByte(raw, ')')+1:]))
	utime, _ := strconv.Atoi(f[11])
	stime, _ := strconv.Atoi(f[12])
	return time.Duration(utime+stime) * time.Second / clockTicks
}

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat times on Linux.
const clockTicks = 100
