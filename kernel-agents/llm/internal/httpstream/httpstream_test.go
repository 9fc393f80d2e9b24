package httpstream

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2015, 10, 21, 7, 27, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"120", 120 * time.Second, true},
		{" 0 ", 0, true},
		{"Wed, 21 Oct 2015 07:28:00 GMT", time.Minute, true},
		{"Wed, 21 Oct 2015 07:26:00 GMT", 0, true}, // in the past
		{"Wednesday, 21-Oct-15 07:28:30 GMT", 90 * time.Second, true},
		{"", 0, false},
		{"-1", 0, false},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := ParseRetryAfter(tt.in, now)
			if got != tt.want || ok != tt.ok {
				t.Fatalf("= %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestErrorMessage(t *testing.T) {
	tests := []struct{ body, msg, code string }{
		{`{"error":"model 'x' not found"}`, "model 'x' not found", ""},
		{`{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`, "Incorrect API key provided.", "invalid_api_key"},
		{`{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}`, "Loading model", "503"},
		{`{"error":{"message":"overloaded","type":"server_error","code":null}}`, "overloaded", "server_error"},
		{`{"object":"error","message":"The model does not exist.","type":"NotFoundError","param":null,"code":404}`, "The model does not exist.", "404"},
		{`<html>bad gateway</html>`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			msg, code := ErrorMessage([]byte(tt.body))
			if msg != tt.msg || code != tt.code {
				t.Fatalf("= %q, %q; want %q, %q", msg, code, tt.msg, tt.code)
			}
		})
	}
}

func TestNextEvent(t *testing.T) {
	body := ": ping\n\nevent: message\nid: 1\ndata: a\ndata:b\r\n\r\ndata: [DONE]"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for i := range len(body) { // one byte a write
			w.Write([]byte{body[i]})
			w.(http.Flusher).Flush()
		}
	}))
	defer srv.Close()
	c := &Client{Base: srv.URL}
	l, err := c.Stream(context.Background(), http.MethodGet, "/", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for _, want := range []string{"a\nb", "[DONE]"} {
		got, err := l.NextEvent()
		if err != nil || string(got) != want {
			t.Fatalf("event %q, %v; want %q", got, err, want)
		}
	}
	if _, err := l.NextEvent(); !errors.Is(err, io.EOF) {
		t.Fatalf("end = %v", err)
	}
}

func TestBaseURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "http://localhost:1"},
		{"http://h:2/v1/", "http://h:2"},
		{"https://h/api", "https://h/api"},
		{"ftp://h", ""},
		{"localhost:11434", ""},
	}
	for _, tt := range tests {
		got, err := BaseURL("x", tt.in, "http://localhost:1", "/v1")
		if got != tt.want || (err != nil) != (tt.want == "") {
			t.Errorf("BaseURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}
