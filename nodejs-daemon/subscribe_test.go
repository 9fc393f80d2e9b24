package daemon_test

import (
	"bufio"
	"encoding/json"
	"net"
	"strings"
	"testing"
	"time"

	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
)

func TestSubscribeRequests(t *testing.T) {
	hub := daemon.NewHub(daemon.HubOptions{Interval: -1})
	defer hub.Close()
	_, sock := startDaemon(t, daemon.ServerOptions{Events: hub})
	_, plain := startDaemon(t, daemon.ServerOptions{})
	tests := []struct {
		name, sock, request, want string
	}{
		{"not offered", plain, `{"jsonrpc":"2.0","id":1,"method":"subscribeKernelEvents"}`, `{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"The method does not exist / is not available."}}`},
		{"unknown param", sock, `{"jsonrpc":"2.0","id":"a","method":"subscribeKernelEvents","params":{"logs":true}}`, "Invalid params: At path: logs"},
		{"bad log", sock, `{"jsonrpc":"2.0","id":2,"method":"subscribeKernelEvents","params":{"log":1}}`, "At path: log -- Expected a value of type `boolean`"},
		{"params not an object", sock, `{"jsonrpc":"2.0","id":2,"method":"subscribeKernelEvents","params":[true]}`, "Invalid params: Expected an object"},
		{"exact id", sock, `{"jsonrpc":"2.0","id":123456789012345678901234567890,"method":"subscribeKernelEvents"}`, `{"jsonrpc":"2.0","id":123456789012345678901234567890,"result":{"subscribed":true}}`},
		{"bad envelope goes to the ordinary handler", sock, `{"jsonrpc":"1.0","id":3,"method":"subscribeKernelEvents"}`, `"code":-32600`},
		{"the name as a parameter is no subscription", sock, `{"jsonrpc":"2.0","id":4,"method":"pingVat","params":{"id":"subscribeKernelEvents"}}`, `"code":-32602`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// rawCall half-closes after the request: a subscription then
			// ends after its first answer line.
			out := rawCall(t, tc.sock, tc.request+"\n")
			first, _, _ := strings.Cut(out, "\n")
			if !strings.Contains(first, tc.want) {
				t.Fatalf("answer %q, want it to contain %q", first, tc.want)
			}
		})
	}
}

// TestSubscribeStream: after the answer the connection carries the hub's
// notifications; a refused request leaves the connection usable.
func TestSubscribeStream(t *testing.T) {
	hub := daemon.NewHub(daemon.HubOptions{Interval: -1})
	defer hub.Close()
	_, sock := startDaemon(t, daemon.ServerOptions{Events: hub, ReadTimeout: 200 * time.Millisecond})
	conn, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(20 * time.Second))
	r := bufio.NewReader(conn)
	line := func() map[string]any {
		t.Helper()
		l, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	conn.Write([]byte(`{"jsonrpc":"2.0","id":1,"method":"subscribeKernelEvents","params":{"log":"yes"}}` + "\n"))
	if m := line(); m["error"] == nil {
		t.Fatalf("bad params answered %v", m)
	}
	conn.Write([]byte(`{"jsonrpc":"2.0","id":2,"method":"subscribeKernelEvents","params":{"log":true}}` + "\n"))
	if m := line(); m["result"] == nil {
		t.Fatalf("subscribe answered %v", m)
	}
	if m := line(); m["method"] != "kernelEvent" {
		t.Fatalf("first notification %v", m)
	}
	// Longer than the idle timeout: a stream has none.
	time.Sleep(400 * time.Millisecond)
	hub.Note(daemon.ChangedVats, 9, 1)
	m := line()
	params, _ := m["params"].(map[string]any)
	if m["method"] != "kernelEvent" || params["seq"] != 2.0 {
		t.Fatalf("after Note: %v", m)
	}
}

// TestRunStreamsLogs: the daemon process streams its own log records to a
// subscriber that asks for them.
func TestRunStreamsLogs(t *testing.T) {
	home := shortTempDir(t)
	runInBackground(t, daemon.RunOptions{Home: home, MaxRequestSize: 90})
	sock := daemon.Layout{Home: home}.Socket()
	conn, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(20 * time.Second))
	r := bufio.NewReader(conn)
	conn.Write([]byte(`{"jsonrpc":"2.0","id":1,"method":"subscribeKernelEvents","params":{"log":true}}` + "\n"))
	for _, want := range []string{`"result":{"subscribed":true}`, `"method":"kernelEvent"`} {
		if l, err := r.ReadString('\n'); err != nil || !strings.Contains(l, want) {
			t.Fatalf("got %q, %v; want %s", l, err, want)
		}
	}
	// A request line over the limit is logged as a warning.
	rawCall(t, sock, `{"jsonrpc":"2.0","id":1,"method":"getStatus","params":"`+strings.Repeat("x", 100)+`"}`+"\n")
	for {
		l, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(l, `"method":"kernelLog"`) && strings.Contains(l, "request line too long") {
			if !strings.Contains(l, `"level":"WARN"`) || !strings.Contains(l, `"limit":90`) {
				t.Errorf("log notification %s", l)
			}
			return
		}
	}
}

// TestRunStreamsKernelChanges: the daemon's kernel feeds the stream, so a
// launch is seen as a change of vats, subclusters and objects.
func TestRunStreamsKernelChanges(t *testing.T) {
	home := shortTempDir(t)
	runInBackground(t, daemon.RunOptions{Home: home})
	sock := daemon.Layout{Home: home}.Socket()
	conn, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(20 * time.Second))
	r := bufio.NewReader(conn)
	conn.Write([]byte(`{"jsonrpc":"2.0","id":1,"method":"subscribeKernelEvents"}` + "\n"))
	for _, want := range []string{`"subscribed":true`, `"method":"kernelEvent"`} {
		if l, err := r.ReadString('\n'); err != nil || !strings.Contains(l, want) {
			t.Fatalf("got %q, %v; want %s", l, err, want)
		}
	}
	out := rawCall(t, sock, `{"jsonrpc":"2.0","id":2,"method":"launchSubcluster","params":{"config":{"bootstrap":"c","vats":{"c":{"bundleSpec":"go:counter"}}}}}`+"\n")
	if !strings.Contains(out, `"rootKref"`) {
		t.Fatalf("launch: %s", out)
	}
	seen := map[string]bool{}
	for !seen["vats"] || !seen["subclusters"] || !seen["objects"] {
		l, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("read: %v (seen %v)", err, seen)
		}
		var n struct {
			Params struct {
				Changed []string
				Stats   struct{ Cranks int }
			}
		}
		json.Unmarshal([]byte(l), &n)
		for _, c := range n.Params.Changed {
			seen[c] = true
		}
		if n.Params.Stats.Cranks == 0 {
			t.Errorf("event without crank count: %s", l)
		}
	}
}
