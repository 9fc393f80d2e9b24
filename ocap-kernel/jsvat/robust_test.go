package jsvat_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/jsvat"
)

// bombVat grows without end when asked, in the ways vats run out of memory.
const bombVat = `
import { makeDefaultExo } from '@metamask/kernel-utils/exo';
export function buildRootObject() {
  const kept = [];
  return makeDefaultExo('bomb', {
    bootstrap() {},
    ping() { return 'pong'; },
    strings() { for (let n = 1; ; n *= 2) { kept.push('x'.repeat(n)); } },
    arrays() { for (;;) { kept.push(new Array(1e5).fill(kept.length)); } },
    buffers() { for (;;) { kept.push(new Uint8Array(1 << 20)); } },
    caughtAndKept() {
      try { for (;;) { kept.push(new Array(1e5).fill(1)); } } catch (e) { return 'caught ' + e.message; }
    },
    caughtAndFreed() {
      try { for (;;) { kept.push(new Array(1e5).fill(1)); } } catch (e) { kept.length = 0; return 'caught ' + e.message; }
    },
  });
}`

// TestMemoryBomb: a vat that reaches its memory cap is terminated, with an
// error that says so, and the kernel and the other vats keep serving. A
// vat that catches the engine's out-of-memory error and lets go of what
// it held is within its cap again and goes on.
func TestMemoryBomb(t *testing.T) {
	h := newKernel(t, 30*time.Second)
	bomb := bundleSource(t, "bomb.js", bombVat)
	t.Run("caughtAndFreed", func(t *testing.T) {
		cfg := vatCfg(bomb, nil)
		cfg["creationOptions"] = map[string]any{"memoryLimitMiB": 32}
		res := h.mustLaunch("bomb", map[string]any{"bomb": cfg})
		wantBody(t, h.mustSend(res.RootKref, "caughtAndFreed"), `#"caught out of memory"`)
		wantBody(t, h.mustSend(res.RootKref, "ping"), `#"pong"`)
	})
	for _, method := range []string{"strings", "arrays", "buffers", "caughtAndKept"} {
		t.Run(method, func(t *testing.T) {
			cfg := vatCfg(bomb, nil)
			cfg["creationOptions"] = map[string]any{"memoryLimitMiB": 32}
			res := h.mustLaunch("bomb", map[string]any{
				"bomb":  cfg,
				"alice": vatCfg(example(t, "sample-vat"), map[string]any{"name": "Alice"}),
			})
			bombID := h.vatOf(res.SubclusterID, "bomb")
			alice := h.rootOf(h.vatOf(res.SubclusterID, "alice"))
			wantBody(t, h.mustSend(res.RootKref, "ping"), `#"pong"`)
			_, err := h.send(res.RootKref, method)
			if err == nil || !strings.Contains(err.Error(), "exceeded its memory limit of 32 MiB") {
				t.Fatalf("%s: err = %v, want the memory limit error", method, err)
			}
			st, err := h.k.GetStatus(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range st.Vats {
				if v.ID == bombID {
					t.Fatalf("vat %s still runs after exceeding its cap", bombID)
				}
			}
			wantBody(t, h.mustSend(alice, "hello", "survivor"), `#"vat Alice got \"hello\" from survivor"`)
		})
	}
}

// spinVat never returns from spin(); it spins in JavaScript or in a long
// native builtin.
const spinVat = `
import { makeDefaultExo } from '@metamask/kernel-utils/exo';
export function buildRootObject() {
  return makeDefaultExo('spinner', {
    bootstrap() {},
    ping() { return 'pong'; },
    spin() { for (;;) {} },
  });
}`

// TestTerminateSpinningVat: control calls that end a vat interrupt its
// delivery at once instead of waiting for the delivery deadline (here
// 15 s): each is answered within a second.
func TestTerminateSpinningVat(t *testing.T) {
	h := newKernel(t, 15*time.Second)
	spin := bundleSource(t, "spin.js", spinVat)
	for _, end := range []string{"terminateVat", "terminateSubcluster", "restartVat", "clearState"} {
		t.Run(end, func(t *testing.T) {
			res := h.mustLaunch("spinner", map[string]any{"spinner": vatCfg(spin, nil)})
			vatID := h.vatOf(res.SubclusterID, "spinner")
			wantBody(t, h.mustSend(res.RootKref, "ping"), `#"pong"`)
			spun := make(chan error, 1)
			go func() {
				_, err := h.k.QueueMessage(context.Background(), res.RootKref, "spin", nil)
				spun <- err
			}()
			// Wait until the vat is in its delivery: a ping of the vat
			// cannot be answered while it spins.
			waitBusy(t, h, vatID)
			// The call is answered within a second; the spinning
			// delivery's caller hears within a few more.
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			var err error
			switch end {
			case "terminateVat":
				err = h.k.TerminateVat(ctx, vatID)
			case "terminateSubcluster":
				err = h.k.TerminateSubcluster(ctx, res.SubclusterID)
			case "restartVat":
				err = h.k.RestartVat(ctx, vatID)
			case "clearState":
				err = h.k.ClearState(ctx)
			}
			if err != nil {
				t.Fatalf("%s of a spinning vat: %v", end, err)
			}
			if end == "restartVat" {
				// The interrupted message was not processed: the new
				// incarnation gets it, and spins again.
				waitBusy(t, h, vatID)
				ctx, cancel := context.WithTimeout(context.Background(), time.Second)
				defer cancel()
				if err := h.k.TerminateVat(ctx, vatID); err != nil {
					t.Fatalf("terminateVat after restartVat: %v", err)
				}
			}
			select {
			case err := <-spun:
				if err == nil {
					t.Fatalf("spin() answered after %s", end)
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("spin() still pending after %s", end)
			}
		})
	}
}

// waitBusy waits until vatID's worker is busy in a delivery.
func waitBusy(t *testing.T, h *kernelHarness, vatID string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		_, err := h.k.PingVat(ctx, vatID)
		cancel()
		if errors.Is(err, context.DeadlineExceeded) {
			return
		}
	}
	t.Fatalf("vat %s never got busy\n%s", vatID, h.log.String())
}

// TestObjectPrototypeMethodsRefused: only the methods an object defines
// can be invoked from outside; those it inherits from Object.prototype
// are missing, with eventual-send's message.
func TestObjectPrototypeMethodsRefused(t *testing.T) {
	h := newKernel(t, 10*time.Second)
	res := h.mustLaunch("alice", map[string]any{"alice": vatCfg(example(t, "sample-vat"), map[string]any{"name": "Alice"})})
	for _, m := range []string{"toString", "valueOf", "hasOwnProperty", "constructor", "isPrototypeOf", "toLocaleString", "__proto__", "__defineGetter__"} {
		t.Run(m, func(t *testing.T) {
			_, err := h.send(res.RootKref, m, "x")
			if err == nil || !strings.Contains(err.Error(), `target has no method "`+m+`", has [`) {
				t.Fatalf("%s: err = %v", m, err)
			}
		})
	}
	// The methods the vat defines still answer.
	wantBody(t, h.mustSend(res.RootKref, "hello", "me"), `#"vat Alice got \"hello\" from me"`)
}

var _ = jsvat.ErrClosed

// longNativeVat makes, in one delivery, what the engine does in one
// native call: sort and join large arrays.
const longNativeVat = `
import { makeDefaultExo } from '@metamask/kernel-utils/exo';
export function buildRootObject() {
  let big, typed;
  return makeDefaultExo('native', {
    prepare(n) {
      big = [];
      for (let i = 0; i < n; i++) big.push((i * 7919) % n);
      typed = Float64Array.from(big);
      return big.length;
    },
    sort() { big.sort(); return 'sorted'; },
    toSorted() { return big.toSorted().length; },
    sortTyped() { typed.sort(); return 'sorted'; },
    join() { return big.join().length; },
  });
}`

// TestLongNativeCallsInterrupted: a delivery in a long sort or join stops
// at its deadline; the worker does not have to abandon the vat, as it
// would if the engine ran the whole sort (seconds here) in one native
// call.
func TestLongNativeCallsInterrupted(t *testing.T) {
	spec := bundleSource(t, "native.js", longNativeVat)
	for _, method := range []string{"sort", "toSorted", "sortTyped", "join"} {
		t.Run(method, func(t *testing.T) {
			w, _, err := launchWorker(t, spec, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Deliver(ctxT(t), message(`#["prepare",[1500000]]`, "p-1")); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
			defer cancel()
			_, err = w.Deliver(ctx, message(`#["`+method+`",[]]`, "p-2"))
			if errors.Is(err, jsvat.ErrStuck) || !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("want the delivery interrupted at its deadline, got %v", err)
			}
		})
	}
}
