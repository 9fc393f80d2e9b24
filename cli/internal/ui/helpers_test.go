package ui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ocap-kernel/ocap-go/cli/internal/daemontest"
	kernelutils "github.com/ocap-kernel/ocap-go/kernel-utils"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/bundler"
)

// status is the daemon's getStatus, as far as the tests read it.
func status(t testing.TB, d *daemontest.Daemon) statusView {
	t.Helper()
	var st statusView
	if err := json.Unmarshal(d.Call("getStatus", nil), &st); err != nil {
		t.Fatal(err)
	}
	return st
}

type statusView struct {
	Vats []struct {
		ID string `json:"id"`
	} `json:"vats"`
	Subclusters []struct {
		ID   string            `json:"id"`
		Vats map[string]string `json:"vats"`
	} `json:"subclusters"`
}

var (
	bundleOnce sync.Once
	bundleDir  string
	bundleErr  error
)

// exampleBundle bundles the example vats the tests use once, with the real
// bundler, into a temporary directory, and returns the path of name's
// bundle (name: "sample-vat", "importer-vat", "exporter-vat", or
// "many-vat" from testdata).
func exampleBundle(t testing.TB, name string) string {
	t.Helper()
	bundleOnce.Do(func() {
		bundleDir, bundleErr = os.MkdirTemp("", "ocapui-bundle")
		for _, src := range []string{"../../../examples/vats/sample-vat.js", "../../../examples/vats/importer-vat.js", "../../../examples/vats/exporter-vat.js", "testdata/many-vat.js"} {
			if bundleErr != nil {
				return
			}
			n := strings.TrimSuffix(filepath.Base(src), ".js")
			var b *kernelutils.VatBundle
			if b, bundleErr = bundler.Bundle(context.Background(), src); bundleErr != nil {
				return
			}
			var data []byte
			if data, bundleErr = bundler.Encode(b); bundleErr != nil {
				return
			}
			bundleErr = os.WriteFile(filepath.Join(bundleDir, n+".bundle"), data, 0o644)
		}
	})
	if bundleErr != nil {
		t.Fatal(bundleErr)
	}
	return filepath.Join(bundleDir, name+".bundle")
}

func sampleBundle(t testing.TB) string { return exampleBundle(t, "sample-vat") }

// importerCluster is a subcluster whose importer vat (v1 when launched
// first) keeps a reference to its exporter vat's root.
func importerCluster(t testing.TB) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"bootstrap":"importer","vats":{"importer":{"bundleSpec":%q},"exporter":{"bundleSpec":%q}}}`,
		"file://"+exampleBundle(t, "importer-vat"), "file://"+exampleBundle(t, "exporter-vat")))
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bundleDir != "" {
		os.RemoveAll(bundleDir)
	}
	os.Exit(code)
}

// helloCluster is examples/vats/hello-cluster.json with its bundleSpecs
// pointing at bundle.
func helloCluster(t testing.TB, bundle string) json.RawMessage {
	t.Helper()
	data, err := os.ReadFile("../../../examples/vats/hello-cluster.json")
	if err != nil {
		t.Fatal(err)
	}
	return json.RawMessage(strings.ReplaceAll(string(data), `"./sample-vat.bundle"`, fmt.Sprintf("%q", "file://"+bundle)))
}

// startPanel serves a panel for d until the test ends.
func startPanel(t testing.TB, d *daemontest.Daemon, opts Options) *Server {
	t.Helper()
	opts.SocketPath = d.Socket
	s, err := Listen(opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return s
}

// panelClient makes requests as the panel's page does.
type panelClient struct {
	t    testing.TB
	s    *Server
	http *http.Client
}

func newPanelClient(t testing.TB, s *Server) *panelClient {
	return &panelClient{t: t, s: s, http: &http.Client{
		Timeout:       2 * time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

func (c *panelClient) origin() string { return "http://" + c.s.Addr().String() }

// request sends method path with the cookie and, for POST, the page's
// Origin and CSRF header; edit may change the request first.
func (c *panelClient) request(method, path, body string, edit func(*http.Request)) (int, string) {
	c.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, c.origin()+path, r)
	if err != nil {
		c.t.Fatal(err)
	}
	req.AddCookie(&http.Cookie{Name: c.s.cookie, Value: c.s.Token()})
	if method == http.MethodPost {
		req.Header.Set("Origin", c.origin())
		req.Header.Set(csrfHeader, "1")
		req.Header.Set("Content-Type", "application/json")
	}
	if edit != nil {
		edit(req)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil && !errors.Is(err, io.EOF) {
		c.t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

// callOK posts an action and decodes its answer, failing on an error.
func (c *panelClient) callOK(method, params string) callResult {
	c.t.Helper()
	code, body := c.request(http.MethodPost, "/api/call/"+method, params, nil)
	if code != http.StatusOK {
		c.t.Fatalf("%s %s: %d %s", method, params, code, body)
	}
	var r callResult
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		c.t.Fatalf("%s: %v in %s", method, err, body)
	}
	return r
}

func (c *panelClient) getJSON(path string, v any) {
	c.t.Helper()
	code, body := c.request(http.MethodGet, path, "", nil)
	if code != http.StatusOK {
		c.t.Fatalf("GET %s: %d %s", path, code, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		c.t.Fatalf("GET %s: %v in %s", path, err, body)
	}
}
