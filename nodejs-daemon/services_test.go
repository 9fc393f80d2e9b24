package daemon_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/jsvat"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/kernel"
)

func startKernel(t *testing.T) (*kernel.Kernel, context.Context) {
	t.Helper()
	k, _, err := daemon.MakeKernel(context.Background(), daemon.KernelOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.Stop() })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return k, ctx
}

func clusterConfig(t *testing.T, js string) api.ClusterConfig {
	t.Helper()
	var cfg api.ClusterConfig
	if err := json.Unmarshal([]byte(js), &cfg); err != nil {
		t.Fatalf("config %s: %v", js, err)
	}
	return cfg
}

// TestLaunchWithIOChannelService is upstream's #validateServices: a
// subcluster may list its own IO channels in services, and its bootstrap
// vat gets them (with the other services) as live IO services.
func TestLaunchWithIOChannelService(t *testing.T) {
	k, ctx := startKernel(t)
	sock := filepath.Join(shortTempDir(t), "repl.sock")
	cfg := clusterConfig(t, `{"bootstrap":"main","services":["repl","ocapURLIssuerService"],
		"io":{"repl":{"type":"socket","path":`+jsonString(sock)+`}},
		"vats":{"main":{"bundleSpec":"go:io"}}}`)
	res, err := k.LaunchSubcluster(ctx, cfg)
	if err != nil {
		t.Fatalf("launchSubcluster: %v", err)
	}
	send := func(method string, args ...any) string {
		t.Helper()
		cd, err := k.QueueMessage(ctx, res.RootKref, method, args)
		if err != nil {
			t.Fatalf("%s: %v", method, err)
		}
		return cd.Body
	}
	if got := send("getServiceNames"); got != `#["ocapURLIssuerService","repl"]` {
		t.Fatalf("bootstrap services = %s", got)
	}
	conn, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(20 * time.Second))
	if _, err := conn.Write([]byte("typed\n")); err != nil {
		t.Fatal(err)
	}
	if got := send("doRead"); got != `#"typed"` {
		t.Fatalf("doRead = %s", got)
	}
	send("doWrite", "from the vat")
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || line != "from the vat\n" {
		t.Fatalf("client read %q, %v", line, err)
	}
}

// TestLaunchServiceErrors: names that are neither kernel services nor IO
// channels of the subcluster fail with upstream's message, and a failed
// launch leaves nothing behind: no subcluster, no vat, no socket.
func TestLaunchServiceErrors(t *testing.T) {
	k, ctx := startKernel(t)
	dir := shortTempDir(t)
	tests := []struct {
		name, config, want string
	}{
		{"unknown service beside an IO channel",
			`{"bootstrap":"main","services":["repl","nope"],"io":{"repl":{"type":"socket","path":"SOCK"}},"vats":{"main":{"bundleSpec":"go:io"}}}`,
			"no registered kernel service 'nope'"},
		{"IO name without an io entry",
			`{"bootstrap":"main","services":["repl"],"vats":{"main":{"bundleSpec":"go:io"}}}`,
			"no registered kernel service 'repl'"},
		{"another subcluster's channel name is not a service",
			`{"bootstrap":"main","services":["io:s1:repl"],"vats":{"main":{"bundleSpec":"go:io"}}}`,
			"no registered kernel service 'io:s1:repl'"},
		{"system-only service",
			`{"bootstrap":"main","services":["kernelFacet"],"io":{"repl":{"type":"socket","path":"SOCK"}},"vats":{"main":{"bundleSpec":"go:io"}}}`,
			"no registered kernel service 'kernelFacet'"},
		{"unsupported unit",
			`{"bootstrap":"main","io":{"repl":{"type":"socket","path":"SOCK","unit":"bytes"}},"vats":{"main":{"bundleSpec":"go:io"}}}`,
			`IO channel "repl": unit "bytes" is not supported: socket channels carry lines`},
		{"vat launch fails after the channels opened",
			`{"bootstrap":"main","services":["repl"],"io":{"repl":{"type":"socket","path":"SOCK"}},"vats":{"main":{"bundleSpec":"go:nope"}}}`,
			`no Go vat named "nope"`},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sock := filepath.Join(dir, "s"+string(rune('a'+i))+".sock")
			_, err := k.LaunchSubcluster(ctx, clusterConfig(t, strings.ReplaceAll(tt.config, "SOCK", sock)))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
			st, err := k.GetStatus(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(st.Vats) != 0 || len(st.Subclusters) != 0 {
				t.Fatalf("state after failed launch: %+v", st)
			}
			if _, err := os.Stat(sock); !errors.Is(err, fs.ErrNotExist) {
				t.Fatalf("IO socket left behind: %v", err)
			}
		})
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestMakeKernelRefusesIgnoredOptions(t *testing.T) {
	tests := []struct {
		name string
		opts daemon.KernelOptions
		want string
	}{
		{"memory limit with a runtime", daemon.KernelOptions{Runtime: daemon.DefaultRuntime(nil, jsvat.Options{}), VatMemoryLimit: 64 << 20}, "KernelOptions.VatMemoryLimit applies only to the default runtime"},
		{"negative memory limit", daemon.KernelOptions{VatMemoryLimit: -1}, "KernelOptions.VatMemoryLimit -1 is negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, _, err := daemon.MakeKernel(context.Background(), tt.opts)
			if err == nil {
				k.Stop()
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("MakeKernel error = %v, want %q", err, tt.want)
			}
		})
	}
}
