package identity

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseURL(t *testing.T) {
	const peerID = "12D3KooWJ1TsijH7H5F74hfAD5XishQz3sxrmAtVY37GtNd9CqYf"
	tests := []struct {
		name  string
		in    string
		want  URL
		error error
	}{
		{name: "plain", in: "ocap:zabc@" + peerID, want: URL{OID: "zabc", PeerID: peerID, Hints: []string{}}},
		{name: "hints", in: "ocap:zabc@" + peerID + ",/ip4/1.2.3.4/tcp/1,/dns4/x/tcp/2",
			want: URL{OID: "zabc", PeerID: peerID, Hints: []string{"/ip4/1.2.3.4/tcp/1", "/dns4/x/tcp/2"}}},
		{name: "5e60e4a trailing comma", in: "ocap:zabc@" + peerID + ",", want: URL{OID: "zabc", PeerID: peerID, Hints: []string{}}},
		{name: "empty hints dropped", in: "ocap:zabc@h,,a,,b,", want: URL{OID: "zabc", PeerID: "h", Hints: []string{"a", "b"}}},
		{name: "uppercase scheme", in: "OCAP:zabc@h", want: URL{OID: "zabc", PeerID: "h", Hints: []string{}}},
		{name: "surrounding space and controls trimmed", in: " \x01ocap:zabc@h\x1f ", want: URL{OID: "zabc", PeerID: "h", Hints: []string{}}},
		{name: "tabs and newlines removed", in: "oc\tap:za\nbc@h\r", want: URL{OID: "zabc", PeerID: "h", Hints: []string{}}},
		{name: "query and fragment ignored", in: "ocap:zabc@h,r?x@y#z@w", want: URL{OID: "zabc", PeerID: "h", Hints: []string{"r"}}},
		{name: "space before query encoded", in: "ocap:zabc@h ?q", want: URL{OID: "zabc", PeerID: "h%20", Hints: []string{}}},
		{name: "inner space kept", in: "ocap:za c@h", want: URL{OID: "za c", PeerID: "h", Hints: []string{}}},
		{name: "non-ASCII percent-encoded", in: "ocap:zé@h", want: URL{OID: "z%C3%A9", PeerID: "h", Hints: []string{}}},
		{name: "path-absolute form", in: "ocap:/zabc@h", want: URL{OID: "/zabc", PeerID: "h", Hints: []string{}}},
		{name: "dot segments resolved", in: "ocap:/a/../zabc@h", want: URL{OID: "/zabc", PeerID: "h", Hints: []string{}}},
		{name: "authority form with path", in: "ocap://host/z@h", want: URL{OID: "/z", PeerID: "h", Hints: []string{}}},

		{name: "authority form", in: "ocap://zabc@" + peerID, error: ErrBadOcapURL},
		{name: "missing oid", in: "ocap:@" + peerID, error: ErrBadOcapURL},
		{name: "no @", in: "ocap:zabc", error: ErrBadOcapURL},
		{name: "two @", in: "ocap:a@b@c", error: ErrBadOcapURL},
		{name: "empty where", in: "ocap:zabc@", error: ErrBadOcapURL},
		{name: "empty host", in: "ocap:zabc@,relay", error: ErrBadOcapURL},
		{name: "empty path", in: "ocap:", error: ErrBadOcapURL},

		{name: "http", in: "http://example.com/x", error: ErrNotOcapURL},
		{name: "http without slashes", in: "http:example.com", error: ErrNotOcapURL},
		{name: "mailto", in: "mailto:a@b", error: ErrNotOcapURL},
		{name: "file", in: "file:///etc/passwd", error: ErrNotOcapURL},
		{name: "ocapx", in: "ocapx:a@b", error: ErrNotOcapURL},
		{name: "ipv6 host", in: "http://[::1]:8080/", error: ErrNotOcapURL},
		{name: "ipv4 host", in: "http://127.0.0.1/", error: ErrNotOcapURL},

		{name: "empty", in: "", error: ErrUnparseableURL},
		{name: "only spaces", in: "   ", error: ErrUnparseableURL},
		{name: "no scheme", in: "not a url", error: ErrUnparseableURL},
		{name: "scheme starts with digit", in: "1ocap:a@b", error: ErrUnparseableURL},
		{name: "relative", in: "/zabc@h", error: ErrUnparseableURL},
		{name: "bad char in scheme", in: "oc_ap:a@b", error: ErrUnparseableURL},
		{name: "http empty host", in: "http://", error: ErrUnparseableURL},
		{name: "http credentials without host", in: "http://user@/x", error: ErrUnparseableURL},
		{name: "http bad port", in: "http://example.com:99999/", error: ErrUnparseableURL},
		{name: "http non-numeric port", in: "http://example.com:8a/", error: ErrUnparseableURL},
		{name: "http space in host", in: "http://exa mple.com/", error: ErrUnparseableURL},
		{name: "http bad ipv4", in: "http://1.2.3.256/", error: ErrUnparseableURL},
		{name: "http bad ipv6", in: "http://[::g]/", error: ErrUnparseableURL},
		{name: "ocap authority space in host", in: "ocap://a b/z@h", error: ErrUnparseableURL},
		{name: "ocap authority bad port", in: "ocap://host:x/z@h", error: ErrUnparseableURL},
		{name: "ocap authority port without host", in: "ocap://:80/z@h", error: ErrUnparseableURL},
		{name: "ocap authority bad ipv6", in: "ocap://[zz]/z@h", error: ErrUnparseableURL},
		{name: "ocap authority empty after @", in: "ocap://user@/z@h", error: ErrUnparseableURL},
		{name: "file bad host", in: "file://a b/x", error: ErrUnparseableURL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseURL(tt.in)
			if tt.error != nil {
				if !errors.Is(err, tt.error) {
					t.Fatalf("ParseURL(%q) error = %v, want %v", tt.in, err, tt.error)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseURL(%q): %v", tt.in, err)
			}
			if got.OID != tt.want.OID || got.PeerID != tt.want.PeerID || !slices.Equal(got.Hints, tt.want.Hints) || got.Hints == nil {
				t.Errorf("ParseURL(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestIssueURL(t *testing.T) {
	tests := []struct {
		oid, peer string
		hints     []string
		want      string
	}{
		{"zX", "P", nil, "ocap:zX@P"},
		{"zX", "P", []string{}, "ocap:zX@P"},
		{"zX", "P", []string{"a"}, "ocap:zX@P,a"},
		{"zX", "P", []string{"a", "", "b"}, "ocap:zX@P,a,b"},
	}
	for _, tt := range tests {
		if got := IssueURL(tt.oid, tt.peer, tt.hints); got != tt.want {
			t.Errorf("IssueURL(%q, %q, %q) = %q, want %q", tt.oid, tt.peer, tt.hints, got, tt.want)
		}
		u, err := ParseURL(tt.want)
		if err != nil || u.String() != tt.want {
			t.Errorf("round trip of %q = %q, %v", tt.want, u.String(), err)
		}
	}
}

// TestGoldenTranscriptRedeem replays every redeemOcapURL request of the
// recorded "main" daemon session against that daemon's identity.
func TestGoldenTranscriptRedeem(t *testing.T) {
	vectors := loadIdentityVectors(t)
	var daemonKeySeed, daemonURLKey string
	for _, d := range vectors.Daemon {
		if strings.Contains(d.Source, `session "main"`) {
			daemonKeySeed, daemonURLKey = d.KeySeed, d.OcapURLKey
		}
	}
	if daemonKeySeed == "" {
		t.Fatal("no daemon vector for the main session")
	}
	id := vectorIdentity(t, daemonKeySeed, daemonURLKey, nil)

	path := filepath.Join(goldenDir(t), "rpc-transcript.jsonl")
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) && os.Getenv("OCAP_GOLDEN_OPTIONAL") == "1" {
			t.Skip("rpc-transcript.jsonl missing and OCAP_GOLDEN_OPTIONAL=1")
		}
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	cases := 0
	for sc.Scan() {
		var entry struct {
			Seq      int     `json:"seq"`
			Session  string  `json:"session"`
			Case     string  `json:"case"`
			Method   *string `json:"method"`
			Request  string  `json:"request"`
			Response *string `json:"response"`
		}
		if err := json.Unmarshal(sc.Bytes(), &entry); err != nil {
			t.Fatalf("transcript line: %v", err)
		}
		if entry.Session != "main" || entry.Method == nil || *entry.Method != "redeemOcapURL" || entry.Response == nil {
			continue
		}
		var req struct {
			Params struct {
				URL *string `json:"url"`
			} `json:"params"`
		}
		var resp struct {
			Result *string `json:"result"`
			Error  *struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		if err := json.Unmarshal([]byte(entry.Request), &req); err != nil {
			t.Fatalf("seq %d request: %v", entry.Seq, err)
		}
		if err := json.Unmarshal([]byte(*entry.Response), &resp); err != nil {
			t.Fatalf("seq %d response: %v", entry.Seq, err)
		}
		if req.Params.URL == nil {
			continue // parameter validation happens in the RPC layer
		}
		cases++
		t.Run(entry.Case, func(t *testing.T) {
			kref, isLocal, _, err := id.RedeemLocal(*req.Params.URL)
			switch {
			case resp.Result != nil:
				if err != nil || !isLocal || kref != *resp.Result {
					t.Errorf("seq %d: RedeemLocal = %q, %v, %v; want %q", entry.Seq, kref, isLocal, err, *resp.Result)
				}
			case resp.Error.Message == "Remote comms not initialized":
				if err != nil || isLocal {
					t.Errorf("seq %d: RedeemLocal isLocal=%v err=%v; want a remote URL", entry.Seq, isLocal, err)
				}
			default:
				if err == nil || err.Error() != resp.Error.Message {
					t.Errorf("seq %d: RedeemLocal error = %v, want %q", entry.Seq, err, resp.Error.Message)
				}
			}
		})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if cases < 15 {
		t.Fatalf("only %d redeemOcapURL cases found in the transcript", cases)
	}
}
