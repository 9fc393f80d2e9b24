package ui

import (
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/ocap-kernel/ocap-go/cli/internal/daemontest"
)

func TestListenLoopbackOnly(t *testing.T) {
	for _, tc := range []struct {
		addr string
		ok   bool
	}{
		{"127.0.0.1:0", true},
		{"localhost:0", true},
		{"127.0.0.2:0", true},
		{"", true}, // the default, 127.0.0.1:0
		{"0.0.0.0:0", false},
		{":0", false},
		{"[::]:0", false},
		{"192.0.2.10:0", false},
		{"example.com:0", false},
		{"[fe80::1%lo]:0", false},
	} {
		t.Run(tc.addr, func(t *testing.T) {
			s, err := Listen(Options{Addr: tc.addr, SocketPath: "/nonexistent/daemon.sock"})
			if tc.ok {
				if err != nil {
					t.Fatalf("Listen(%q): %v", tc.addr, err)
				}
				defer s.Close()
				if ip := s.Addr().(*net.TCPAddr).IP; !ip.IsLoopback() {
					t.Fatalf("listens on %v", s.Addr())
				}
				if !strings.Contains(s.URL(), "/?token="+s.Token()) || len(s.Token()) < 40 {
					t.Fatalf("URL %q does not carry a long token", s.URL())
				}
				return
			}
			if !errors.Is(err, ErrNotLoopback) {
				if err == nil {
					s.Close()
				}
				t.Fatalf("Listen(%q) = %v, want ErrNotLoopback", tc.addr, err)
			}
		})
	}
	a, err := Listen(Options{SocketPath: "/nonexistent/daemon.sock"})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Listen(Options{SocketPath: "/nonexistent/daemon.sock"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if a.Token() == b.Token() {
		t.Fatal("two starts made the same token")
	}
}

// TestSecurity checks authentication, the Host check and the CSRF checks
// against a panel on a real daemon; a refused action must change nothing.
func TestSecurity(t *testing.T) {
	d := daemontest.Start(t)
	d.Call("launchSubcluster", map[string]json.RawMessage{"config": helloCluster(t, sampleBundle(t))})
	s := startPanel(t, d, Options{})
	c := newPanelClient(t, s)
	port := s.port
	noCookie := func(r *http.Request) { r.Header.Del("Cookie") }
	for _, tc := range []struct {
		name         string
		method, path string
		edit         func(*http.Request)
		want         int
		wantBody     string
	}{
		{"no cookie", "GET", "/api/status", noCookie, 401, "Unauthorized"},
		{"no cookie page", "GET", "/", noCookie, 401, "Unauthorized"},
		{"no cookie events", "GET", "/api/events", noCookie, 401, "Unauthorized"},
		{"wrong cookie", "GET", "/api/status", func(r *http.Request) {
			r.Header.Del("Cookie")
			r.AddCookie(&http.Cookie{Name: s.cookie, Value: strings.Repeat("x", 43)})
		}, 401, "Unauthorized"},
		{"wrong bearer", "GET", "/api/status", func(r *http.Request) {
			noCookie(r)
			r.Header.Set("Authorization", "Bearer nope")
		}, 401, "Unauthorized"},
		{"bearer", "GET", "/api/status", func(r *http.Request) {
			noCookie(r)
			r.Header.Set("Authorization", "Bearer "+s.Token())
		}, 200, `"vats"`},
		{"wrong token in URL", "GET", "/?token=abc", noCookie, 403, "wrong token"},
		{"cookie", "GET", "/api/status", nil, 200, `"vats"`},
		{"page", "GET", "/", nil, 200, "<title>ocap kernel panel</title>"},
		{"rebound host", "GET", "/api/status", func(r *http.Request) { r.Host = "evil.example:" + port }, 403, "Host"},
		{"other port", "GET", "/api/status", func(r *http.Request) { r.Host = "127.0.0.1:1" }, 403, "Host"},
		{"no port", "GET", "/api/status", func(r *http.Request) { r.Host = "127.0.0.1" }, 403, "Host"},
		{"localhost host", "GET", "/api/status", func(r *http.Request) { r.Host = "localhost:" + port }, 200, `"vats"`},
		{"post without origin", "POST", "/api/call/terminateAllVats", func(r *http.Request) { r.Header.Del("Origin") }, 403, "Origin"},
		{"post from another origin", "POST", "/api/call/terminateAllVats", func(r *http.Request) { r.Header.Set("Origin", "http://evil.example") }, 403, "another origin"},
		{"post from another port", "POST", "/api/call/terminateAllVats", func(r *http.Request) { r.Header.Set("Origin", "http://127.0.0.1:1") }, 403, "another origin"},
		{"post without csrf header", "POST", "/api/call/terminateAllVats", func(r *http.Request) { r.Header.Del(csrfHeader) }, 403, csrfHeader},
		{"post cross-site fetch", "POST", "/api/call/terminateAllVats", func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "cross-site") }, 403, "another site"},
		{"post without cookie", "POST", "/api/call/terminateAllVats", noCookie, 401, "Unauthorized"},
		{"post to a rebound host", "POST", "/api/call/terminateAllVats", func(r *http.Request) {
			r.Host = "evil.example:" + port
			r.Header.Set("Origin", "http://evil.example:"+port)
		}, 403, "Host"},
		{"shutdown is not an action", "POST", "/api/call/shutdown", nil, 404, "does not call"},
		{"GET does not call", "GET", "/api/call/terminateAllVats", nil, 405, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := c.request(tc.method, tc.path, "", tc.edit)
			if code != tc.want || !strings.Contains(body, tc.wantBody) {
				t.Fatalf("%s %s: %d %q, want %d with %q", tc.method, tc.path, code, body, tc.want, tc.wantBody)
			}
			if n := len(status(t, d).Vats); n != 3 {
				t.Fatalf("after the request %d vats run, want 3", n)
			}
		})
	}
}

func TestTokenSetsCookie(t *testing.T) {
	d := daemontest.Start(t)
	s := startPanel(t, d, Options{})
	c := newPanelClient(t, s)
	req, err := http.NewRequest("GET", s.URL(), nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("token URL: %d to %q, want 303 to /", res.StatusCode, res.Header.Get("Location"))
	}
	cookies := res.Cookies()
	if len(cookies) != 1 {
		t.Fatalf("cookies %v", cookies)
	}
	ck := cookies[0]
	if ck.Name != s.cookie || ck.Value != s.Token() || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Path != "/" {
		t.Fatalf("cookie %+v: want HttpOnly, SameSite=Strict, Path=/ with the token", ck)
	}
	for _, h := range []string{"Content-Security-Policy", "X-Frame-Options", "Referrer-Policy"} {
		if res.Header.Get(h) == "" {
			t.Errorf("no %s header", h)
		}
	}
}
