package kernel_test

import (
	"strings"
	"testing"
)

// TestRevokeUnallocated: revoking a kref that names no object is an error
// and leaves no flag behind, so the object that later gets the kref works.
func TestRevokeUnallocated(t *testing.T) {
	h := newHarness(t, "")
	for _, kref := range []string{"ko999", "ko4"} { // ko4: the next kref a launch allocates
		if _, err := h.call("revoke", map[string]any{"kref": kref}); err == nil || !strings.Contains(err.Error(), "no such object") {
			t.Fatalf("revoke %s: %v, want no such object", kref, err)
		}
		if got := h.mustCall("isRevoked", map[string]any{"kref": kref}); got != "false" {
			t.Errorf("isRevoked %s = %s after a refused revoke", kref, got)
		}
	}
	res := h.launch("alice", map[string]string{"alice": "greeter"})
	if got := h.mustSend(res.RootKref, "hello", "bob").Body; !strings.Contains(got, "hello") {
		t.Fatalf("hello = %s", got)
	}
	if _, err := h.call("revoke", map[string]any{"kref": res.RootKref}); err != nil {
		t.Fatalf("revoke %s: %v", res.RootKref, err)
	}
	if got := h.mustCall("isRevoked", map[string]any{"kref": res.RootKref}); got != "true" {
		t.Errorf("isRevoked %s = %s", res.RootKref, got)
	}
}
