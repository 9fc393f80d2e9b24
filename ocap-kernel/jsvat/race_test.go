package jsvat

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/bundler"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/vat"
)

// The tests named *Race* run under the race detector too (make test):
// they exercise what the worker shares between goroutines (the event
// queue, timers, requests in flight, interrupts, Close) with small vats.

func TestRaceEventQueue(t *testing.T) {
	q := newEventQueue()
	var wakes sync.WaitGroup
	woken := make(chan struct{}, 1000)
	q.setWake(func() { woken <- struct{}{} })
	const posters, each = 8, 200
	wakes.Add(posters)
	for p := 0; p < posters; p++ {
		go func() {
			defer wakes.Done()
			for i := 0; i < each; i++ {
				q.post(event{kind: eventTimer, id: p*each + i}, false)
			}
		}()
	}
	got := 0
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for got < posters*each {
		if _, err := q.wait(ctx); err != nil {
			t.Fatalf("after %d events: %v", got, err)
		}
		got++
	}
	wakes.Wait()
	if len(woken) == 0 {
		t.Fatal("no wake")
	}
	// A repeating timer is queued once until taken; a closed queue drops
	// everything.
	q.post(event{kind: eventTimer, id: 1}, true)
	q.post(event{kind: eventTimer, id: 1}, true)
	if _, ok := q.take(); !ok {
		t.Fatal("tick lost")
	}
	if _, ok := q.take(); ok {
		t.Fatal("tick queued twice")
	}
	q.close()
	q.post(event{kind: eventTimer, id: 2}, false)
	if _, ok := q.take(); ok {
		t.Fatal("a closed queue took an event")
	}
}

const raceVat = `
import { makeDefaultExo } from '@metamask/kernel-utils/exo';
export function buildRootObject() {
  let ticks = 0;
  return makeDefaultExo('root', {
    start() { setInterval(() => { ticks += 1; }, 10); return 'started'; },
    ticks() { return ticks; },
    get(url) { return fetch(url).then((r) => r.text()); },
    spin() { for (;;) {} },
  });
}`

// TestRaceWorker drives one vat from several goroutines: deliveries and
// wake cranks (timers, responses), pings, an interrupt and Close.
func TestRaceWorker(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
		w.Write([]byte("late"))
	}))
	defer srv.Close()
	defer close(release)
	src := filepath.Join(t.TempDir(), "race.js")
	if err := os.WriteFile(src, []byte(raceVat), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := bundler.BundleFile(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	rt := NewRuntime(Options{})
	ctx := context.Background()
	host := srv.Listener.Addr().String()
	w, err := rt.Launch(ctx, "v1", api.VatConfig{
		BundleSpec: "file://" + out,
		Globals:    []string{"setInterval", "fetch"},
		Network:    &api.NetworkConfig{AllowedHosts: []string{host}},
	})
	if err != nil {
		t.Fatal(err)
	}
	wakes := make(chan struct{}, 1)
	w.(vat.Waker).SetWake(func() {
		select {
		case wakes <- struct{}{}:
		default:
		}
	})
	if _, err := w.Init(ctx, nil); err != nil {
		t.Fatal(err)
	}
	deliver := func(method, result string, args ...string) (vat.Result, error) {
		body := `#["` + method + `",[`
		for i, a := range args {
			if i > 0 {
				body += ","
			}
			body += `"` + a + `"`
		}
		body += "]]"
		dctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		return w.Deliver(dctx, vat.Delivery{Kind: vat.DeliverMessage, Target: "o+0", Message: vat.Message{Methargs: api.CapData{Body: body, Slots: []string{}}, Result: result}})
	}
	if _, err := deliver("start", "p-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := deliver("get", "p-2", "http://"+host+"/"); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; i < 20; i++ {
			pctx, cancel := context.WithTimeout(ctx, time.Minute)
			w.Ping(pctx)
			cancel()
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < 5; i++ {
			<-wakes
			wctx, cancel := context.WithTimeout(ctx, time.Minute)
			w.Deliver(wctx, vat.Delivery{Kind: vat.DeliverWake})
			cancel()
		}
	}()
	wg.Wait()
	// An interrupted delivery, then Close while a request is in flight.
	sctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	if _, err := w.Deliver(sctx, vat.Delivery{Kind: vat.DeliverMessage, Target: "o+0", Message: vat.Message{Methargs: api.CapData{Body: `#["spin",[]]`, Slots: []string{}}}}); err == nil {
		t.Fatal("spin() returned")
	}
	cancel()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Ping(ctx); err == nil {
		t.Fatal("a closed worker answered")
	}
}
