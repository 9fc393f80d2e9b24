package remotes_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	relaylib "github.com/ocap-kernel/ocap-go/kernel-utils/libp2p"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/govat"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/govat/examples"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/internal/kerneltest"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/kernel"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/remotes"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/remotes/transport"
)

// node is a kernel on a file database with remote comms.
type node struct {
	*kerneltest.Harness
	t     testing.TB
	k     *kernel.Kernel
	comms api.RemoteCommsOptions
}

func startRelay(t testing.TB) string {
	t.Helper()
	r, err := relaylib.StartRelay(context.Background(), relaylib.Config{
		ListenAddrs: []string{"/ip4/127.0.0.1/tcp/0"},
		DevIdentity: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r.Addrs()[0].String()
}

func fastBackoff(c *transport.Config) {
	c.ReconnectBaseDelay = 20 * time.Millisecond
	c.ReconnectMaxDelay = 200 * time.Millisecond
}

// newNode starts a kernel running the example Go vats whose remote comms
// use relay.
func newNode(t testing.TB, relay string, _ bool) *node {
	t.Helper()
	return newNodeWith(t, api.RemoteCommsOptions{Relays: []string{relay}}, fastBackoff)
}

func newNodeWith(t testing.TB, comms api.RemoteCommsOptions, tuning func(*transport.Config)) *node {
	t.Helper()
	rt := govat.NewRuntime()
	examples.Register(rt)
	kh := kerneltest.New(t, "", kernel.Options{
		Runtime: rt, DeliveryTimeout: 5 * time.Second, RemoteTransport: remotes.Factory(tuning),
	})
	n := &node{Harness: kh, t: t, comms: comms}
	n.initComms()
	return n
}

// initComms starts remote comms unless the kernel resumed them by itself
// (a kernel that ran them before does).
func (n *node) initComms() {
	n.t.Helper()
	n.k = n.K
	if st, _ := n.k.GetStatus(n.Ctx()); st.RemoteComms.State != "connected" {
		if err := n.k.InitRemoteComms(n.Ctx(), n.comms); err != nil {
			n.t.Fatal(err)
		}
	}
}

// restart stops the kernel and starts it again on its database; with
// reset, its state is wiped first (a new incarnation).
func (n *node) restart(reset bool) {
	n.t.Helper()
	n.Opts.ResetStorage = reset
	n.Reopen()
	n.Opts.ResetStorage = false
	n.initComms()
}

func (n *node) ctx() context.Context { return n.Ctx() }

func (n *node) call(method string, params any) (json.RawMessage, error) {
	n.t.Helper()
	out, err := n.Call(method, params)
	return json.RawMessage(out), err
}

func (n *node) launch(name, vat string, services ...string) string {
	n.t.Helper()
	return n.MustLaunch(name, map[string]any{
		name: map[string]any{"bundleSpec": "go:" + vat, "parameters": map[string]any{"name": name}},
	}, services...).RootKref
}

func (n *node) send(target, method string, args ...any) (string, error) {
	n.t.Helper()
	cd, err := n.Send(target, method, args...)
	return cd.Body, err
}

func (n *node) mustSend(target, method string, args ...any) string {
	n.t.Helper()
	return n.MustSend(target, method, args...).Body
}

func (n *node) issue(kref string) string {
	n.t.Helper()
	var url string
	if err := json.Unmarshal([]byte(n.MustCall("issueOcapURL", map[string]any{"kref": kref})), &url); err != nil {
		n.t.Fatal(err)
	}
	return url
}

// TestTwoKernelsThroughARelay: kernel A issues a URL for an object in one
// of its vats; a vat in kernel B redeems it, calls it, passes its own
// object back, and lets go of it.
func TestTwoKernelsThroughARelay(t *testing.T) {
	relay := startRelay(t)
	a, b := newNode(t, relay, false), newNode(t, relay, false)

	st, err := a.k.GetStatus(a.ctx())
	if err != nil || st.RemoteComms.State != "connected" {
		t.Fatalf("status = %+v, %v", st.RemoteComms, err)
	}
	alice := a.launch("alice", "greeter")
	url := a.issue(alice)
	if !strings.Contains(url, "p2p-circuit") && !strings.Contains(url, relay) {
		t.Errorf("URL carries no relay hint: %s", url)
	}
	user := b.launch("bob", "remote", "ocapURLRedemptionService")

	// Redeem from a vat and call the remote object: a promise across
	// kernels resolves.
	if got := b.mustSend(user, "redeem", url, "alice"); !strings.Contains(got, "$0") {
		t.Fatalf("redeem = %s", got)
	}
	if got := b.mustSend(user, "call", "alice", "hello", "bob"); got != `#"vat alice got \"hello\" from bob"` {
		t.Fatalf("call = %s", got)
	}
	// Pipelined: a send to the redemption's promise before it resolves.
	if got := b.mustSend(user, "callURL", url, "hello", "pipeline"); got != `#"vat alice got \"hello\" from pipeline"` {
		t.Fatalf("callURL = %s", got)
	}
	// An object of B passed to A and called from A.
	if got := b.mustSend(user, "greetBack", "alice"); got != `#"local object of bob got \"hello\" from alice"` {
		t.Fatalf("greetBack = %s", got)
	}
	// The control plane redeems foreign URLs too.
	out, err := b.call("redeemOcapURL", map[string]any{"url": url})
	if err != nil {
		t.Fatal(err)
	}
	var kref string
	json.Unmarshal(out, &kref)
	if got := b.mustSend(kref, "hello", "rpc"); got != `#"vat alice got \"hello\" from rpc"` {
		t.Fatalf("hello through redeemed kref = %s", got)
	}
}

// TestRemoteGC: when B's vat drops its presence of an object exported by A,
// A's exporter is told to drop and retire it.
func TestRemoteGC(t *testing.T) {
	relay := startRelay(t)
	a, b := newNode(t, relay, false), newNode(t, relay, false)
	exporter := a.launch("exporter", "exporter")
	url := a.issue(exporter) // the root; a URL holds what it names
	user := b.launch("bob", "remote", "ocapURLRedemptionService")
	b.mustSend(user, "redeem", url, "exporter")
	// The new object reaches B in a message result: only B holds it.
	if got := b.mustSend(user, "fetch", "exporter", "createObject", "x", "x"); got != "#true" {
		t.Fatalf("fetch = %s", got)
	}
	if got := b.mustSend(user, "call", "x", "getValue"); got != `#"value of x"` {
		t.Fatalf("getValue = %s", got)
	}
	if got := a.mustSend(exporter, "isObjectPresent", "x"); got != "#true" {
		t.Fatalf("isObjectPresent = %s", got)
	}
	b.mustSend(user, "drop", "x")
	deadline := time.Now().Add(20 * time.Second)
	for a.mustSend(exporter, "isObjectPresent", "x") != "#false" {
		if time.Now().After(deadline) {
			t.Fatal("the exporter never retired the object B dropped")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestPeerRestart: calls in flight to a kernel that comes back with a new
// incarnation are rejected with the restart error; traffic then resumes.
func TestPeerRestart(t *testing.T) {
	relay := startRelay(t)
	a, b := newNode(t, relay, false), newNode(t, relay, false)
	maker := a.launch("maker", "maker")
	url := a.issue(maker)
	user := b.launch("bob", "remote", "ocapURLRedemptionService")
	b.mustSend(user, "redeem", url, "maker")
	errc := make(chan error, 1)
	go func() {
		_, err := b.send(user, "call", "maker", "hold")
		errc <- err
	}()
	// Let the call reach A (its promise is then decided by A), then bring
	// A back with its state reset: a new incarnation.
	time.Sleep(300 * time.Millisecond)
	a.restart(true)
	maker2 := a.launch("maker", "maker")
	url2 := a.issue(maker2)
	// B learns of the restart when the peers talk again; a redemption
	// caught in the switch is rejected like everything in flight.
	for i := 0; ; i++ {
		if _, err := b.send(user, "redeem", url2, "maker2"); err == nil {
			break
		} else if i == 5 {
			t.Fatalf("redeem after restart: %v", err)
		}
	}
	select {
	case err := <-errc:
		if err == nil || !strings.Contains(err.Error(), "Remote peer restarted") {
			t.Fatalf("in-flight call: %v, want the restart error", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("in-flight call never settled")
	}
	if got := b.mustSend(user, "call", "maker2", "makeCounter", 1); !strings.Contains(got, "$0") {
		t.Fatalf("after restart: %s", got)
	}
}

// TestClearStateNewIncarnation: a kernel whose state is cleared while
// remote comms are up comes back to its peers as a new incarnation, so
// they drop what they kept for the old one: a call to an object of the
// old state fails at once instead of waiting out retransmissions, and
// traffic with the new state works.
func TestClearStateNewIncarnation(t *testing.T) {
	relay := startRelay(t)
	a, b := newNode(t, relay, false), newNode(t, relay, false)
	url := a.issue(a.launch("maker", "maker"))
	user := b.launch("bob", "remote", "ocapURLRedemptionService")
	b.mustSend(user, "redeem", url, "maker")
	if got := b.mustSend(user, "call", "maker", "makeCounter", 1); !strings.Contains(got, "$0") {
		t.Fatalf("before clearState: %s", got)
	}
	if _, err := a.call("clearState", nil); err != nil {
		t.Fatal(err)
	}
	if got, err := b.send(user, "call", "maker", "makeCounter", 1); err == nil {
		t.Fatalf("a call to the cleared kernel's old object answered %s", got)
	}
	url2 := a.issue(a.launch("maker", "maker"))
	b.mustSend(user, "redeem", url2, "maker2")
	if got := b.mustSend(user, "call", "maker2", "makeCounter", 1); !strings.Contains(got, "$0") {
		t.Fatalf("after clearState: %s", got)
	}
}
