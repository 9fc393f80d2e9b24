package daemon_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	relaylib "github.com/ocap-kernel/ocap-go/kernel-utils/libp2p"
	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
	"github.com/ocap-kernel/ocap-go/nodejs-daemon/client"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
)

func startTestRelay(t *testing.T) string {
	t.Helper()
	r, err := relaylib.StartRelay(context.Background(), relaylib.Config{
		ListenAddrs: []string{"/ip4/127.0.0.1/tcp/0/ws"},
		DevIdentity: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r.Addrs()[0].String()
}

// runInBackground runs the daemon process for home until the test ends
// (or stop is called) and returns once it answers.
func runInBackground(t *testing.T, opts daemon.RunOptions) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan struct{})
	opts.Ready = func(string) { close(ready) }
	done := make(chan error, 1)
	go func() { done <- daemon.Run(ctx, opts) }()
	select {
	case <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("Run: %v", err)
	}
	var stopErr error
	stopped := false
	stop = func() error {
		if !stopped {
			stopped = true
			cancel()
			stopErr = <-done
		}
		return stopErr
	}
	t.Cleanup(func() { stop() })
	return stop
}

func remoteStatus(t *testing.T, home string) api.RemoteCommsStatus {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	raw, err := client.New(client.SocketPath(home)).Call(ctx, "getStatus", nil)
	if err != nil {
		t.Fatal(err)
	}
	var st api.Status
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatal(err)
	}
	return st.RemoteComms
}

// TestRunStartsRemoteComms: remote comms start at daemon start-up from
// config.json or from the options (`daemon run --relay/--listen`), and a
// daemon restarted without either resumes them.
func TestRunStartsRemoteComms(t *testing.T) {
	relay := startTestRelay(t)
	for _, tc := range []struct {
		name   string
		config string
		flags  *api.RemoteCommsOptions
		want   string // a substring of a listen address
	}{
		{name: "config relay", config: `{"remoteComms":{"relays":["` + relay + `"]}}`, want: "/p2p-circuit/p2p/"},
		{name: "flag relay", flags: &api.RemoteCommsOptions{Relays: []string{relay}}, want: "/p2p-circuit/p2p/"},
		{name: "config listen", config: `{"remoteComms":{"directListenAddresses":["/ip4/127.0.0.1/tcp/0"]}}`, want: "/ip4/127.0.0.1/tcp/"},
		{
			name:   "flags override config",
			config: `{"remoteComms":{"directListenAddresses":["/ip4/127.0.0.1/udp/0/quic-v1"]}}`,
			flags:  &api.RemoteCommsOptions{DirectListenAddrs: []string{"/ip4/127.0.0.1/tcp/0"}},
			want:   "/ip4/127.0.0.1/tcp/",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			home := shortTempDir(t)
			if tc.config != "" {
				if err := os.WriteFile(filepath.Join(home, daemon.ConfigFile), []byte(tc.config), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			stop := runInBackground(t, daemon.RunOptions{Home: home, RemoteComms: tc.flags})
			waitRemote(t, home, tc.want)
			if err := stop(); err != nil {
				t.Fatalf("stop: %v", err)
			}

			// Without config or flags, the kernel resumes what it ran.
			os.Remove(filepath.Join(home, daemon.ConfigFile))
			runInBackground(t, daemon.RunOptions{Home: home})
			waitRemote(t, home, tc.want)
		})
	}
}

// waitRemote waits until getStatus reports remote comms connected with a
// listen address containing want (a relay reservation takes a moment).
func waitRemote(t *testing.T, home, want string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		st := remoteStatus(t, home)
		if st.State == api.RemoteCommsConnected && strings.Contains(strings.Join(st.ListenAddresses, " "), want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("remote comms = %+v, want connected with an address containing %q", st, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestRunWithoutRemoteConfig: no config and no options leave the kernel
// identity-only, as upstream's daemon.
func TestRunWithoutRemoteConfig(t *testing.T) {
	home := shortTempDir(t)
	runInBackground(t, daemon.RunOptions{Home: home})
	if st := remoteStatus(t, home); st.State != api.RemoteCommsIdentityOnly || st.PeerID == "" {
		t.Fatalf("remote comms = %+v, want identity-only", st)
	}
}

// TestRunRejectsBadRemoteConfig: a config file or options the network
// cannot use stop the daemon before it starts, with the reason, and leave
// no state that would break the next start.
func TestRunRejectsBadRemoteConfig(t *testing.T) {
	for _, tc := range []struct {
		name, config string
		flags        *api.RemoteCommsOptions
		want         string
	}{
		{name: "unknown member", config: `{"remoteComs":{}}`, want: `unknown field "remoteComs"`},
		{name: "not JSON", config: `{"remoteComms":`, want: "parse"},
		{name: "trailing data", config: `{} {}`, want: "trailing data"},
		{name: "bad relay", config: `{"remoteComms":{"relays":["relay.example:9001"]}}`, want: `relay "relay.example:9001"`},
		{name: "relay without peer id", config: `{"remoteComms":{"relays":["/ip4/127.0.0.1/tcp/9001/ws"]}}`, want: "no /p2p/<peer id> component"},
		{name: "bad listen address", config: `{"remoteComms":{"directListenAddresses":["0.0.0.0:4001"]}}`, want: `listen address "0.0.0.0:4001"`},
		{name: "negative limit", config: `{"remoteComms":{"relays":[],"maxQueue":-1}}`, want: "must not be negative"},
		{name: "bad flag", flags: &api.RemoteCommsOptions{DirectListenAddrs: []string{"tcp://x"}}, want: "remote comms options: listen address"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			home := shortTempDir(t)
			if tc.config != "" {
				if err := os.WriteFile(filepath.Join(home, daemon.ConfigFile), []byte(tc.config), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			err := daemon.Run(context.Background(), daemon.RunOptions{Home: home, RemoteComms: tc.flags})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Run = %v, want an error containing %q", err, tc.want)
			}
			if _, err := os.Stat(filepath.Join(home, client.DBFile)); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("a rejected start created the database: %v", err)
			}
		})
	}
}

// TestReadConfig: a missing file is an empty configuration.
func TestReadConfig(t *testing.T) {
	home := shortTempDir(t)
	c, err := daemon.ReadConfig(home)
	if err != nil || c.RemoteComms != nil {
		t.Fatalf("ReadConfig of an empty home = %+v, %v", c, err)
	}
	cfg := `{"remoteComms":{"relays":["/ip4/127.0.0.1/tcp/9001/ws/p2p/12D3KooWJBDqsyHQF2MWiCdU4kdqx4zTsSTLRdShg7Ui6CRWB4uc"],"directListenAddresses":["/ip4/0.0.0.0/tcp/4001"],"maxRetryAttempts":5}}`
	if err := os.WriteFile(daemon.Layout{Home: home}.Config(), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err = daemon.ReadConfig(home)
	if err != nil || c.RemoteComms == nil || len(c.RemoteComms.Relays) != 1 ||
		c.RemoteComms.DirectListenAddrs[0] != "/ip4/0.0.0.0/tcp/4001" || c.RemoteComms.MaxRetryAttempts != 5 {
		t.Fatalf("ReadConfig = %+v, %v", c.RemoteComms, err)
	}
}
