package kernel_test

import (
	"sync"
	"testing"
	"time"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/internal/kerneltest"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/kernel"
)

// TestOnChange: an observer is told what each durable crank changed.
func TestOnChange(t *testing.T) {
	var mu sync.Mutex
	var got []kernel.Change
	kh := kerneltest.New(t, "", kernel.Options{Runtime: newRuntime(), DeliveryTimeout: 5 * time.Second, OnChange: func(c kernel.Change) {
		mu.Lock()
		got = append(got, c)
		mu.Unlock()
	}})
	h := &harness{Harness: kh, t: t, k: kh.K}
	take := func() (vats, subclusters, objects bool, cranks uint64) {
		mu.Lock() // a call's answer comes after its crank's observer ran
		defer mu.Unlock()
		for _, c := range got {
			vats, subclusters, objects = vats || c.Vats, subclusters || c.Subclusters, objects || c.Objects
			if c.Cranks <= cranks {
				t.Errorf("crank counts not increasing: %+v", got)
			}
			cranks = c.Cranks
		}
		got = nil
		return
	}
	res := h.launch("alice", map[string]string{"alice": "greeter"})
	if v, s, o, _ := take(); !v || !s || !o {
		t.Errorf("launch: vats %v, subclusters %v, objects %v; want all", v, s, o)
	}
	h.mustSend(res.RootKref, "hello", "bob")
	if v, s, o, _ := take(); v || s || !o {
		t.Errorf("send: vats %v, subclusters %v, objects %v; want objects only", v, s, o)
	}
}
