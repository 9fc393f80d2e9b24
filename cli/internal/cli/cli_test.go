package cli

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/ocap-kernel/ocap-go/cli/internal/relayhome"
	relaylib "github.com/ocap-kernel/ocap-go/kernel-utils/libp2p"
	"github.com/spf13/cobra"
)

func TestConsoleLogger(t *testing.T) {
	var buf bytes.Buffer
	log := newConsoleLogger(&buf)
	log.Info("Relay Server Started")
	log.Debug("hidden")
	log.Warn("careful", "peer", "12D3", "addr", "a b")
	log.With("svc", "relay").WithGroup("conn").Info("opened", "dir", "Inbound", slog.Group("g", "k", 1))
	want := "Relay Server Started\n" +
		"WARN careful peer=12D3 addr=\"a b\"\n" +
		"opened svc=relay conn.dir=Inbound conn.g.k=1\n"
	if got := buf.String(); got != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestRelayConfigFromFlags(t *testing.T) {
	home, err := relayhome.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		args    []string
		env     string
		check   func(t *testing.T, cfg relaylib.Config)
		wantErr string
	}{
		{
			name: "defaults are upstream and unlimited",
			check: func(t *testing.T, cfg relaylib.Config) {
				if strings.Join(cfg.ListenAddrs, " ") != strings.Join(relaylib.DefaultListenAddrs(), " ") {
					t.Errorf("listen = %v", cfg.ListenAddrs)
				}
				if cfg.Limits != nil || cfg.DevIdentity || cfg.PublicIP != "" {
					t.Errorf("unexpected config %+v", cfg)
				}
				if cfg.IdentityFile != home.Path(relayhome.IdentityFile) {
					t.Errorf("identity file = %q", cfg.IdentityFile)
				}
			},
		},
		{
			name: "ports",
			args: []string{"--ws-port", "19001", "--tcp-port", "0"},
			check: func(t *testing.T, cfg relaylib.Config) {
				if got := strings.Join(cfg.ListenAddrs, " "); got != "/ip4/0.0.0.0/tcp/19001/ws /ip4/0.0.0.0/tcp/0" {
					t.Errorf("listen = %s", got)
				}
			},
		},
		{
			name: "limits",
			args: []string{"--max-circuits", "4", "--circuit-duration-limit", "90s"},
			check: func(t *testing.T, cfg relaylib.Config) {
				want := relaylib.Limits{MaxCircuits: 4, CircuitDurationLimit: 90 * time.Second}
				if cfg.Limits == nil || *cfg.Limits != want {
					t.Errorf("limits = %+v, want %+v", cfg.Limits, want)
				}
			},
		},
		{
			name: "public ip from env, dev identity",
			args: []string{"--dev-identity"},
			env:  "192.0.2.1",
			check: func(t *testing.T, cfg relaylib.Config) {
				if cfg.PublicIP != "192.0.2.1" || !cfg.DevIdentity || cfg.IdentityFile != "" {
					t.Errorf("config %+v", cfg)
				}
			},
		},
		{name: "flag beats env", args: []string{"--public-ip", "bad"}, env: "192.0.2.1", wantErr: "--public-ip must be an IPv4 address"},
		{name: "ipv6 public ip", args: []string{"--public-ip", "2001:db8::1"}, wantErr: "--public-ip must be an IPv4 address"},
		{name: "bad port", args: []string{"--ws-port", "70000"}, wantErr: "invalid port 70000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(EnvRelayPublicIP, tc.env)
			var o relayStartOptions
			cmd := &cobra.Command{Use: "start"}
			bindRelayStartFlags(cmd, &o)
			fs := cmd.Flags()
			if err := fs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			cfg, err := o.relayConfig(fs, home)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, cfg)
		})
	}
}
