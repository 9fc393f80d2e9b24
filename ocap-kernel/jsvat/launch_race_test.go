package jsvat_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/internal/kerneltest"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/jsvat"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/kernel"
)

// These tests (named *Race*, so they run under the race detector too)
// check that loading a vat's bundle happens off the kernel goroutine: a
// launch or restart whose http bundle is stalled holds up nothing else,
// and ends cleanly when its caller gives up, the state is cleared or the
// kernel stops.

const counterVat = `
import { makeDefaultExo } from '@metamask/kernel-utils/exo';
export function buildRootObject() {
  let n = 0;
  return makeDefaultExo('root', {
    bootstrap() {},
    bump() { n += 1; return n; },
  });
}`

const callerVat = `
import { E } from '@endo/eventual-send';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';
export function buildRootObject() {
  let counter;
  let pending;
  return makeDefaultExo('root', {
    bootstrap(vats) { counter = vats.counter; },
    sendTwice() {
      pending = Promise.all([E(counter).bump(), E(counter).bump()]);
      return 'sent';
    },
    results() { return pending; },
    ping() { return 'pong'; },
  });
}`

// stallServer serves one bundle over http; while stalled, each request
// is announced on arrived and answered once release is closed (or its
// client gives up).
type stallServer struct {
	*httptest.Server
	mu      sync.Mutex
	stalled bool
	arrived chan struct{}
	release chan struct{}
}

func newStallServer(t *testing.T, bundleURL string) *stallServer {
	t.Helper()
	u, err := url.Parse(bundleURL)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(u.Path)
	if err != nil {
		t.Fatal(err)
	}
	s := &stallServer{arrived: make(chan struct{}, 1)}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		stalled, release := s.stalled, s.release
		s.mu.Unlock()
		if stalled {
			s.arrived <- struct{}{}
			select {
			case <-release:
			case <-r.Context().Done():
				return
			}
		}
		w.Write(data)
	}))
	t.Cleanup(s.Close)
	t.Cleanup(func() { s.unstall() }) // before Close, which waits for requests
	return s
}

// stall makes the next requests wait; the answer lets them go.
func (s *stallServer) stall() (release func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stalled, s.release = true, make(chan struct{})
	return s.unstall
}

func (s *stallServer) unstall() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stalled {
		s.stalled = false
		close(s.release)
	}
}

func (s *stallServer) bundleURL() string { return s.URL + "/counter.bundle" }

// waitArrived waits for the stalled request, or for the call it belongs
// to, which must not end first.
func waitArrived(t *testing.T, s *stallServer, call <-chan error) {
	t.Helper()
	select {
	case <-s.arrived:
	case err := <-call:
		t.Fatalf("the call ended before its bundle was fetched: %v", err)
	}
}

func counterCluster(spec string) api.ClusterConfig {
	var cfg api.ClusterConfig
	cfg.Bootstrap = "counter"
	cfg.Vats.Set("counter", api.VatConfig{BundleSpec: spec})
	return cfg
}

// assertLaunchLeftNothing checks that the kernel holds exactly the vats
// and subclusters of before, with no record of another.
func assertLaunchLeftNothing(t *testing.T, h *kernelHarness, before api.Status, beforeKV map[string]string) {
	t.Helper()
	st, err := h.k.GetStatus(h.Ctx())
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Vats) != len(before.Vats) || len(st.Subclusters) != len(before.Subclusters) {
		t.Fatalf("status after the launch = %+v, want %+v", st, before)
	}
	kv := h.KV("")
	for _, key := range []string{"nextVatId", "nextSubclusterId", "subclusters", "vatToSubclusterMap"} {
		if kv[key] != beforeKV[key] {
			t.Errorf("kv[%s] = %q, want %q", key, kv[key], beforeKV[key])
		}
	}
	for key := range kv {
		if _, ok := beforeKV[key]; !ok && (strings.HasPrefix(key, "vatConfig.") || strings.HasPrefix(key, "e.next")) {
			t.Errorf("kv has %s after the launch", key)
		}
	}
}

func TestRaceLaunchWithStalledBundle(t *testing.T) {
	h := newKernel(t, 5*time.Second)
	local := bundleSource(t, "counter.js", counterVat)
	srv := newStallServer(t, local)
	other := h.mustLaunch("counter", map[string]any{"counter": vatCfg(local, nil)})
	wantBody(t, h.mustSend(other.RootKref, "bump"), `#1`)

	t.Run("the kernel serves meanwhile", func(t *testing.T) {
		before, _ := h.k.GetStatus(h.Ctx())
		release := srv.stall()
		var res api.LaunchResult
		call := make(chan error, 1)
		go func() {
			var err error
			res, err = h.k.LaunchSubcluster(h.Ctx(), counterCluster(srv.bundleURL()))
			call <- err
		}()
		waitArrived(t, srv, call)
		// The launch waits for its bundle; the kernel goes on.
		st, err := h.k.GetStatus(h.Ctx())
		if err != nil {
			t.Fatalf("getStatus during the launch: %v", err)
		}
		if len(st.Vats) != len(before.Vats) || len(st.Subclusters) != len(before.Subclusters) {
			t.Fatalf("status during the launch shows it half-done: %+v", st)
		}
		wantBody(t, h.mustSend(other.RootKref, "bump"), `#2`)
		release()
		if err := <-call; err != nil {
			t.Fatalf("launch: %v", err)
		}
		wantBody(t, h.mustSend(res.RootKref, "bump"), `#1`)
	})

	// A launch that ends before its attachment leaves nothing, and gives
	// its ids back.
	for _, end := range []string{"cancel", "clearState"} {
		t.Run(end, func(t *testing.T) {
			before, _ := h.k.GetStatus(h.Ctx())
			beforeKV := h.KV("")
			srv.stall()
			ctx, cancel := context.WithCancel(h.Ctx())
			defer cancel()
			call := make(chan error, 1)
			go func() {
				_, err := h.k.LaunchSubcluster(ctx, counterCluster(srv.bundleURL()))
				call <- err
			}()
			waitArrived(t, srv, call)
			switch end {
			case "cancel":
				cancel()
				err := <-call
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("cancelled launch: err = %v, want context.Canceled", err)
				}
				srv.unstall()
				assertLaunchLeftNothing(t, h, before, beforeKV)
			case "clearState":
				if err := h.k.ClearState(h.Ctx()); err != nil {
					t.Fatalf("clearState during the launch: %v", err)
				}
				cleared, _ := h.k.GetStatus(h.Ctx())
				clearedKV := h.KV("")
				srv.unstall()
				err := <-call
				if err == nil || !strings.Contains(err.Error(), "[KERNEL:STATE_CLEARED]") {
					t.Fatalf("launch overtaken by clearState: err = %v", err)
				}
				assertLaunchLeftNothing(t, h, cleared, clearedKV)
			}
		})
	}
}

func TestRaceRestartWithStalledBundle(t *testing.T) {
	h := newKernel(t, 5*time.Second)
	srv := newStallServer(t, bundleSource(t, "counter.js", counterVat))
	res := h.mustLaunch("caller", map[string]any{
		"caller":  vatCfg(bundleSource(t, "caller.js", callerVat), nil),
		"counter": vatCfg(srv.bundleURL(), nil),
	})
	caller := res.RootKref
	counterID := h.vatOf(res.SubclusterID, "counter")
	counter := h.rootOf(counterID)
	wantBody(t, h.mustSend(counter, "bump"), `#1`)

	release := srv.stall()
	call := make(chan error, 1)
	go func() { call <- h.k.RestartVat(h.Ctx(), counterID) }()
	waitArrived(t, srv, call)
	// While the new worker waits for its bundle, the kernel serves, and
	// the other vat runs; the messages it sends to the restarting vat
	// wait for it, in order.
	st, err := h.k.GetStatus(h.Ctx())
	if err != nil {
		t.Fatalf("getStatus during the restart: %v", err)
	}
	for _, v := range st.Vats {
		if v.ID == counterID {
			t.Fatalf("the restarting vat is listed as running: %+v", st.Vats)
		}
	}
	if err := h.k.RestartVat(h.Ctx(), counterID); err == nil || !strings.Contains(err.Error(), "already restarting") {
		t.Fatalf("second restart during the restart: %v", err)
	}
	wantBody(t, h.mustSend(caller, "sendTwice"), `#"sent"`)
	// The run queue is FIFO: once ping is answered, the two bumps were
	// taken from it, and kept for the restarting vat.
	wantBody(t, h.mustSend(caller, "ping"), `#"pong"`)
	if kv := h.KV("queue.deferred." + counterID + "."); len(kv) != 4 { // head, tail and two items
		t.Fatalf("deferred queue during the restart = %v", kv)
	}
	release()
	if err := <-call; err != nil {
		t.Fatalf("restart: %v", err)
	}
	// The new incarnation counts from 0 and got both bumps, in order.
	wantBody(t, h.mustSend(caller, "results"), `#[1,2]`)
	if kv := h.KV("queue.deferred"); len(kv) != 0 {
		t.Fatalf("deferred queue after the restart = %v", kv)
	}

	// A restart whose caller gives up answers the caller at once and goes
	// on: the vat (whose old worker is gone) is not lost, and what was
	// sent to it meanwhile reaches the new worker.
	release = srv.stall()
	ctx, cancel := context.WithCancel(h.Ctx())
	defer cancel()
	go func() { call <- h.k.RestartVat(ctx, counterID) }()
	waitArrived(t, srv, call)
	wantBody(t, h.mustSend(caller, "sendTwice"), `#"sent"`)
	wantBody(t, h.mustSend(caller, "ping"), `#"pong"`)
	cancel()
	if err := <-call; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled restart: err = %v, want context.Canceled", err)
	}
	release()
	wantBody(t, h.mustSend(caller, "results"), `#[1,2]`)
	if got, err := h.k.PingVat(h.Ctx(), counterID); err != nil || got != "pong" {
		t.Fatalf("pingVat after the restart its caller left: %q, %v", got, err)
	}
	if kv := h.KV("queue.deferred"); len(kv) != 0 {
		t.Fatalf("deferred queue after the restart = %v", kv)
	}
}

// TestRaceRestartOvertaken: a vat terminated, or the state cleared,
// while its restart waits for its bundle: the restart fails and leaves
// nothing behind.
func TestRaceRestartOvertaken(t *testing.T) {
	for _, end := range []string{"terminateVat", "clearState"} {
		t.Run(end, func(t *testing.T) {
			h := newKernel(t, 5*time.Second)
			srv := newStallServer(t, bundleSource(t, "counter.js", counterVat))
			res := h.mustLaunch("counter", map[string]any{"counter": vatCfg(srv.bundleURL(), nil)})
			counterID := h.vatOf(res.SubclusterID, "counter")
			srv.stall()
			call := make(chan error, 1)
			go func() { call <- h.k.RestartVat(h.Ctx(), counterID) }()
			waitArrived(t, srv, call)
			want := api.ErrVatDeleted.Error()
			switch end {
			case "terminateVat":
				if err := h.k.TerminateVat(h.Ctx(), counterID); err != nil {
					t.Fatalf("terminateVat during the restart: %v", err)
				}
			case "clearState":
				if err := h.k.ClearState(h.Ctx()); err != nil {
					t.Fatalf("clearState during the restart: %v", err)
				}
				want = "[KERNEL:STATE_CLEARED]"
			}
			srv.unstall()
			if err := <-call; err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("overtaken restart: err = %v, want %q", err, want)
			}
			st, err := h.k.GetStatus(h.Ctx())
			if err != nil {
				t.Fatal(err)
			}
			if len(st.Vats) != 0 || len(st.Subclusters) != 0 {
				t.Fatalf("status after the overtaken restart = %+v", st)
			}
			if kv := h.KV("vatConfig."); len(kv) != 0 {
				t.Fatalf("vat records after the overtaken restart: %v", kv)
			}
		})
	}
}

// TestRaceStopDuringStalledLaunch: Stop does not wait for a stalled
// bundle: the launch is cancelled and ends.
func TestRaceStopDuringStalledLaunch(t *testing.T) {
	h := newKernel(t, 5*time.Second)
	srv := newStallServer(t, bundleSource(t, "counter.js", counterVat))
	srv.stall()
	call := make(chan error, 1)
	go func() {
		_, err := h.k.LaunchSubcluster(context.Background(), counterCluster(srv.bundleURL()))
		call <- err
	}()
	waitArrived(t, srv, call)
	if err := h.k.Stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if err := <-call; !errors.Is(err, kernel.ErrStopped) && !errors.Is(err, context.Canceled) {
		t.Fatalf("launch stopped by Stop: err = %v, want ErrStopped or context.Canceled", err)
	}
}

const launcherVat = `
import { E } from '@endo/eventual-send';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';
export function buildRootObject() {
  let facet;
  return makeDefaultExo('root', {
    bootstrap(_vats, services) { facet = services.kernelFacet; },
    async launch(config) {
      const r = await E(facet).launchSubcluster(config);
      return r.subclusterId;
    },
    ping() { return 'pong'; },
  });
}`

// TestRaceKernelFacetLaunchWithStalledBundle: a system vat's
// kernelFacet.launchSubcluster does not hold up the vat nor the kernel
// while the bundle is fetched; its result settles later.
func TestRaceKernelFacetLaunchWithStalledBundle(t *testing.T) {
	srv := newStallServer(t, bundleSource(t, "counter.js", counterVat))
	var sys api.ClusterConfig
	sys.Bootstrap = "launcher"
	sys.Services = []string{kernel.ServiceKernelFacet}
	sys.Vats.Set("launcher", api.VatConfig{BundleSpec: bundleSource(t, "launcher.js", launcherVat)})
	kh := kerneltest.New(t, "", kernel.Options{
		Runtime:           jsvat.NewRuntime(jsvat.Options{}),
		DeliveryTimeout:   5 * time.Second,
		SystemSubclusters: []kernel.SystemSubcluster{{Name: "launcher", Config: sys}},
	})
	launcher := kh.RootOf(kh.VatOf("s1", "launcher"))
	srv.stall()
	var got api.CapData
	call := make(chan error, 1)
	go func() {
		var err error
		got, err = kh.K.QueueMessage(kh.Ctx(), launcher, "launch", []any{map[string]any{
			"bootstrap": "counter",
			"vats":      map[string]any{"counter": map[string]any{"bundleSpec": srv.bundleURL()}},
		}})
		call <- err
	}()
	waitArrived(t, srv, call)
	if got := kh.MustSend(launcher, "ping").Body; got != `#"pong"` {
		t.Fatalf("ping during the launch = %s", got)
	}
	if _, err := kh.K.GetStatus(kh.Ctx()); err != nil {
		t.Fatalf("getStatus during the launch: %v", err)
	}
	srv.unstall()
	if err := <-call; err != nil {
		t.Fatalf("launch through kernelFacet: %v", err)
	}
	if got.Body != `#"s2"` {
		t.Fatalf("launch through kernelFacet = %s", got.Body)
	}
	if got := kh.MustSend(kh.RootOf(kh.VatOf("s2", "counter")), "bump").Body; got != `#1` {
		t.Fatalf("bump of the launched vat = %s", got)
	}
}

// TestRaceStopDuringStalledRestart: Stop cuts a restart short without
// terminating the vat: it starts with the kernel, and gets the messages
// that waited for it first.
func TestRaceStopDuringStalledRestart(t *testing.T) {
	h := newKernel(t, 5*time.Second)
	srv := newStallServer(t, bundleSource(t, "counter.js", counterVat))
	res := h.mustLaunch("caller", map[string]any{
		"caller":  vatCfg(bundleSource(t, "caller.js", callerVat), nil),
		"counter": vatCfg(srv.bundleURL(), nil),
	})
	counterID := h.vatOf(res.SubclusterID, "counter")
	counter := h.rootOf(counterID)
	srv.stall()
	call := make(chan error, 1)
	go func() { call <- h.k.RestartVat(context.Background(), counterID) }()
	waitArrived(t, srv, call)
	wantBody(t, h.mustSend(res.RootKref, "sendTwice"), `#"sent"`)
	wantBody(t, h.mustSend(res.RootKref, "ping"), `#"pong"`)
	if err := h.k.Stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if err := <-call; !errors.Is(err, kernel.ErrStopped) && !errors.Is(err, context.Canceled) {
		t.Fatalf("restart stopped by Stop: err = %v, want ErrStopped or context.Canceled", err)
	}
	srv.unstall()
	h.reopen()
	// The two bumps that waited were delivered before this one.
	wantBody(t, h.mustSend(counter, "bump"), `#3`)
	if kv := h.KV("queue.deferred"); len(kv) != 0 {
		t.Fatalf("deferred queue after the kernel restarted = %v", kv)
	}
}
