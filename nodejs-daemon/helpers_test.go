package daemon_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
	"github.com/ocap-kernel/ocap-go/nodejs-daemon/client"
)

// TestMain doubles as the different-uid client of TestPeerCredentials:
// re-executed with OCAP_TEST_CLIENT_SOCKET set, it sends one getStatus and
// prints the response line.
func TestMain(m *testing.M) {
	if sock := os.Getenv("OCAP_TEST_CLIENT_SOCKET"); sock != "" {
		conn, err := net.Dial("unix", sock)
		if err != nil {
			os.Stdout.WriteString("dial error: " + err.Error() + "\n")
			os.Exit(2)
		}
		daemon.WriteLine(conn, `{"jsonrpc":"2.0","id":1,"method":"getStatus"}`, 5*time.Second)
		line, err := daemon.ReadLine(conn, 5*time.Second, 0)
		if err != nil {
			os.Stdout.WriteString("read error: " + err.Error() + "\n")
			os.Exit(3)
		}
		os.Stdout.WriteString(line + "\n")
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// startDaemon runs an in-memory kernel with Go and JS vats behind a socket
// in a fresh directory, as upstream's e2e test does.
func startDaemon(t testing.TB, opts daemon.ServerOptions) (*daemon.Daemon, string) {
	t.Helper()
	return serveKernel(t, daemon.KernelOptions{}, opts)
}

// serveKernel is startDaemon with the kernel's options (a file database,
// say); the daemon is closed when the test ends.
func serveKernel(t testing.TB, kopts daemon.KernelOptions, opts daemon.ServerOptions) (*daemon.Daemon, string) {
	t.Helper()
	dir := shortTempDir(t)
	k, _, err := daemon.MakeKernel(context.Background(), kopts)
	if err != nil {
		t.Fatal(err)
	}
	if err := k.InitIdentity(context.Background()); err != nil {
		t.Fatal(err)
	}
	if opts.SocketPath == "" {
		opts.SocketPath = filepath.Join(dir, "daemon.sock")
	}
	d, err := daemon.StartDaemon(k, opts)
	if err != nil {
		k.Stop()
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d, opts.SocketPath
}

// launchRoot launches a subcluster of one vat, main, running bundleSpec
// and returns its root kref.
func launchRoot(t testing.TB, conn *client.Conn, bundleSpec string) string {
	t.Helper()
	raw, err := conn.Call(context.Background(), "launchSubcluster", map[string]any{"config": map[string]any{
		"bootstrap": "main", "vats": map[string]any{"main": map[string]any{"bundleSpec": bundleSpec}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	var launched struct {
		RootKref string `json:"rootKref"`
	}
	if err := json.Unmarshal(raw, &launched); err != nil || launched.RootKref == "" {
		t.Fatalf("launchSubcluster result %s: %v", raw, err)
	}
	return launched.RootKref
}

// shortTempDir is a temp dir whose paths fit in a sockaddr_un.
func shortTempDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "ocapd")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// rawCall writes request (verbatim) on a new connection and returns
// everything the server sends until it closes.
func rawCall(t testing.TB, sock, request string) string {
	t.Helper()
	conn, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(20 * time.Second))
	if _, err := conn.Write([]byte(request)); err != nil {
		t.Fatal(err)
	}
	conn.(*net.UnixConn).CloseWrite()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := conn.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			return b.String()
		}
	}
}

type response struct {
	JSONRPC string           `json:"jsonrpc"`
	ID      any              `json:"id"`
	Result  json.RawMessage  `json:"result"`
	Error   *client.RPCError `json:"error"`
}

func decode(t testing.TB, line string) response {
	t.Helper()
	var r response
	if err := json.Unmarshal([]byte(line), &r); err != nil {
		t.Fatalf("response %q: %v", line, err)
	}
	return r
}

// rssMiB is this process's resident set after a GC that returns freed
// memory to the OS, so that it counts what is live, not garbage.
func rssMiB(t testing.TB) float64 {
	t.Helper()
	debug.FreeOSMemory()
	return float64(procStatus(t, "VmRSS")) / 1024
}

// procStatus is a number in /proc/self/status: VmRSS (kB), Threads, ...
func procStatus(t testing.TB, field string) int {
	t.Helper()
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			if err != nil {
				t.Fatalf("%s %q: %v", field, rest, err)
			}
			return n
		}
	}
	t.Fatalf("no %s in /proc/self/status", field)
	return 0
}
