package remotes_test

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	relaylib "github.com/ocap-kernel/ocap-go/kernel-utils/libp2p"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/identity"
)

// startOwnRelay starts a loopback relay with a random identity (relays
// started by startRelay all share the development identity, so a kernel
// could not tell them apart).
func startOwnRelay(t *testing.T) string {
	t.Helper()
	r, err := relaylib.StartRelay(context.Background(), relaylib.Config{ListenAddrs: []string{"/ip4/127.0.0.1/tcp/0"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r.Addrs()[0].String()
}

func urlHints(t *testing.T, url string) []string {
	t.Helper()
	u, err := identity.ParseURL(url)
	if err != nil {
		t.Fatalf("ParseURL(%s): %v", url, err)
	}
	return u.Hints
}

// knownRelays is the node's stored relay pool: address → bootstrap.
func (n *node) knownRelays() map[string]bool {
	n.t.Helper()
	var entries []struct {
		Addr        string `json:"addr"`
		IsBootstrap bool   `json:"isBootstrap"`
	}
	raw := n.KV("knownRelays")["knownRelays"]
	if err := json.Unmarshal([]byte(raw), &entries); err != nil {
		n.t.Fatalf("knownRelays %q: %v", raw, err)
	}
	out := map[string]bool{}
	for _, e := range entries {
		out[e.Addr] = e.IsBootstrap
	}
	return out
}

// redeemAndCall redeems url on n through the control plane and calls the
// greeter it names.
func (n *node) redeemAndCall(url, from string) {
	n.t.Helper()
	out, err := n.call("redeemOcapURL", map[string]any{"url": url})
	if err != nil {
		n.t.Fatalf("redeemOcapURL: %v", err)
	}
	var kref string
	if err := json.Unmarshal(out, &kref); err != nil {
		n.t.Fatal(err)
	}
	if got := n.mustSend(kref, "hello", from); !strings.Contains(got, `got \"hello\" from `+from) {
		n.t.Fatalf("hello = %s", got)
	}
}

// TestRedeemedURLRelayHints: B shares no relay with A, so it reaches A only
// through the relay hint of A's URL; that relay joins B's pool, so B's own
// URLs carry it, and after a restart B keeps a reservation on it.
func TestRedeemedURLRelayHints(t *testing.T) {
	r1, r2 := startOwnRelay(t), startOwnRelay(t)
	a := newNodeWith(t, api.RemoteCommsOptions{Relays: []string{r2}}, fastBackoff)
	b := newNodeWith(t, api.RemoteCommsOptions{Relays: []string{r1}}, fastBackoff)

	url := a.issue(a.launch("alice", "greeter"))
	if got := urlHints(t, url); !slices.Equal(got, []string{r2}) {
		t.Fatalf("A's URL hints = %v, want [%s]", got, r2)
	}
	b.redeemAndCall(url, "bob")

	if got, want := b.knownRelays(), map[string]bool{r1: true, r2: false}; !maps.Equal(got, want) {
		t.Errorf("B's pool = %v, want %v", got, want)
	}
	bob := b.launch("bob", "greeter")
	if got := urlHints(t, b.issue(bob)); !slices.Equal(got, []string{r1, r2}) {
		t.Errorf("B's URL hints = %v, want [%s %s] (bootstrap first)", got, r1, r2)
	}

	b.restart(false)
	deadline := time.Now().Add(20 * time.Second)
	for {
		st, err := b.k.GetStatus(b.ctx())
		if err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(st.RemoteComms.ListenAddresses, func(s string) bool {
			return strings.HasPrefix(s, r2+"/p2p-circuit/")
		}) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("restarted B has no reservation on the learned relay: %v", st.RemoteComms.ListenAddresses)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestRelayPoolCaps: the pool stops at maxKnownRelays (the oldest learned
// relay goes, the bootstrap one stays) and URLs carry at most
// maxUrlRelayHints relays.
func TestRelayPoolCaps(t *testing.T) {
	r1, r2, r3 := startOwnRelay(t), startOwnRelay(t), startOwnRelay(t)
	a2 := newNodeWith(t, api.RemoteCommsOptions{Relays: []string{r2}}, fastBackoff)
	a3 := newNodeWith(t, api.RemoteCommsOptions{Relays: []string{r3}}, fastBackoff)
	b := newNodeWith(t, api.RemoteCommsOptions{Relays: []string{r1}, MaxKnownRelays: 2}, fastBackoff)

	b.redeemAndCall(a2.issue(a2.launch("alice", "greeter")), "b")
	if got, want := b.knownRelays(), map[string]bool{r1: true, r2: false}; !maps.Equal(got, want) {
		t.Fatalf("B's pool after one URL = %v, want %v", got, want)
	}
	b.redeemAndCall(a3.issue(a3.launch("carol", "greeter")), "b")
	if got, want := b.knownRelays(), map[string]bool{r1: true, r3: false}; !maps.Equal(got, want) {
		t.Errorf("B's pool after two URLs = %v, want %v", got, want)
	}
	if got := urlHints(t, b.issue(b.launch("bob", "greeter"))); !slices.Equal(got, []string{r1, r3}) {
		t.Errorf("B's URL hints = %v, want [%s %s]", got, r1, r3)
	}

	tests := []struct {
		name string
		max  int
		want []string
	}{
		{"one hint", 1, []string{r1}},
		{"two hints", 2, []string{r1, r2}},
		{"default (3)", 0, []string{r1, r2, r3}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newNodeWith(t, api.RemoteCommsOptions{Relays: []string{r1, r2, r3}, MaxURLRelayHints: tc.max}, fastBackoff)
			if got := urlHints(t, c.issue(c.launch("c", "greeter"))); !slices.Equal(got, tc.want) {
				t.Errorf("URL hints = %v, want %v", got, tc.want)
			}
		})
	}
}
