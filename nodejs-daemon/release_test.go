package daemon_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
)

// TestReleaseKrefsRPC: releaseKrefs over the socket, on a file database.
// Its params are checked strictly, a release is all or nothing, and what a
// client releases is collected (the exporting vat hears of it).
func TestReleaseKrefsRPC(t *testing.T) {
	dir := shortTempDir(t)
	k, _, err := daemon.MakeKernel(context.Background(), daemon.KernelOptions{DBFilename: filepath.Join(dir, "kernel.sqlite")})
	if err != nil {
		t.Fatal(err)
	}
	if err := k.InitIdentity(context.Background()); err != nil {
		k.Stop()
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "daemon.sock")
	d, err := daemon.StartDaemon(k, daemon.ServerOptions{SocketPath: sock})
	if err != nil {
		k.Stop()
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	id := 0
	call := func(method, params string) response {
		t.Helper()
		id++
		line := rawCall(t, sock, fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":%q,"params":%s}`+"\n", id, method, params))
		return decode(t, strings.TrimSuffix(line, "\n"))
	}
	ok := func(method, params string) json.RawMessage {
		t.Helper()
		r := call(method, params)
		if r.Error != nil {
			t.Fatalf("%s %s: %+v", method, params, r.Error)
		}
		return r.Result
	}
	var launched struct{ RootKref string }
	json.Unmarshal(ok("launchSubcluster", `{"config":{"bootstrap":"e","vats":{"e":{"bundleSpec":"go:exporter"}}}}`), &launched)
	exporter := launched.RootKref
	create := func(name string) string {
		t.Helper()
		var cd struct{ Slots []string }
		if err := json.Unmarshal(ok("queueMessage", fmt.Sprintf(`[%q,"createObject",[%q]]`, exporter, name)), &cd); err != nil || len(cd.Slots) != 1 {
			t.Fatalf("createObject %s: %+v, %v", name, cd, err)
		}
		return cd.Slots[0]
	}
	// present also waits for due GC deliveries: they run before sends.
	present := func(name string) bool {
		t.Helper()
		var cd struct{ Body string }
		json.Unmarshal(ok("queueMessage", fmt.Sprintf(`[%q,"isObjectPresent",[%q]]`, exporter, name)), &cd)
		return cd.Body == "#true"
	}
	held := func() string {
		t.Helper()
		var rows []struct{ Key string }
		json.Unmarshal(ok("executeDBQuery", `{"sql":"SELECT key FROM kv WHERE key GLOB 'outsideHold.*' ORDER BY key"}`), &rows)
		var keys []string
		for _, r := range rows {
			keys = append(keys, strings.TrimPrefix(r.Key, "outsideHold."))
		}
		return strings.Join(keys, ",")
	}
	a, b := create("a"), create("b")
	want := strings.Join([]string{a, b}, ",")
	if got := held(); got != want {
		t.Fatalf("held %q, want %q", got, want)
	}

	tests := []struct {
		name, params string
		code         int
		message      string
	}{
		{"no params", `[]`, -32602, "Invalid params: At path: krefs -- Expected an array value, but received: undefined"},
		{"krefs not an array", fmt.Sprintf(`{"krefs":%q}`, a), -32602, "At path: krefs -- Expected an array value"},
		{"a malformed kref", fmt.Sprintf(`{"krefs":[%q,"ko-1"]}`, a), -32602, "Invalid params: At path: krefs.1 -- Expected a value of type `KRef`, but received: `\"ko-1\"`"},
		{"a number", fmt.Sprintf(`{"krefs":[%q,7]}`, a), -32602, "At path: krefs.1 -- Expected a value of type `KRef`"},
		{"an unknown param", fmt.Sprintf(`{"krefs":[%q],"force":true}`, a), -32602, "Invalid params: At path: force -- Expected a value of type `never`, but received: `true`"},
		{"a kref not held", fmt.Sprintf(`{"krefs":[%q,%q,"ko999"]}`, a, b), -32603, "cannot release ko999: the kernel does not hold it for a client (never handed out, or released already)"},
		{"the vat root", fmt.Sprintf(`{"krefs":[%q,%q]}`, a, exporter), -32603, "cannot release " + exporter + ":"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := call("releaseKrefs", tc.params)
			if r.Error == nil || r.Error.Code != tc.code || !strings.Contains(r.Error.Message, tc.message) {
				t.Fatalf("releaseKrefs %s = %+v, want code %d with %q", tc.params, r, tc.code, tc.message)
			}
			if got := held(); got != want {
				t.Fatalf("a refused release changed the holds: %q, want %q", got, want)
			}
		})
	}
	if !present("a") || !present("b") {
		t.Fatal("a refused release let an object go")
	}

	if r := ok("releaseKrefs", fmt.Sprintf(`{"krefs":[%q]}`, a)); string(r) != "null" {
		t.Fatalf("releaseKrefs = %s, want null", r)
	}
	if present("a") || !present("b") {
		t.Fatal("after releasing a: a should be collected, b kept")
	}
	if got := held(); got != b {
		t.Fatalf("held %q, want %q", got, b)
	}
	r := call("queueMessage", fmt.Sprintf(`[%q,"getValue",[]]`, a))
	if r.Error == nil || !strings.Contains(r.Error.Message, "OBJECT_DELETED") {
		t.Fatalf("a send to a released object: %+v", r)
	}
	if r := call("releaseKrefs", fmt.Sprintf(`{"krefs":[%q]}`, a)); r.Error == nil || !strings.Contains(r.Error.Message, "cannot release "+a) {
		t.Fatalf("a second release: %+v", r)
	}
}
