package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
)

// cmdStdoutEnv implements `stdoutenv NAME [REGEXP]`: set NAME to the
// previous command's stdout, trimmed and unquoted if it is a JSON string
// (what `daemon redeem-url` and `exec issueOcapURL` print), or to the first
// submatch of REGEXP in it.
func cmdStdoutEnv(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: stdoutenv NAME [REGEXP]")
	}
	v := strings.TrimSpace(ts.ReadFile("stdout"))
	if len(args) == 2 {
		m := regexp.MustCompile(args[1]).FindStringSubmatch(v)
		if len(m) != 2 {
			ts.Fatalf("stdout does not match %s with one group: %s", args[1], v)
		}
		ts.Setenv(args[0], m[1])
		return
	}
	var s string
	if json.Unmarshal([]byte(v), &s) == nil {
		v = s
	}
	ts.Setenv(args[0], v)
}

// The vats of the fault test. The recorder (on kernel A) appends every
// number it receives to a durable log, so a kernel killed with SIGKILL
// keeps what it had committed. The sender (on kernel B) redeems A's URL
// and fires record(i) for a range of numbers without waiting for replies,
// so that many messages are in flight when the link is cut.
const (
	recorderVat = `import { makeDefaultExo } from '@metamask/kernel-utils/exo';

export function buildRootObject(_vatPowers, _parameters, baggage) {
  if (!baggage.has('log')) {
    baggage.init('log', '');
  }
  const entries = () => {
    const log = baggage.get('log');
    return log === '' ? [] : log.split(',');
  };
  return makeDefaultExo('recorder', {
    bootstrap() {},
    record(n) {
      const log = baggage.get('log');
      baggage.set('log', log === '' ? String(n) : log + ',' + n);
      return n;
    },
    count() {
      return entries().length;
    },
    log() {
      return baggage.get('log');
    },
  });
}
`
	senderVat = `import { E } from '@endo/eventual-send';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

export function buildRootObject() {
  let redeemer;
  let target;
  return makeDefaultExo('sender', {
    bootstrap(_vats, services) {
      redeemer = services.ocapURLRedemptionService;
    },
    async connect(url) {
      target = await E(redeemer).redeem(url);
      return true;
    },
    send(from, to) {
      for (let i = from; i <= to; i += 1) {
        E(target).record(i).catch(() => {});
      }
      return to - from + 1;
    },
  });
}
`
)

// startTestRelay runs `ocap relay start` on loopback in relayHome and
// returns its relay.addr.
func startTestRelay(t *testing.T, relayHome string) string {
	t.Helper()
	cmd := exec.Command("ocap", "relay", "start", "--listen", "/ip4/127.0.0.1/tcp/0/ws", "--listen", "/ip4/127.0.0.1/tcp/0")
	cmd.Env = append(os.Environ(), "LIBP2P_RELAY_HOME="+relayHome)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	})
	addrFile := filepath.Join(relayHome, "relay.addr")
	deadline := time.Now().Add(30 * time.Second)
	for {
		if b, err := os.ReadFile(addrFile); err == nil && len(b) > 0 {
			return strings.TrimSpace(string(b))
		}
		if time.Now().After(deadline) {
			t.Fatal("the relay did not write relay.addr")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// launchRoot launches a one-vat subcluster and returns its root kref.
func launchRoot(t *testing.T, home, name, bundle string, services ...string) string {
	t.Helper()
	cfg := map[string]any{"bootstrap": name, "vats": map[string]any{name: map[string]any{"bundleSpec": bundle}}}
	if len(services) > 0 {
		cfg["services"] = services
	}
	params, _ := json.Marshal(map[string]any{"config": cfg})
	out := mustOcap(t, home, "daemon", "exec", "launchSubcluster", string(params))
	var res struct{ RootKref string }
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.RootKref == "" {
		t.Fatalf("launch %s: %s", name, out)
	}
	return res.RootKref
}

// TestRemoteLinkCut: daemon B sends numbered messages to an object of
// daemon A through the relay; A is killed with SIGKILL in the middle of
// the exchange, more messages are sent while it is down, and A is started
// again. Every message must reach the recorder exactly once, in order.
func TestRemoteLinkCut(t *testing.T) {
	const half = 25
	relayHome := t.TempDir()
	t.Setenv("LIBP2P_RELAY_HOME", relayHome)
	startTestRelay(t, relayHome)
	a, b := ocapHome(t), ocapHome(t)
	dumpLogsOnFailure(t, map[string]string{"A": a, "B": b})
	for _, h := range []string{a, b} {
		if _, errOut, err := runOcap(t, h, "daemon", "start", "--local-relay"); err != nil || !strings.Contains(errOut, "Remote comms initialized with local relay.") {
			t.Fatalf("start --local-relay: %v\n%s", err, errOut)
		}
	}

	vats := t.TempDir()
	for name, src := range map[string]string{"recorder.js": recorderVat, "sender.js": senderVat} {
		if err := os.WriteFile(filepath.Join(vats, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mustOcap(t, "", "bundle", filepath.Join(vats, "recorder.js"), filepath.Join(vats, "sender.js"))
	recorder := launchRoot(t, a, "recorder", "file://"+filepath.Join(vats, "recorder.bundle"))
	sender := launchRoot(t, b, "sender", "file://"+filepath.Join(vats, "sender.bundle"), "ocapURLRedemptionService")

	var url string
	if err := json.Unmarshal([]byte(mustOcap(t, a, "daemon", "exec", "issueOcapURL", `{"kref":"`+recorder+`"}`)), &url); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(mustOcap(t, b, "daemon", "queueMessage", sender, "connect", `["`+url+`"]`)); got != "true" {
		t.Fatalf("connect = %s", got)
	}

	// The first half is in flight when A dies; the second half is sent
	// while A is down.
	mustOcap(t, b, "daemon", "queueMessage", sender, "send", "[1,"+strconv.Itoa(half)+"]")
	lock := daemon.Layout{Home: a}.Lock()
	pid, held, err := daemon.LockHolder(lock)
	if err != nil || !held || pid <= 0 {
		t.Fatalf("lock holder of A = %d, %v, %v", pid, held, err)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "A to die", func() bool { _, held, _ := daemon.LockHolder(lock); return !held })
	mustOcap(t, b, "daemon", "queueMessage", sender, "send", "["+strconv.Itoa(half+1)+","+strconv.Itoa(2*half)+"]")

	// A comes back by itself on the network: the kernel resumes the
	// remote comms of its previous run.
	_, errOut, err := runOcap(t, a, "daemon", "start")
	if err != nil {
		t.Fatalf("restart A: %v\n%s", err, errOut)
	}
	if st := mustOcap(t, a, "daemon", "exec", "getStatus"); !strings.Contains(st, `"state":"connected"`) {
		t.Fatalf("A did not resume remote comms: %s", st)
	}

	count := func() int {
		out, _, err := runOcap(t, a, "daemon", "queueMessage", recorder, "count")
		if err != nil {
			return -1
		}
		n, _ := strconv.Atoi(strings.TrimSpace(out))
		return n
	}
	waitUntil(t, "all messages to arrive", func() bool { return count() >= 2*half })
	// One more message after the others: it travels behind any late
	// retransmission, so duplicates would show up before it.
	mustOcap(t, b, "daemon", "queueMessage", sender, "send", "["+strconv.Itoa(2*half+1)+","+strconv.Itoa(2*half+1)+"]")
	waitUntil(t, "the last message to arrive", func() bool { return count() >= 2*half+1 })

	var log string
	if err := json.Unmarshal([]byte(mustOcap(t, a, "daemon", "queueMessage", recorder, "log")), &log); err != nil {
		t.Fatal(err)
	}
	want := make([]string, 2*half+1)
	for i := range want {
		want[i] = strconv.Itoa(i + 1)
	}
	if log != strings.Join(want, ",") {
		t.Fatalf("recorder log = %s\nwant each of 1..%d once, in order", log, 2*half+1)
	}
}

// dumpLogsOnFailure logs the daemons' logs if the test fails (registered
// after ocapHome, so it runs before the homes are removed).
func dumpLogsOnFailure(t *testing.T, homes map[string]string) {
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		for name, h := range homes {
			b, _ := os.ReadFile(daemon.Layout{Home: h}.Log())
			t.Logf("daemon %s log:\n%s", name, b)
		}
	})
}

// waitUntil polls cond until it holds, failing the test after a minute.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
