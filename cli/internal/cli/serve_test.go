package cli

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBundleRequestPath(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // "" = not a bundle
	}{
		{"/a.bundle", "a.bundle"},
		{"/sub/dir/b.bundle", "sub/dir/b.bundle"},
		{"//a.bundle", "a.bundle"},
		{"/./sub/../a.bundle", "a.bundle"},
		{"/../a.bundle", "a.bundle"},            // ".." cannot climb above the root
		{"/../../etc/x.bundle", "etc/x.bundle"}, // idem
		{"/sub/..", ""},
		{"/a.js", ""},
		{"/a.bundle/", ""},
		{"/a.bundle/..", ""},
		{"/", ""},
		{"", ""},
		{"/.bundle", ".bundle"},
		{"/a\\..\\b.bundle", ""},
		{"/a\x00.bundle", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := bundleRequestPath(tc.in)
			if ok != (tc.want != "") || got != tc.want {
				t.Fatalf("bundleRequestPath(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
			}
		})
	}
}

func TestDisplayHostPort(t *testing.T) {
	addr := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 4321}
	for _, tc := range []struct{ host, want string }{
		{"", "localhost:4321"},
		{"0.0.0.0", "localhost:4321"},
		{"::", "localhost:4321"},
		{"127.0.0.1", "localhost:4321"},
		{"::1", "localhost:4321"},
		{"localhost", "localhost:4321"},
		{"192.0.2.7", "192.0.2.7:4321"},
		{"2001:db8::1", "[2001:db8::1]:4321"},
		{"bundles.example", "bundles.example:4321"},
	} {
		t.Run(tc.host, func(t *testing.T) {
			if got := displayHostPort(tc.host, addr); got != tc.want {
				t.Fatalf("displayHostPort(%q) = %q, want %q", tc.host, got, tc.want)
			}
		})
	}
}

// newTestBundleServer serves a temporary directory:
//
//	served/a.bundle         "A"
//	served/sub/b.bundle     "B"
//	served/a.js
//	served/d.bundle/        a directory
//	served/in.bundle   ->   a.bundle
//	served/out.bundle  ->   ../secret.bundle
//	served/loop.bundle ->   loop.bundle
//	secret.bundle           "secret"
func newTestBundleServer(t *testing.T) (*bundleServer, *bytes.Buffer) {
	t.Helper()
	base := t.TempDir()
	dir := filepath.Join(base, "served")
	files := map[string]string{
		"served/a.bundle":            "A",
		"served/sub/b.bundle":        "B",
		"served/a.js":                "export {}",
		"served/d.bundle/inner.json": "{}",
		"secret.bundle":              "secret",
	}
	for name, data := range files {
		p := filepath.Join(base, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range map[string]string{
		"in.bundle":   "a.bundle",
		"out.bundle":  "../secret.bundle",
		"loop.bundle": "loop.bundle",
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	var logs bytes.Buffer
	srv, err := newBundleServer(dir, newCLILogger(io.Discard, &logs))
	if err != nil {
		t.Fatal(err)
	}
	return srv, &logs
}

func TestBundleServerServeHTTP(t *testing.T) {
	srv, logs := newTestBundleServer(t)
	for _, tc := range []struct {
		method, target string
		header         map[string]string
		wantCode       int
		wantBody       string
	}{
		{"GET", "/a.bundle", nil, 200, "A"},
		{"GET", "/sub/b.bundle", nil, 200, "B"},
		{"GET", "/in.bundle", nil, 200, "A"},
		{"GET", "/sub/../a.bundle", nil, 200, "A"},
		{"HEAD", "/a.bundle", nil, 200, ""},
		{"GET", "/a.bundle", map[string]string{"Range": "bytes=0-0"}, 206, "A"},
		{"GET", "/a.js", nil, 404, ""},
		{"GET", "/", nil, 404, ""},
		{"GET", "/sub/", nil, 404, ""},
		{"GET", "/missing.bundle", nil, 404, ""},
		{"GET", "/d.bundle", nil, 404, ""},
		{"GET", "/../secret.bundle", nil, 404, ""},
		{"GET", "/%2e%2e/secret.bundle", nil, 404, ""},
		{"GET", "/out.bundle", nil, 404, ""},
		{"GET", "/loop.bundle", nil, 404, ""},
		{"GET", "/a.bundle/x.bundle", nil, 404, ""},
		{"POST", "/a.bundle", nil, 405, ""},
		{"POST", "/a.js", nil, 404, ""},
	} {
		t.Run(tc.method+" "+tc.target, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.target, nil)
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			res := rec.Result()
			if res.StatusCode != tc.wantCode {
				t.Fatalf("status = %d, want %d", res.StatusCode, tc.wantCode)
			}
			body := rec.Body.String()
			if strings.Contains(body, "secret") {
				t.Fatalf("served a file outside the directory: %q", body)
			}
			if tc.wantCode/100 != 2 {
				return
			}
			if body != tc.wantBody {
				t.Errorf("body = %q, want %q", body, tc.wantBody)
			}
			for k, want := range map[string]string{
				"Cache-Control":               "no-cache",
				"Access-Control-Allow-Origin": "*",
				"Content-Type":                "application/json",
			} {
				if got := res.Header.Get(k); got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
		})
	}
	if !strings.Contains(logs.String(), "Not serving out.bundle") {
		t.Errorf("escaping link not logged; logs:\n%s", logs)
	}
}

func TestBundleServerServeAndShutdown(t *testing.T) {
	srv, _ := newTestBundleServer(t)
	ln, err := srv.Listen("127.0.0.1", 0)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()

	res, err := http.Get("http://" + ln.Addr().String() + "/a.bundle")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil || res.StatusCode != 200 || string(body) != "A" {
		t.Fatalf("GET = %d %q, %v", res.StatusCode, body, err)
	}

	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Serve after cancel = %v, want nil", err)
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/a.bundle"); err == nil {
		t.Fatal("server still answers after shutdown")
	}
}

func TestNewBundleServerErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for name, p := range map[string]string{"missing": filepath.Join(dir, "nope"), "file": file} {
		t.Run(name, func(t *testing.T) {
			if _, err := newBundleServer(p, newCLILogger(io.Discard, io.Discard)); err == nil {
				t.Fatalf("newBundleServer(%s) succeeded", p)
			}
		})
	}
}
