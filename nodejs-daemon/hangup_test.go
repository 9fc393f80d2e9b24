package daemon_test

import (
	"encoding/json"
	"net"
	"strings"
	"testing"
	"time"

	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
)

// TestClientHangupCancelsCall: a client that closes its connection while
// its queueMessage waits cancels the call, and the kernel releases what it
// held for it, while a half-closed client still gets its answer.
func TestClientHangupCancelsCall(t *testing.T) {
	_, sock := startDaemon(t, daemon.ServerOptions{})
	launch := rawCall(t, sock, `{"jsonrpc":"2.0","id":1,"method":"launchSubcluster","params":{"config":{"bootstrap":"maker","vats":{"maker":{"bundleSpec":"go:maker"}}}}}`+"\n")
	var res struct {
		Result struct {
			RootKref string `json:"rootKref"`
		} `json:"result"`
	}
	if err := json.Unmarshal([]byte(launch), &res); err != nil || res.Result.RootKref == "" {
		t.Fatalf("launch: %s", launch)
	}
	// A call whose result never comes, from a client that then leaves.
	conn, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Write([]byte(`{"jsonrpc":"2.0","id":2,"method":"queueMessage","params":["` + res.Result.RootKref + `","hold",[]]}` + "\n")); err != nil {
		t.Fatal(err)
	}
	// The result promise exists once the kernel has the message; then hang up.
	heldRefCounts := func() []string {
		out := rawCall(t, sock, `{"jsonrpc":"2.0","id":3,"method":"executeDBQuery","params":{"sql":"SELECT value FROM kv WHERE key GLOB 'kp*.refCount'"}}`+"\n")
		var rows struct {
			Result []struct{ Value string } `json:"result"`
		}
		if err := json.Unmarshal([]byte(out), &rows); err != nil {
			t.Fatalf("query: %s", out)
		}
		var held []string
		for _, r := range rows.Result {
			held = append(held, r.Value)
		}
		return held
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(heldRefCounts()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the result promise never appeared")
		}
		time.Sleep(5 * time.Millisecond)
	}
	conn.Close()
	// The kernel lets go of its hold: only the deciding vat's remains.
	for {
		held := heldRefCounts()
		if strings.Join(held, ",") == "1" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("refcounts %v after the client hung up; want the vat's 1 only", held)
		}
		time.Sleep(5 * time.Millisecond)
	}
	// A half-closed client (rawCall) is not hanging up: it gets its answer.
	if out := rawCall(t, sock, `{"jsonrpc":"2.0","id":4,"method":"queueMessage","params":["`+res.Result.RootKref+`","bootstrap",[]]}`+"\n"); !strings.Contains(out, `"result"`) {
		t.Fatalf("half-closed client: %s", out)
	}
}
