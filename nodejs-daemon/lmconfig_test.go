package daemon_test

import (
	"os"
	"reflect"
	"strings"
	"testing"

	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
)

func TestReadConfigLM(t *testing.T) {
	tests := []struct {
		name, file string
		want       *daemon.LMConfig
		wantErr    string
	}{
		{"all members", `{"lm":{"backend":"openai","baseUrl":"http://127.0.0.1:8000","models":["a","b"],"apiKeyEnv":"K","requestsPerMinute":6,"tokensPerMinute":1000,"timeoutSeconds":30}}`,
			&daemon.LMConfig{Backend: "openai", BaseURL: "http://127.0.0.1:8000", Models: []string{"a", "b"}, APIKeyEnv: "K", RequestsPerMinute: 6, TokensPerMinute: 1000, TimeoutSeconds: 30}, ""},
		{"an unknown member", `{"lm":{"baseUrl":"http://127.0.0.1:1","models":["a"],"apiKey":"x"}}`, nil, `unknown field "apiKey"`},
		{"a bad backend", `{"lm":{"backend":"llamafile","baseUrl":"http://127.0.0.1:1","models":["a"]}}`, nil, `lm backend must be "ollama" or "openai", not "llamafile"`},
		{"no models", `{"lm":{"baseUrl":"http://127.0.0.1:1"}}`, nil, "at least one allowed model is required"},
		{"no base URL", `{"lm":{"models":["a"]}}`, nil, "a base URL is required"},
		{"an empty model", `{"lm":{"baseUrl":"http://127.0.0.1:1","models":[""]}}`, nil, "a model name must not be empty"},
		{"two key sources", `{"lm":{"baseUrl":"http://127.0.0.1:1","models":["a"],"apiKeyFile":"f","apiKeyEnv":"K"}}`, nil, "not both"},
		{"a negative quota", `{"lm":{"baseUrl":"http://127.0.0.1:1","models":["a"],"requestsPerMinute":-1}}`, nil, "must not be negative"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			home := shortTempDir(t)
			if err := os.WriteFile(daemon.Layout{Home: home}.Config(), []byte(tc.file), 0o600); err != nil {
				t.Fatal(err)
			}
			c, err := daemon.ReadConfig(home)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(c.LM, tc.want) {
				t.Fatalf("ReadConfig = %+v, %v", c.LM, err)
			}
		})
	}
}

func TestMergeLM(t *testing.T) {
	file := &daemon.LMConfig{BaseURL: "http://127.0.0.1:1", Models: []string{"a"}, APIKeyEnv: "K", RequestsPerMinute: 5}
	tests := []struct {
		name        string
		file, flags *daemon.LMConfig
		want        *daemon.LMConfig
	}{
		{"neither", nil, nil, nil},
		{"the file alone, ollama by default", file, nil,
			&daemon.LMConfig{Backend: "ollama", BaseURL: "http://127.0.0.1:1", Models: []string{"a"}, APIKeyEnv: "K", RequestsPerMinute: 5}},
		{"flags override field by field", file, &daemon.LMConfig{Backend: "openai", Models: []string{"b", "c"}, APIKeyFile: "/k"},
			&daemon.LMConfig{Backend: "openai", BaseURL: "http://127.0.0.1:1", Models: []string{"b", "c"}, APIKeyFile: "/k", RequestsPerMinute: 5}},
		{"flags alone", nil, &daemon.LMConfig{BaseURL: "http://127.0.0.1:2", Models: []string{"x"}},
			&daemon.LMConfig{Backend: "ollama", BaseURL: "http://127.0.0.1:2", Models: []string{"x"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := daemon.MergeLM(tc.file, tc.flags); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("MergeLM = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestRunLMWithoutBuilder(t *testing.T) {
	home := shortTempDir(t)
	err := daemon.Run(t.Context(), daemon.RunOptions{Home: home, LM: &daemon.LMConfig{BaseURL: "http://127.0.0.1:1", Models: []string{"a"}}})
	if err == nil || !strings.Contains(err.Error(), "RunOptions.LMService is not set") {
		t.Fatalf("Run = %v", err)
	}
}
