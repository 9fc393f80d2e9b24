package remotes_test

import (
	"strings"
	"testing"
)

// TestReleasedURLObjectRedeemsNoMore: once kernel A's client releases the
// object of a URL it issued and A collects it, another kernel's redemption
// of the URL fails, from a vat and from the control plane, and brings
// nothing back to life in A.
func TestReleasedURLObjectRedeemsNoMore(t *testing.T) {
	relay := startRelay(t)
	a, b := newNode(t, relay, false), newNode(t, relay, false)
	exporter := a.launch("exporter", "exporter")
	user := b.launch("bob", "remote", "ocapURLRedemptionService")
	// The way from B to A works: A's root redeems.
	if got := b.mustSend(user, "callURL", a.issue(exporter), "isObjectPresent", "x"); got != "#false" {
		t.Fatalf("callURL = %s", got)
	}
	cd := a.MustSend(exporter, "createObject", "x")
	if len(cd.Slots) != 1 {
		t.Fatalf("createObject = %+v", cd)
	}
	obj := cd.Slots[0]
	url := a.issue(obj)
	if _, err := a.Call("releaseKrefs", map[string]any{"krefs": []string{obj}}); err != nil {
		t.Fatal(err)
	}
	if got := a.mustSend(exporter, "isObjectPresent", "x"); got != "#false" {
		t.Fatalf("isObjectPresent after the release = %s", got)
	}
	const gone = "The object this OCAP URL names was released and no longer exists"
	if _, err := b.send(user, "redeem", url, "x"); err == nil || !strings.Contains(err.Error(), gone) {
		t.Fatalf("a vat's redemption after the release: %v", err)
	}
	if _, err := b.call("redeemOcapURL", map[string]any{"url": url}); err == nil || !strings.Contains(err.Error(), gone) {
		t.Fatalf("the control plane's redemption after the release: %v", err)
	}
	if got := a.KV(obj + "."); len(got) != 0 {
		t.Fatalf("a redemption brought %s back: %v", obj, got)
	}
}
