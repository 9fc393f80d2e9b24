package daemon_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
	"github.com/ocap-kernel/ocap-go/nodejs-daemon/client"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/rpc"
)

// TestJSONRPCOverSocket sends each case's bytes on a new connection,
// half-closes it and compares everything the daemon answers until it
// hangs up.
func TestJSONRPCOverSocket(t *testing.T) {
	_, sock := startDaemon(t, daemon.ServerOptions{})
	const gc = `"method":"collectGarbage"`
	bigID := strings.Repeat("9876543210", 40) // 400 digits
	ok := func(id string) string { return `{"jsonrpc":"2.0","id":` + id + `,"result":null}` + "\n" }
	invalid := func(id, msg string) string {
		b, _ := json.Marshal(msg)
		return `{"jsonrpc":"2.0","id":` + id + `,"error":{"code":-32600,"message":` + string(b) + `}}` + "\n"
	}
	notFound := func(id string) string {
		return `{"jsonrpc":"2.0","id":` + id + `,"error":{"code":-32601,"message":"The method does not exist / is not available."}}` + "\n"
	}
	tests := []struct{ name, send, want string }{
		{"400-digit integer id", `{"jsonrpc":"2.0","id":` + bigID + `,` + gc + "}\n", ok(bigID)},
		{"negative fractional id", `{"jsonrpc":"2.0","id":-1.50e0,` + gc + "}\n", ok(`-1.50e0`)},
		{"string id", `{"jsonrpc":"2.0","id":"1",` + gc + "}\n", ok(`"1"`)},
		{"string id with escapes", `{"jsonrpc":"2.0","id":"\u00e9\n",` + gc + "}\n", ok(`"\u00e9\n"`)},
		{"null id", `{"jsonrpc":"2.0","id":null,` + gc + "}\n", ok(`null`)},
		{"object id", `{"jsonrpc":"2.0","id":{"a":1},` + gc + "}\n", invalid(`null`, rpc.IDTypeMessage)},
		{"array id", `{"jsonrpc":"2.0","id":[],` + gc + "}\n", invalid(`null`, rpc.IDTypeMessage)},
		{"boolean id", `{"jsonrpc":"2.0","id":false,` + gc + "}\n", invalid(`null`, rpc.IDTypeMessage)},
		{"invalid UTF-8 in the id", "{\"jsonrpc\":\"2.0\",\"id\":\"\xc0\xafx\"," + gc + "}\n", ok("\"\uFFFDx\"")},
		{"invalid UTF-8 in the method", "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"\xffgetStatus\"}\n", notFound(`2`)},
		{"jsonrpc missing", `{"id":3,` + gc + "}\n", invalid(`3`, rpc.VersionMessage)},
		{"jsonrpc 1.0", `{"jsonrpc":"1.0","id":3,` + gc + "}\n", invalid(`3`, rpc.VersionMessage)},
		{"jsonrpc a number", `{"jsonrpc":2,"id":3,` + gc + "}\n", invalid(`3`, rpc.VersionMessage)},
		{"notification only", `{"jsonrpc":"2.0",` + gc + "}\n", ""},
		{"notification without its newline", `{"jsonrpc":"2.0",` + gc + "}", ""},
		{"notification, then a request", `{"jsonrpc":"2.0",` + gc + "}\n" + `{"jsonrpc":"2.0","id":4,` + gc + "}\n", ok(`4`)},
		{"notification of an unknown method", `{"jsonrpc":"2.0","method":"nope"}` + "\n", ""},
		{"invalid request without id is answered", `{"jsonrpc":"2.0","method":7}` + "\n", invalid(`null`, rpc.MissingMethodMessage)},
		{"request without its newline", `{"jsonrpc":"2.0","id":5,` + gc + "}", ok(`5`)},
		{"two requests without the last newline", `{"jsonrpc":"2.0","id":6,` + gc + "}\n" + `{"jsonrpc":"2.0","id":7,` + gc + "}", ok(`6`) + ok(`7`)},
		{"trailing blanks at EOF", `{"jsonrpc":"2.0","id":8,` + gc + "}\n \t", ok(`8`)},
		{"CRLF lines", `{"jsonrpc":"2.0","id":9,` + gc + "}\r\n" + `{"jsonrpc":"2.0","id":10,` + gc + "}\r\n", ok(`9`) + ok(`10`)},
		{"batch", `[{"jsonrpc":"2.0","id":11,` + gc + "}]\n", invalid(`null`, rpc.BatchMessage)},
		{"empty batch", "[]\n", invalid(`null`, rpc.BatchMessage)},
		{"not an object", "42\n", invalid(`null`, rpc.NotObjectMessage)},
		{"bad line between good ones", `{"jsonrpc":"2.0","id":12,` + gc + "}\n{oops}\n" + `{"jsonrpc":"2.0","id":13,` + gc + "}\n", ok(`12`) + "PARSE ERROR\n" + ok(`13`)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := rawCall(t, sock, tc.send)
			if !utf8.ValidString(got) {
				t.Fatalf("answer is not UTF-8: %q", got)
			}
			gotLines, wantLines := strings.SplitAfter(got, "\n"), strings.SplitAfter(tc.want, "\n")
			if len(gotLines) != len(wantLines) {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
			for i, want := range wantLines {
				if want == "PARSE ERROR\n" {
					if r := decode(t, gotLines[i]); r.ID != nil || r.Error == nil || r.Error.Code != -32700 {
						t.Errorf("answer %d: %q, want a parse error", i+1, gotLines[i])
					}
				} else if gotLines[i] != want {
					t.Errorf("answer %d: %q, want %q", i+1, gotLines[i], want)
				}
			}
		})
	}
}

// TestNotificationsAreExecuted sends notifications that change a counter
// vat's state, then asks for the count on the same connection: only the
// requests are answered, and in order after the notifications ran.
func TestNotificationsAreExecuted(t *testing.T) {
	_, sock := startDaemon(t, daemon.ServerOptions{})
	launch := rawCall(t, sock, `{"jsonrpc":"2.0","id":1,"method":"launchSubcluster","params":{"config":{"bootstrap":"main","vats":{"main":{"bundleSpec":"go:counter"}}}}}`+"\n")
	var res struct {
		Result struct {
			RootKref string `json:"rootKref"`
		} `json:"result"`
	}
	if err := json.Unmarshal([]byte(launch), &res); err != nil || res.Result.RootKref == "" {
		t.Fatalf("launch: %q", launch)
	}
	inc := `{"jsonrpc":"2.0","method":"queueMessage","params":["` + res.Result.RootKref + `","inc",[]]}` + "\n"
	get := `{"jsonrpc":"2.0","id":"get","method":"queueMessage","params":["` + res.Result.RootKref + `","get",[]]}` + "\n"
	got := rawCall(t, sock, inc+inc+inc+get)
	if want := `{"jsonrpc":"2.0","id":"get","result":{"body":"#3","slots":[]}}` + "\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// TestManyRequestsOneConnection writes requests one at a time and all at
// once on one connection and checks every answer arrives, in order.
func TestManyRequestsOneConnection(t *testing.T) {
	_, sock := startDaemon(t, daemon.ServerOptions{})
	const n = 300
	req := func(i int) string {
		if i%3 == 0 {
			return fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"getStatus"}`+"\n", i)
		}
		return fmt.Sprintf(`{"jsonrpc":"2.0","id":"r%d","method":"pingVat","params":{"id":"v99"}}`+"\n", i)
	}
	check := func(t *testing.T, i int, line string) {
		t.Helper()
		r := decode(t, line)
		switch {
		case i%3 == 0 && (r.ID != float64(i) || r.Error != nil || !strings.Contains(string(r.Result), `"vats":[]`)):
			t.Fatalf("answer %d: %q", i, line)
		case i%3 != 0 && (r.ID != fmt.Sprintf("r%d", i) || r.Error == nil || r.Error.Message != "Vat does not exist."):
			t.Fatalf("answer %d: %q", i, line)
		}
	}
	dial := func(t *testing.T) (net.Conn, *bufio.Reader) {
		conn, err := net.Dial("unix", sock)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		conn.SetDeadline(time.Now().Add(30 * time.Second))
		return conn, bufio.NewReader(conn)
	}
	t.Run("one at a time", func(t *testing.T) {
		conn, r := dial(t)
		for i := range n {
			if _, err := io.WriteString(conn, req(i)); err != nil {
				t.Fatal(err)
			}
			line, err := r.ReadString('\n')
			if err != nil {
				t.Fatalf("answer %d: %v", i, err)
			}
			check(t, i, line)
		}
	})
	t.Run("pipelined", func(t *testing.T) {
		conn, r := dial(t)
		var all strings.Builder
		for i := range n {
			all.WriteString(req(i))
		}
		errc := make(chan error, 1)
		go func() { // the answers are read meanwhile
			_, err := io.WriteString(conn, all.String())
			if err == nil {
				err = conn.(*net.UnixConn).CloseWrite()
			}
			errc <- err
		}()
		for i := range n {
			line, err := r.ReadString('\n')
			if err != nil {
				t.Fatalf("answer %d: %v", i, err)
			}
			check(t, i, line)
		}
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
		if rest, err := io.ReadAll(r); err != nil || len(rest) != 0 {
			t.Fatalf("after the last answer: %q, %v", rest, err)
		}
	})
}

// TestOneShotClient is upstream's client: one request, then read until the
// daemon hangs up (the CLI closes after the first line; this reads on to
// show there is exactly one answer).
func TestOneShotClient(t *testing.T) {
	_, sock := startDaemon(t, daemon.ServerOptions{})
	for _, tc := range []struct{ name, send string }{
		{"half-close", `{"jsonrpc":"2.0","id":"u1","method":"getStatus"}` + "\n"},
		{"close after the answer", `{"jsonrpc":"2.0","id":"u2","method":"getStatus"}` + "\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "half-close" {
				got := rawCall(t, sock, tc.send)
				if n := strings.Count(got, "\n"); n != 1 || !strings.HasPrefix(got, `{"jsonrpc":"2.0","id":"u1","result":{"vats":[]`) {
					t.Fatalf("got %d answers: %q", n, got)
				}
				return
			}
			conn, err := net.Dial("unix", sock)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if err := daemon.WriteLine(conn, strings.TrimSuffix(tc.send, "\n"), 10*time.Second); err != nil {
				t.Fatal(err)
			}
			line, err := daemon.ReadLine(conn, 10*time.Second, 0)
			if err != nil || !strings.HasPrefix(line, `{"jsonrpc":"2.0","id":"u2","result":{"vats":[]`) {
				t.Fatalf("ReadLine = %q, %v", line, err)
			}
		})
	}
	// And the CLI's own client, many times over.
	c := client.New(sock)
	for range 20 {
		if _, err := c.Call(context.Background(), "getStatus", nil); err != nil {
			t.Fatal(err)
		}
	}
}

// TestIdleTimeout: a connection that sends nothing after an answer is
// closed by the daemon; one that keeps calling is not.
func TestIdleTimeout(t *testing.T) {
	_, sock := startDaemon(t, daemon.ServerOptions{ReadTimeout: 100 * time.Millisecond})
	conn, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(20 * time.Second))
	r := bufio.NewReader(conn)
	io.WriteString(conn, `{"jsonrpc":"2.0","id":1,"method":"getStatus"}`+"\n")
	if line, err := r.ReadString('\n'); err != nil || decode(t, line).Error != nil {
		t.Fatalf("answer: %q, %v", line, err)
	}
	if rest, err := io.ReadAll(r); len(rest) != 0 || (err != nil && !errors.Is(err, syscall.ECONNRESET)) {
		t.Fatalf("idle connection: read %q, %v; want the daemon to hang up", rest, err)
	}
}

func TestConn(t *testing.T) {
	_, sock := startDaemon(t, daemon.ServerOptions{})
	ctx := context.Background()
	conn, err := client.Dial(ctx, sock)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for i := range 50 {
		if _, err := conn.Call(ctx, "getStatus", nil); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	// A JSON-RPC error leaves the connection usable.
	var rpcErr *client.RPCError
	if _, err := conn.Call(ctx, "pingVat", map[string]string{"id": "v99"}); !errors.As(err, &rpcErr) || rpcErr.Code != -32603 {
		t.Fatalf("pingVat v99: %v", err)
	}
	if _, err := conn.Call(ctx, "nope", json.RawMessage(`[]`)); !errors.As(err, &rpcErr) || rpcErr.Code != -32601 {
		t.Fatalf("unknown method: %v", err)
	}
	res, err := conn.Call(ctx, "executeDBQuery", map[string]string{"sql": "SELECT 1 AS one"})
	if err != nil || string(res) != `[{"one":1}]` {
		t.Fatalf("executeDBQuery = %s, %v", res, err)
	}
	// Concurrent callers are served one after the other.
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			if _, err := conn.Call(ctx, "getStatus", nil); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// A call with a cancelled context sends nothing; after Close every
	// call fails.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := conn.Call(cctx, "getStatus", nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled call: %v", err)
	}
	if err := conn.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Call(ctx, "getStatus", nil); !errors.Is(err, client.ErrConnBroken) {
		t.Fatalf("call after Close: %v", err)
	}
	if _, err := client.Dial(ctx, sock+".missing"); !errors.Is(err, client.ErrNotRunning) {
		t.Fatalf("Dial of a missing socket: %v", err)
	}
}

// TestConnClosedByDaemon: a Conn whose line the daemon refuses as a
// whole (too large), after which it hangs up, reports that failure and
// then ErrConnBroken.
func TestConnClosedByDaemon(t *testing.T) {
	_, sock := startDaemon(t, daemon.ServerOptions{MaxRequestSize: 1000})
	ctx := context.Background()
	conn, err := client.Dial(ctx, sock)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Call(ctx, "getStatus", nil); err != nil {
		t.Fatal(err)
	}
	_, err = conn.Call(ctx, "executeDBQuery", map[string]string{"sql": "SELECT '" + strings.Repeat("x", 2000) + "'"})
	var rpcErr *client.RPCError
	if !errors.As(err, &rpcErr) || rpcErr.Code != -32600 || !strings.Contains(rpcErr.Message, "Request too large") {
		t.Fatalf("oversized call: %v", err)
	}
	if _, err := conn.Call(ctx, "getStatus", nil); !errors.Is(err, client.ErrConnBroken) {
		t.Fatalf("next call: %v, want ErrConnBroken", err)
	}
}

// TestMaxConnections: the connection over the cap gets a clear error and
// is closed; those within it keep working.
func TestMaxConnections(t *testing.T) {
	_, sock := startDaemon(t, daemon.ServerOptions{MaxConnections: 2})
	ctx := context.Background()
	var held []*client.Conn
	for range 2 {
		c, err := client.Dial(ctx, sock)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		// A call makes sure the daemon counts the connection.
		if _, err := c.Call(ctx, "getStatus", nil); err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
	}
	// The daemon may hang up before the request is written: the write
	// error is ignored, the answer is there to read anyway.
	over, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer over.Close()
	over.SetDeadline(time.Now().Add(20 * time.Second))
	io.WriteString(over, `{"jsonrpc":"2.0","id":1,"method":"getStatus"}`+"\n")
	b, _ := io.ReadAll(over)
	got := string(b)
	want := `{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"Too many connections: the daemon serves at most 2 at once; try again later"}}` + "\n"
	if got != want {
		t.Fatalf("connection over the cap: %q, want %q", got, want)
	}
	_, err = client.New(sock).Call(ctx, "getStatus", nil)
	var rpcErr *client.RPCError
	if !errors.As(err, &rpcErr) || rpcErr.Code != daemon.CodeTooManyConnections {
		t.Fatalf("client over the cap: %v", err)
	}
	for _, c := range held {
		if _, err := c.Call(ctx, "getStatus", nil); err != nil {
			t.Fatalf("connection within the cap: %v", err)
		}
	}
	// A freed slot is served again (the daemon notices the close
	// asynchronously, so the first attempts may still be refused).
	held[0].Close()
	for {
		_, err := client.New(sock).Call(ctx, "getStatus", nil)
		if err == nil {
			break
		}
		if !errors.As(err, &rpcErr) || rpcErr.Code != daemon.CodeTooManyConnections {
			t.Fatal(err)
		}
	}
}

// TestCloseWakesIdleConnections: Close does not wait for connections that
// are between requests; with an hour's drain and read timeouts, waiting
// would hang the test.
func TestCloseWakesIdleConnections(t *testing.T) {
	d, sock := startDaemon(t, daemon.ServerOptions{ReadTimeout: time.Hour, DrainTimeout: time.Hour})
	ctx := context.Background()
	conn, err := client.Dial(ctx, sock)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Call(ctx, "getStatus", nil); err != nil {
		t.Fatal(err)
	}
	silent, err := net.Dial("unix", sock) // has not sent anything yet
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Call(ctx, "getStatus", nil); err == nil {
		t.Fatal("call answered after Close")
	}
}
