package daemon_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
	"github.com/ocap-kernel/ocap-go/nodejs-daemon/client"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/rpc"
)

// TestUpstreamE2E ports upstream's daemon-stack end-to-end test.
func TestUpstreamE2E(t *testing.T) {
	_, sock := startDaemon(t, daemon.ServerOptions{})
	call := func(method, params string) response {
		req := `{"jsonrpc":"2.0","id":"1","method":"` + method + `"`
		if params != "" {
			req += `,"params":` + params
		}
		return decode(t, strings.TrimSuffix(rawCall(t, sock, req+"}\n"), "\n"))
	}
	t.Run("getStatus", func(t *testing.T) {
		r := call("getStatus", "")
		var st map[string]json.RawMessage
		if r.Error != nil || json.Unmarshal(r.Result, &st) != nil || st["vats"] == nil || st["subclusters"] == nil {
			t.Fatalf("getStatus = %+v", r)
		}
		if !strings.Contains(string(st["remoteComms"]), `"state":"identity-only","peerId":"12D3KooW`) {
			t.Fatalf("remoteComms = %s", st["remoteComms"])
		}
	})
	t.Run("unknown method", func(t *testing.T) {
		if r := call("noSuchMethod", "[]"); r.Error == nil || r.Error.Code != -32601 {
			t.Fatalf("got %+v", r)
		}
	})
	t.Run("executeDBQuery", func(t *testing.T) {
		r := call("executeDBQuery", `{"sql":"SELECT key, value FROM kv LIMIT 5"}`)
		var rows []map[string]any
		if r.Error != nil || json.Unmarshal(r.Result, &rows) != nil || len(rows) == 0 {
			t.Fatalf("got %+v", r)
		}
	})
	t.Run("two sequential connections", func(t *testing.T) {
		for range 2 {
			if r := call("getStatus", "[]"); r.Error != nil {
				t.Fatal(r.Error)
			}
		}
	})
	t.Run("terminateAllVats", func(t *testing.T) {
		if r := call("terminateAllVats", "[]"); r.Error != nil || string(r.Result) != "null" {
			t.Fatalf("got %+v", r)
		}
	})
	t.Run("error response shape", func(t *testing.T) {
		line := rawCall(t, sock, `{"jsonrpc":"2.0","id":"1","method":"nope"}`+"\n")
		want := `{"jsonrpc":"2.0","id":"1","error":{"code":-32601,"message":"The method does not exist / is not available."}}` + "\n"
		if line != want {
			t.Fatalf("got %q, want %q", line, want)
		}
	})
}

// TestGoldenFraming replays the framing cases of the upstream transcript.
// Where the server deliberately differs (JSON-RPC 2.0 over a connection
// that stays open, parse errors -32700, batches refused) the case names
// what it answers instead; every other case answers byte for byte as
// recorded.
func TestGoldenFraming(t *testing.T) {
	entries := loadTranscript(t)
	_, sock := startDaemon(t, daemon.ServerOptions{})
	result := func(id string) func(response) bool {
		return func(r response) bool { return r.Error == nil && r.Result != nil && fmt.Sprint(r.ID) == id }
	}
	errorCode := func(code int, message string) func(response) bool {
		return func(r response) bool {
			return r.ID == nil && r.Error != nil && r.Error.Code == code && strings.HasPrefix(r.Error.Message, message)
		}
	}
	parseError := errorCode(-32700, "Parse error: ")
	cases := map[string][]func(response) bool{ // case -> our answers, nil: upstream's
		"invalid JSON line":                                           {parseError},
		"two requests in one write (newline separated)":               {result("13"), result("14")},
		"request followed by a partial second line in the same write": {result("15"), parseError},
		"request without method":                                      nil,
		"request without method, with params":                         nil,
		"method is a number":                                          nil,
		"JSON-RPC batch array":                                        {errorCode(-32600, rpc.BatchMessage)},
		"no trailing newline, client half-closes":                     {result("24")},
		"unknown method":                                              nil,
		"shutdown":                                                    nil,
	}
	seen := 0
	for _, e := range entries {
		want, ok := cases[e.Case]
		if !ok || e.Session != "main" {
			continue
		}
		seen++
		t.Run(e.Case, func(t *testing.T) {
			got := rawCall(t, sock, e.Request)
			if want == nil {
				if got != *e.Response {
					t.Fatalf("got %q, want %q", got, *e.Response)
				}
				return
			}
			lines := strings.SplitAfter(got, "\n")
			if lines[len(lines)-1] != "" || len(lines)-1 != len(want) {
				t.Fatalf("got %q, want %d answer lines", got, len(want))
			}
			for i, ok := range want {
				if r := decode(t, lines[i]); !ok(r) {
					t.Errorf("answer %d: %q", i+1, lines[i])
				}
			}
		})
	}
	if seen != len(cases) {
		t.Fatalf("found %d of %d framing cases in the transcript", seen, len(cases))
	}
}

type transcriptEntry struct {
	Session  string  `json:"session"`
	Case     string  `json:"case"`
	Request  string  `json:"request"`
	Response *string `json:"response"`
}

func loadTranscript(t *testing.T) []transcriptEntry {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.work not found above the test directory")
		}
		dir = parent
	}
	f, err := os.Open(filepath.Join(dir, "testdata", "golden", "rpc-transcript.jsonl"))
	if err != nil {
		t.Fatalf("golden transcript missing: %v", err)
	}
	defer f.Close()
	var out []transcriptEntry
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var e transcriptEntry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatal(err)
		}
		if e.Response != nil {
			out = append(out, e)
		}
	}
	return out
}

func TestShutdownRequestCallsOnShutdown(t *testing.T) {
	called := make(chan struct{})
	_, sock := startDaemon(t, daemon.ServerOptions{OnShutdown: func() { close(called) }})
	got := rawCall(t, sock, `{"jsonrpc":"2.0","id":7,"method":"shutdown"}`+"\n")
	if want := `{"jsonrpc":"2.0","id":7,"result":{"status":"shutting down"}}` + "\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	select {
	case <-called:
	case <-time.After(10 * time.Second):
		t.Fatal("OnShutdown not called")
	}
}

// Hardening 3: an oversized line is refused and a silent client dropped;
// the daemon keeps serving.
func TestRequestLimits(t *testing.T) {
	_, sock := startDaemon(t, daemon.ServerOptions{ReadTimeout: 200 * time.Millisecond})
	t.Run("line over 1 MiB", func(t *testing.T) {
		conn, err := net.Dial("unix", sock)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		go func() { // the server stops reading; ignore the write error
			conn.Write([]byte(`{"jsonrpc":"2.0","id":1,"method":"getStatus","params":["` + strings.Repeat("x", 2<<20) + `"]}` + "\n"))
		}()
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		line, err := bufio.NewReader(conn).ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		r := decode(t, line)
		if r.Error == nil || r.Error.Code != -32600 || !strings.Contains(r.Error.Message, "Request too large") {
			t.Fatalf("got %q", line)
		}
		if _, err := io.ReadAll(conn); err != nil && !errors.Is(err, syscall.ECONNRESET) {
			t.Fatalf("connection not closed: %v", err)
		}
	})
	t.Run("a line of exactly the limit is served", func(t *testing.T) {
		req := `{"jsonrpc":"2.0","id":1,"method":"getStatus","pad":"`
		req += strings.Repeat("x", daemon.DefaultMaxRequestSize-len(req)-2) + `"}`
		if r := decode(t, strings.TrimSpace(rawCall(t, sock, req+"\n"))); r.Error != nil {
			t.Fatal(r.Error)
		}
	})
	t.Run("silent client", func(t *testing.T) {
		conn, err := net.Dial("unix", sock)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		n, err := conn.Read(make([]byte, 1))
		if n != 0 || !errors.Is(err, io.EOF) {
			t.Fatalf("read = %d, %v; want the server to hang up", n, err)
		}
	})
	if r := decode(t, strings.TrimSpace(rawCall(t, sock, `{"jsonrpc":"2.0","id":1,"method":"getStatus"}`+"\n"))); r.Error != nil {
		t.Fatalf("daemon unusable afterwards: %v", r.Error)
	}
}

func TestConcurrentConnections(t *testing.T) {
	_, sock := startDaemon(t, daemon.ServerOptions{})
	// A slow client does not hold up the others.
	slow, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	c := client.New(sock)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			if _, err := c.Call(ctx, "getStatus", nil); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// Hardening 1: socket mode 0600, and peers of another uid are refused.
func TestPeerCredentials(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to run a client under another uid")
	}
	d, sock := startDaemon(t, daemon.ServerOptions{})
	fi, err := os.Stat(sock)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("socket mode %v, want 0600", fi.Mode().Perm())
	}
	// Let uid 65534 reach the socket at all, so that only the peer
	// credential check stands in its way.
	dir := filepath.Dir(d.SocketPath())
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(sock, 0o666); err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "client")
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		uid  uint32
		want string
	}{
		{"root", 0, `"result":{"vats":[]`},
		{"nobody", 65534, `{"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"Permission denied: uid 65534 may not use this daemon"}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(bin)
			cmd.Env = append(os.Environ(), "OCAP_TEST_CLIENT_SOCKET="+sock)
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: tc.uid, Gid: tc.uid}}
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("client: %v: %s", err, out)
			}
			if !strings.Contains(string(out), tc.want) {
				t.Fatalf("client got %q, want %q", out, tc.want)
			}
		})
	}
}

// Hardening 6: a live daemon's socket is never unlinked.
func TestLiveSocketNotReplaced(t *testing.T) {
	_, sock := startDaemon(t, daemon.ServerOptions{})
	k, _, err := daemon.MakeKernel(context.Background(), daemon.KernelOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Stop()
	_, err = daemon.StartRPCSocketServer(daemon.ServerOptions{SocketPath: sock, Kernel: k})
	if !errors.Is(err, daemon.ErrAlreadyRunning) {
		t.Fatalf("second server on a live socket: %v, want ErrAlreadyRunning", err)
	}
	if err := client.New(sock).Ping(context.Background()); err != nil {
		t.Fatalf("first daemon orphaned: %v", err)
	}

	t.Run("stale socket replaced", func(t *testing.T) {
		stale := filepath.Join(shortTempDir(t), "stale.sock")
		ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: stale, Net: "unix"})
		if err != nil {
			t.Fatal(err)
		}
		ln.SetUnlinkOnClose(false)
		ln.Close() // the file stays; nobody listens
		s, err := daemon.StartRPCSocketServer(daemon.ServerOptions{SocketPath: stale, Kernel: k})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if err := client.New(stale).Ping(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("regular file kept", func(t *testing.T) {
		file := filepath.Join(shortTempDir(t), "file.sock")
		os.WriteFile(file, []byte("data"), 0o600)
		if _, err := daemon.StartRPCSocketServer(daemon.ServerOptions{SocketPath: file, Kernel: k}); err == nil {
			t.Fatal("listened over a regular file")
		}
		if b, _ := os.ReadFile(file); string(b) != "data" {
			t.Fatal("regular file replaced")
		}
	})
}

// Hardening 5: executeDBQuery is read-only end to end.
func TestExecuteDBQueryReadOnly(t *testing.T) {
	_, sock := startDaemon(t, daemon.ServerOptions{})
	c := client.New(sock)
	ctx := context.Background()
	for _, sql := range []string{
		"DELETE FROM kv",
		"UPDATE kv SET value = 'x'",
		"INSERT INTO kv VALUES ('a','b')",
		"DROP TABLE kv",
		"PRAGMA writable_schema = 1",
	} {
		t.Run(sql, func(t *testing.T) {
			_, err := c.Call(ctx, "executeDBQuery", map[string]string{"sql": sql})
			var rpcErr *client.RPCError
			if !errors.As(err, &rpcErr) || rpcErr.Code != -32603 {
				t.Fatalf("write accepted or wrong error: %v", err)
			}
		})
	}
	res, err := c.Call(ctx, "executeDBQuery", map[string]string{"sql": "SELECT COUNT(*) AS n FROM kv"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(res), `"n":`) || strings.Contains(string(res), `"n":0`) {
		t.Fatalf("kv after the refused writes: %s", res)
	}
}
