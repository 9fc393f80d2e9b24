package jsvat_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestUpstreamOrphanedEphemeralExo ports upstream's
// orphaned-ephemeral-exo test: after the provider vat restarts, the
// consumer's presence of the provider's plain exo names a vref the new
// incarnation never allocated.
func TestUpstreamOrphanedEphemeralExo(t *testing.T) {
	t.Parallel()
	h := newScenarioKernel(t)
	res, err := h.launchCluster(map[string]any{
		"bootstrap": "consumer",
		"vats": map[string]any{
			"provider": vatCfg(scenario(t, "orphan-provider"), map[string]any{}),
			"consumer": vatCfg(scenario(t, "orphan-consumer"), map[string]any{}),
		},
	})
	if err != nil {
		t.Fatalf("launchSubcluster: %v", err)
	}
	h.settle()
	wantBody(t, h.mustSend(res.RootKref, "useEphemeral"), `#999`)
	provider := h.vatOf(res.SubclusterID, "provider")
	h.mustCall("restartVat", map[string]any{"id": provider})
	h.settle()
	// Liveslots in the provider fails the delivery ("I don't remember
	// allocating"), which terminates the provider. Upstream retries the
	// message in a new crank, where it splats on the deleted endpoint and
	// rejects with [KERNEL:OBJECT_DELETED]. ocap-go rejects the aborted
	// delivery's result with the vat's fatal error instead (deliberate
	// difference, README: "an aborted delivery rolls back, terminates the
	// vat and rejects the message's result").
	_, err = h.send(res.RootKref, "useEphemeral")
	if err == nil || err.Error() != `[KERNEL:VAT_FATAL:INTERNAL_ERROR] I don't remember allocating "o+10"` {
		t.Fatalf("useEphemeral after the provider's restart: err = %v", err)
	}
	consumer := h.vatOf(res.SubclusterID, "consumer")
	wantStrings(t, "vats", h.vatIDs(), []string{consumer})

	// Upstream's semantics from here on (its kernel keeps an orphaned
	// object in its importers' c-lists until they drop it, and a send to it
	// splats): the consumer may go on sending to its presence, each send
	// rejects with [KERNEL:OBJECT_DELETED], and the consumer lives on.
	t.Run("the importer of a dead vat's object keeps it", func(t *testing.T) {
		if got := h.kvValue(consumer + ".c.o-2"); got == "" {
			t.Fatalf("the consumer's c-list lost o-2")
		}
		_, err := h.send(res.RootKref, "useEphemeral")
		if err == nil || !strings.Contains(err.Error(), "[KERNEL:OBJECT_DELETED]") {
			t.Fatalf("useEphemeral once the provider is gone: err = %v", err)
		}
		wantStrings(t, "vats", h.vatIDs(), []string{consumer})
	})
}

// TestUpstreamSyscallValidation ports upstream's syscall-validation test
// ("Syscall Validation & Revoked Objects"). Upstream revokes with
// kernelStore.setRevoked; ocap-go has the revoke control method.
func TestUpstreamSyscallValidation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ kref, upstream string }{
		{"invalid-kref", "invalid reference context"},
		{"", "incrementRefCount called with empty kref"},
	} {
		t.Run("malformed KRef "+tc.kref, func(t *testing.T) {
			t.Parallel()
			h := newScenarioKernel(t)
			ctx, cancel := context.WithTimeout(context.Background(), pollDeadline)
			defer cancel()
			_, err := h.k.QueueMessage(ctx, tc.kref, "testMethod", []any{"test"})
			if err == nil {
				t.Fatal("queueMessage to a malformed kref succeeded")
			}
			// The kernel is still operational after the malformed request.
			res, lerr := h.launchCluster(map[string]any{
				"bootstrap": "test",
				"vats":      map[string]any{"test": vatCfg(scenario(t, "subcluster"), map[string]any{"name": "TestVat"})},
			})
			if lerr != nil {
				t.Fatalf("launchSubcluster: %v", lerr)
			}
			wantBody(t, res.BootstrapResult.Body, `#"bootstrap complete"`)
			if n := len(h.vatIDs()); n != 1 {
				t.Fatalf("%d vats, want 1", n)
			}
			// Both kernels refuse the kref before touching any state;
			// upstream's error is the text of an internal assertion
			// (tc.upstream), ocap-go's says what is wrong.
			if want := fmt.Sprintf("invalid target %q: not a kref", tc.kref); !strings.Contains(err.Error(), want) {
				t.Fatalf("queueMessage(%q) refused with %q, want %q (upstream: %q)", tc.kref, err, want, tc.upstream)
			}
		})
	}

	exporter := func(t *testing.T) (*scenarioKernel, string) {
		t.Helper()
		h := newScenarioKernel(t)
		_, err := h.launchCluster(map[string]any{
			"bootstrap": "exporter",
			"vats":      map[string]any{"exporter": vatCfg(scenario(t, "gc-exporter"), map[string]any{"name": "Exporter"})},
		})
		if err != nil {
			t.Fatalf("launchSubcluster: %v", err)
		}
		h.settle()
		return h, h.rootObject(h.vatIDs()[0])
	}
	revoke := func(h *scenarioKernel, kref string) {
		h.t.Helper()
		h.mustCall("revoke", map[string]any{"kref": kref})
	}
	wantRevoked := func(h *scenarioKernel, kref string) {
		h.t.Helper()
		_, err := h.send(kref, "getValue")
		if err == nil || !strings.Contains(err.Error(), "[KERNEL:OBJECT_REVOKED]") {
			h.t.Fatalf("getValue on revoked %s: err = %v", kref, err)
		}
	}

	t.Run("should handle message delivery to revoked objects", func(t *testing.T) {
		t.Parallel()
		h, root := exporter(t)
		obj := h.MustSend(root, "createObject", "test-revocation-object").Slots[0]
		if body := h.mustSend(obj, "getValue"); !strings.Contains(body, "test-revocation-object") {
			t.Fatalf("getValue = %s", body)
		}
		revoke(h, obj)
		h.settle()
		wantRevoked(h, obj)
		if body := h.mustSend(root, "noop"); !strings.Contains(body, "noop") {
			t.Fatalf("noop = %s", body)
		}
	})

	t.Run("should reject promises with appropriate error for revoked objects", func(t *testing.T) {
		t.Parallel()
		h, root := exporter(t)
		obj := h.MustSend(root, "createObject", "promise-revocation-test").Slots[0]
		revoke(h, obj)
		h.settle()
		wantRevoked(h, obj)
		wantBody(t, h.mustSend(root, "noop"), `#"noop"`)
		for range 5 {
			wantRevoked(h, obj)
		}
		wantBody(t, h.mustSend(root, "noop"), `#"noop"`)
	})

	t.Run("should handle multiple revoked objects correctly", func(t *testing.T) {
		t.Parallel()
		h, root := exporter(t)
		var objs []string
		for _, id := range []string{"obj1", "obj2", "obj3"} {
			objs = append(objs, h.MustSend(root, "createObject", id).Slots[0])
		}
		for _, obj := range objs {
			revoke(h, obj)
		}
		h.settle()
		for _, obj := range objs {
			wantRevoked(h, obj)
		}
		wantBody(t, h.mustSend(root, "noop"), `#"noop"`)
		if n := len(h.vatIDs()); n != 1 {
			t.Fatalf("%d vats, want 1", n)
		}
	})
}

// TestUpstreamAsyncGenerator ports upstream's async-generator test: the
// consumer consumes, with for await, an async generator living in the
// producer. Upstream's vat uses @ocap/remote-iterables, which the bundler
// does not provide; our vat has its own few lines for the same thing.
func TestUpstreamAsyncGenerator(t *testing.T) {
	t.Parallel()
	h := newScenarioKernel(t)
	spec := scenario(t, "async-generator")
	if _, err := h.launchCluster(map[string]any{
		"bootstrap":  "consumer",
		"forceReset": true,
		"vats": map[string]any{
			"consumer": vatCfg(spec, map[string]any{"name": "alice"}),
			"producer": vatCfg(spec, map[string]any{"name": "bob"}),
		},
	}); err != nil {
		t.Fatalf("launchSubcluster: %v", err)
	}
	h.settle()
	wantStrings(t, "alice's test log", h.testLogs("alice"), []string{
		"alice buildRootObject",
		"alice is bootstrap",
		"alice iterating 0",
		"alice iterating 1",
		"alice iterating 2",
		"alice iterating 3",
		"alice iterating 4",
	})
	wantStrings(t, "bob's test log", h.testLogs("bob"), []string{
		"bob buildRootObject",
		"bob generating 0",
		"bob generating 1",
		"bob generating 2",
		"bob generating 3",
		"bob generating 4",
	})
}
