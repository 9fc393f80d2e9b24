package jsvat

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/bundler"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/vat"
	"modernc.org/libc"
	lib "modernc.org/libquickjs"
)

type sampleKey struct {
	rt   uintptr
	atom uint32
	code uintptr
	fb   uintptr
}

// TestJSProfile samples the JavaScript call stacks of two vats doing round
// trips (a developer tool: PROFILE=1).
func TestJSProfile(t *testing.T) {
	if os.Getenv("PROFILE") == "" {
		t.Skip("set PROFILE=1")
	}
	src := filepath.Join(t.TempDir(), "pinger.js")
	os.WriteFile(src, []byte(`
import { E } from '@endo/eventual-send';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';
export function buildRootObject() {
  return makeDefaultExo('pinger', {
    pong(i) { return i; },
    async rally(peer, n) {
      let sum = 0;
      for (let i = 0; i < n; i += 1) { sum += await E(peer).pong(i); }
      return sum;
    },
  });
}`), 0o644)
	out, _, err := bundler.BundleFile(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	rt := NewRuntime(Options{})
	ctx := context.Background()
	mk := func(id string) *worker {
		w, err := rt.Launch(ctx, id, api.VatConfig{BundleSpec: "file://" + out})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Init(ctx, nil); err != nil {
			t.Fatal(err)
		}
		return w.(*worker)
	}
	a, b := mk("v1"), mk("v2")
	n := 400
	res, err := a.Deliver(ctx, vat.Delivery{Kind: vat.DeliverMessage, Target: "o+0", Message: vat.Message{Methargs: api.CapData{Body: fmt.Sprintf(`#["rally",["$0.Alleged: peer",%d]]`, n), Slots: []string{"o-1"}}, Result: "p-1"}})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[sampleKey]int{}
	incl := map[sampleKey]int{}
	stacks := map[[4]sampleKey]int{}
	var mu sync.Mutex
	stop := make(chan struct{})
	done := make(chan struct{})
	rts := []engine{a.r.eng, b.r.eng}
	go func() {
		defer close(done)
		debug.SetPanicOnFault(true)
		tk := time.NewTicker(100 * time.Microsecond)
		defer tk.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tk.C:
			}
			for _, e := range rts {
				func() {
					defer func() { recover() }()
					fr := e.runtime().Fcurrent_stack_frame
					var keys []sampleKey
					for depth := 0; fr != 0 && depth < 40; depth++ {
						f := (*lib.TJSStackFrame)(cPointer(fr))
						fr = f.Fprev_frame
						if f.Fcur_func.Ftag != int64(lib.EJS_TAG_OBJECT) {
							continue
						}
						p := *(*uintptr)(unsafe.Pointer(&f.Fcur_func.Fu))
						obj := (*lib.TJSObject)(cPointer(p))
						if obj.Fclass_id != lib.EJS_CLASS_BYTECODE_FUNCTION {
							continue
						}
						fb := *(*uintptr)(unsafe.Pointer(&obj.Fu))
						if fb == 0 {
							continue
						}
						b := (*lib.TJSFunctionBytecode)(cPointer(fb))
						keys = append(keys, sampleKey{e.rt, b.Ffunc_name, b.Fbyte_code_buf, fb})
					}
					if len(keys) == 0 {
						return
					}
					mu.Lock()
					counts[keys[0]]++
					seen := map[sampleKey]bool{}
					for _, k := range keys {
						if !seen[k] {
							incl[k]++
							seen[k] = true
						}
					}
					var st [4]sampleKey
					copy(st[:], keys)
					stacks[st]++
					mu.Unlock()
				}()
			}
		}
	}()
	start := time.Now()
	bres := vat.Result{}
	for i := 0; i < n; i++ {
		// a sent pong(i) to o-1 (b's root) with result p+K.
		var send vat.Syscall
		for _, sc := range res.Syscalls {
			if sc.Kind == vat.SyscallSend {
				send = sc
			}
		}
		if send.Kind == "" {
			t.Fatalf("no send in %+v", res.Syscalls)
		}
		bres, err = b.Deliver(ctx, vat.Delivery{Kind: vat.DeliverMessage, Target: "o+0", Message: vat.Message{Methargs: send.Message.Methargs, Result: "p-" + fmt.Sprint(i+10)}})
		if err != nil {
			t.Fatal(err)
		}
		r := bres.Syscalls[0].Resolutions[0]
		res, err = a.Deliver(ctx, vat.Delivery{Kind: vat.DeliverNotify, Resolutions: []vat.Resolution{{VPID: send.Message.Result, Data: r.Data}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	el := time.Since(start)
	close(stop)
	<-done
	t.Logf("%d round trips in %v: %v each", n, el, el/time.Duration(n))
	// Resolve the function names on the vats' goroutines.
	names := map[sampleKey]string{}
	for _, w := range []*worker{a, b} {
		w.run(ctx, func(context.Context) (vat.Result, error) {
			c := ctxOf(w.r)
			for k := range incl {
				if k.rt != w.r.eng.rt {
					continue
				}
				var l uint64
				s := lib.XJS_AtomToCStringLen(w.r.eng.tls, c, uintptr(unsafe.Pointer(&l)), k.atom)
				nm := libc.GoString(s)
				lib.XJS_FreeCString(w.r.eng.tls, c, s)
				b := (*lib.TJSFunctionBytecode)(cPointer(k.fb))
				if b.Fdebug.Fsource != 0 && b.Fdebug.Fsource_len > 0 {
					src := libc.GoString(b.Fdebug.Fsource)
					if len(src) > 90 {
						src = src[:90]
					}
					nm += " {" + strings.ReplaceAll(src, "\n", " ") + "}"
				}
				names[k] = nm
			}
			return vat.Result{}, nil
		})
	}
	type row struct {
		name string
		n    int
	}
	name := func(k sampleKey) string {
		nm := names[k]
		if nm == "" {
			nm = fmt.Sprintf("<anon %x>", k.code&0xffffff)
		}
		return nm
	}
	agg := map[string]int{}
	total := 0
	for k, c := range counts {
		agg[name(k)] += c
		total += c
	}
	inclAgg := map[string]int{}
	for k, c := range incl {
		inclAgg[name(k)] += c
	}
	var irows []row
	for k, v := range inclAgg {
		irows = append(irows, row{k, v})
	}
	sort.Slice(irows, func(i, j int) bool { return irows[i].n > irows[j].n })
	var ib strings.Builder
	for i, r := range irows {
		if i > 60 {
			break
		}
		fmt.Fprintf(&ib, "%6.2f%% %s\n", 100*float64(r.n)/float64(total), r.name)
	}
	t.Logf("inclusive:\n%s", ib.String())
	type srow struct {
		s [4]sampleKey
		n int
	}
	var srows []srow
	for k, v := range stacks {
		srows = append(srows, srow{k, v})
	}
	sort.Slice(srows, func(i, j int) bool { return srows[i].n > srows[j].n })
	var sbb strings.Builder
	for i, r := range srows {
		if i > 15 {
			break
		}
		var parts []string
		for _, k := range r.s {
			if k.rt != 0 {
				parts = append(parts, name(k))
			}
		}
		fmt.Fprintf(&sbb, "%6.2f%% %s\n", 100*float64(r.n)/float64(total), strings.Join(parts, " < "))
	}
	t.Logf("stacks:\n%s", sbb.String())
	var rows []row
	for k, v := range agg {
		rows = append(rows, row{k, v})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].n > rows[j].n })
	var sb strings.Builder
	for i, r := range rows {
		if i > 40 {
			break
		}
		fmt.Fprintf(&sb, "%6.2f%% %s\n", 100*float64(r.n)/float64(total), r.name)
	}
	t.Logf("self samples (%d):\n%s", total, sb.String())
}

func ctxOf(r *realm) uintptr {
	return uintptr(reflect.ValueOf(r.vm).Elem().FieldByName("state").FieldByName("cContext").Uint())
}
