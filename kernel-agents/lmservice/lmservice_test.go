package lmservice_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ocap-kernel/ocap-go/kernel-agents/lmservice"
	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/kernel"
)

// call runs method of svc as the kernel would for caller.
func call(t *testing.T, svc kernel.HostService, caller kernel.Caller, method string, args ...string) (any, error) {
	t.Helper()
	c := kernel.HostCall{Service: svc.Name, Method: method, Caller: caller}
	for _, a := range args {
		c.Args = append(c.Args, json.RawMessage(a))
	}
	return svc.Methods[method](context.Background(), c)
}

// keyServer answers /v1/chat/completions with the chat fixture when the
// request carries the bearer key (any request when key is ""), and 401
// otherwise.
func keyServer(t *testing.T, key string) *httptest.Server {
	t.Helper()
	body := fixture(t, "../llm/openai/testdata/chat.json")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if key != "" && r.Header.Get("Authorization") != "Bearer "+key {
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(`{"error":{"message":"no key","type":"invalid_request_error"}}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

const hi = `{"model":"gpt-4.1","messages":[{"role":"user","content":"hi"}]}`

func TestTokenQuota(t *testing.T) {
	srv := keyServer(t, "")
	svc, err := lmservice.FromConfig(daemon.LMConfig{Backend: "openai", BaseURL: srv.URL, Models: []string{"gpt-4.1"}, TokensPerMinute: 50}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s1, s2 := kernel.Caller{Vat: "v1", Subcluster: "s1"}, kernel.Caller{Vat: "v2", Subcluster: "s2"}
	// The fixture reports 29 tokens: the second request passes (29 < 50)
	// and the third is refused (58 >= 50); another subcluster is not.
	for i, want := range []string{"", "", "subcluster s1 is over its quota of 50 tokens per minute"} {
		_, err := call(t, svc, s1, "chat", hi)
		if want == "" && err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		if want != "" {
			var qe *lmservice.QuotaError
			if !errors.As(err, &qe) || !strings.Contains(err.Error(), want) {
				t.Fatalf("request %d: err = %v, want %q", i, err, want)
			}
		}
	}
	// Another vat of the same subcluster shares its quota.
	if _, err := call(t, svc, kernel.Caller{Vat: "v3", Subcluster: "s1"}, "chat", hi); err == nil || !strings.Contains(err.Error(), "subcluster s1 is over its quota") {
		t.Fatalf("another vat of s1: %v", err)
	}
	if _, err := call(t, svc, s2, "chat", hi); err != nil {
		t.Fatalf("another subcluster: %v", err)
	}
}

func TestServiceRefusals(t *testing.T) {
	srv := keyServer(t, "")
	svc, err := lmservice.FromConfig(daemon.LMConfig{Backend: "openai", BaseURL: srv.URL, Models: []string{"gpt-4.1"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, method string
		args         []string
		want         string
	}{
		{"no params", "chat", nil, "languageModelService.chat takes one argument (params), not 0"},
		{"two params", "chat", []string{hi, hi}, "takes one argument (params), not 2"},
		{"no model", "chat", []string{`{"messages":[]}`}, "chat params: model is required"},
		{"a stream", "chat", []string{`{"model":"gpt-4.1","messages":[],"stream":true}`}, "streaming is not offered through the kernel service"},
		{"a bad message", "chat", []string{`{"model":"gpt-4.1","messages":[{"role":"robot","content":"x"}]}`}, "message role must be system, user, assistant or tool"},
		{"sample without sampling", "sample", []string{`{"model":"gpt-4.1","prompt":"x"}`}, "raw sampling not supported by this backend"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := call(t, svc, kernel.Caller{}, tc.method, tc.args...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestFromConfig(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key")
	if err := os.WriteFile(keyFile, []byte("sekret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("LMSERVICE_TEST_KEY", "sekret")
	srv := keyServer(t, "sekret")
	base := daemon.LMConfig{Backend: "openai", BaseURL: srv.URL, Models: []string{"gpt-4.1"}}
	with := func(f func(*daemon.LMConfig)) daemon.LMConfig { c := base; f(&c); return c }
	tests := []struct {
		name    string
		cfg     daemon.LMConfig
		wantErr string // from FromConfig; "" means a chat must then work
	}{
		{"a key file", with(func(c *daemon.LMConfig) { c.APIKeyFile = keyFile }), ""},
		{"a key variable", with(func(c *daemon.LMConfig) { c.APIKeyEnv = "LMSERVICE_TEST_KEY" }), ""},
		{"a missing key file", with(func(c *daemon.LMConfig) { c.APIKeyFile = filepath.Join(dir, "none") }), "lm: read the API key file"},
		{"an empty key file", with(func(c *daemon.LMConfig) { c.APIKeyFile = empty }), "is empty"},
		{"an unset key variable", with(func(c *daemon.LMConfig) { c.APIKeyEnv = "LMSERVICE_TEST_UNSET" }), "LMSERVICE_TEST_UNSET that should hold the API key is empty or unset"},
		{"ollama with a key", with(func(c *daemon.LMConfig) { c.Backend = "ollama"; c.APIKeyFile = keyFile }), "the ollama backend takes no API key"},
		{"a bad URL", with(func(c *daemon.LMConfig) { c.BaseURL = "ftp://127.0.0.1" }), "ftp"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			svc, err := lmservice.FromConfig(tc.cfg, nil)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "sekret") {
					t.Fatalf("the key is in an error: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if _, err := call(t, svc, kernel.Caller{}, "chat", hi); err != nil {
				t.Fatalf("chat with the key: %v", err)
			}
		})
	}
	// Without the key the server refuses, and the error says so.
	svc, err := lmservice.FromConfig(base, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := call(t, svc, kernel.Caller{}, "chat", hi); err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("chat without the key: %v", err)
	}
}
