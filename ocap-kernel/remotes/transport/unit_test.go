package transport

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/p2p/net/swarm"
	ma "github.com/multiformats/go-multiaddr"
)

func TestHandshakeEncoding(t *testing.T) {
	// Frames recorded from the upstream JS kernel (testdata/golden/README.md describes how).
	tests := []struct {
		method, inc, wantHex, wantJSON string
	}{
		{methodHandshake, "8de71be4-e6fe-4452-9365-2bffedf8de7c", "58",
			`{"method":"handshake","params":{"incarnationId":"8de71be4-e6fe-4452-9365-2bffedf8de7c"}}`},
		{methodHandshakeAck, "57a82557-2ac5-44ae-b48f-45a214bd198b", "5b",
			`{"method":"handshakeAck","params":{"incarnationId":"57a82557-2ac5-44ae-b48f-45a214bd198b"}}`},
		{methodHandshake, "<&>", "", `{"method":"handshake","params":{"incarnationId":"<&>"}}`},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.inc, func(t *testing.T) {
			body := encodeHandshake(tc.method, tc.inc)
			if string(body) != tc.wantJSON {
				t.Fatalf("body = %s, want %s", body, tc.wantJSON)
			}
			frame := appendFrame(nil, body)
			if tc.wantHex != "" && fmt.Sprintf("%x", frame[:len(frame)-len(body)]) != tc.wantHex {
				t.Errorf("length prefix = %x, want %s", frame[:len(frame)-len(body)], tc.wantHex)
			}
			got, err := decodeHandshake(body, tc.method)
			if err != nil || got != tc.inc {
				t.Errorf("decode = %q, %v", got, err)
			}
		})
	}
}

func TestDecodeHandshakeErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"method":"deliver","params":[]}`, "Expected handshake, got: deliver"},
		{`{"params":{"incarnationId":"x"}}`, "Expected handshake, got: <nil>"},
		{`{"method":"handshake"}`, "Expected handshake, got: handshake without params"},
		{`{"method":"handshake","params":{"incarnationId":7}}`, "Expected handshake, got: handshake without a string incarnationId"},
		{`nope`, "Expected handshake, got unparseable message"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			_, err := decodeHandshake([]byte(tc.in), methodHandshake)
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("err = %v, want prefix %q", err, tc.want)
			}
		})
	}
}

func TestReadFrame(t *testing.T) {
	recorded := `{"ack":2}` // 09 prefix on the wire
	tests := []struct {
		name    string
		in      []byte
		limit   int
		want    []string
		wantErr func(error) bool
	}{
		{"recorded ack", append([]byte{0x09}, recorded...), 100, []string{recorded}, func(err error) bool { return err == io.EOF }},
		{"two frames", append(frameBytes("a"), frameBytes("bc")...), 100, []string{"a", "bc"}, func(err error) bool { return err == io.EOF }},
		{"empty frame", frameBytes(""), 100, []string{""}, func(err error) bool { return err == io.EOF }},
		{"multi-byte prefix", frameBytes(strings.Repeat("z", 300)), 1000, []string{strings.Repeat("z", 300)}, func(err error) bool { return err == io.EOF }},
		{"over limit", frameBytes("abcdef"), 5, nil, func(err error) bool {
			var rle *ResourceLimitError
			return errors.As(err, &rle) && rle.LimitType == LimitMessageSize && rle.Current == 6
		}},
		{"truncated body", frameBytes("abcdef")[:4], 100, nil, func(err error) bool { return errors.Is(err, io.ErrUnexpectedEOF) }},
		{"truncated prefix", []byte{0x80}, 100, nil, func(err error) bool { return errors.Is(err, io.ErrUnexpectedEOF) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := bufio.NewReader(bytes.NewReader(tc.in))
			var got []string
			for {
				f, err := readFrame(r, tc.limit)
				if err != nil {
					if !tc.wantErr(err) {
						t.Fatalf("unexpected error %v", err)
					}
					break
				}
				got = append(got, string(f))
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("frames = %q, want %q", got, tc.want)
			}
		})
	}
	// 300 135 bytes → e7a812, as recorded.
	if p := binary.AppendUvarint(nil, 300135); fmt.Sprintf("%x", p) != "e7a812" {
		t.Errorf("prefix of 300135 = %x", p)
	}
}

func TestErrorClassification(t *testing.T) {
	refused := &swarm.DialError{Peer: "p", DialErrors: []swarm.TransportError{{Address: ma.StringCast("/ip4/127.0.0.1/tcp/1"), Cause: syscall.ECONNREFUSED}}}
	tests := []struct {
		name      string
		err       error
		code      string
		retryable bool
	}{
		{"dial refused", fmt.Errorf("open: %w", refused), "ECONNREFUSED", true},
		{"no reservation", errors.New("error opening relay circuit: NO_RESERVATION (204)"), "NO_RESERVATION", true},
		{"reset", syscall.ECONNRESET, "ECONNRESET", true},
		{"no addresses", &swarm.DialError{Peer: "p", Cause: swarm.ErrNoAddresses}, "DialError", false},
		{"protocol not supported", errors.New("protocols not supported: [whatever]"), "UNKNOWN", false},
		{"eof", io.EOF, "UNKNOWN", true},
		{"handshake", &HandshakeError{Err: io.ErrUnexpectedEOF}, "UNKNOWN", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := networkErrorCode(tc.err); got != tc.code {
				t.Errorf("code = %s, want %s", got, tc.code)
			}
			if got := isRetryableNetworkError(tc.err); got != tc.retryable {
				t.Errorf("retryable = %v, want %v", got, tc.retryable)
			}
		})
	}
}

func TestIsPermanentFailure(t *testing.T) {
	r := "ECONNREFUSED"
	tests := []struct {
		codes []string
		want  bool
	}{
		{[]string{r, r, r, r}, false},
		{[]string{r, r, r, r, r}, true},
		{[]string{"NO_RESERVATION", r, r, r, r, r}, true},
		{[]string{r, r, "ETIMEDOUT", r, r}, false},
		{[]string{"ETIMEDOUT", "ETIMEDOUT", "ETIMEDOUT", "ETIMEDOUT", "ETIMEDOUT"}, false},
		{[]string{"ENETUNREACH", "ENETUNREACH", "ENETUNREACH", "ENETUNREACH", "ENETUNREACH"}, true},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.codes, ","), func(t *testing.T) {
			if got := isPermanentFailure(tc.codes); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestCandidates(t *testing.T) {
	target := mustPeerID(t, 1)
	relayA := "/ip4/127.0.0.1/tcp/9001/ws/p2p/" + mustPeerID(t, 2).String()
	relayB := "/ip4/127.0.0.1/tcp/9002/p2p/" + mustPeerID(t, 3).String()
	tr := &Transport{
		log:    testLogger(),
		hints:  map[peer.ID][]string{},
		relays: mustRelays(t, relayB, relayA),
	}
	tr.addHintsLocked(target, []string{
		relayA,
		"/ip4/10.0.0.1/tcp/4001/p2p/" + target.String(),
		"garbage",
		relayA + "/p2p-circuit/webrtc/p2p/" + target.String(),
		"/ip4/10.0.0.2/udp/4001/quic-v1/p2p/" + target.String(),
	})
	var got []string
	for _, a := range tr.candidates(target) {
		got = append(got, a.String())
	}
	want := []string{
		"/ip4/10.0.0.1/tcp/4001",
		"/ip4/10.0.0.2/udp/4001/quic-v1",
		relayA + "/p2p-circuit",
		relayB + "/p2p-circuit",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("candidates =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestHintsBounded(t *testing.T) {
	target := mustPeerID(t, 1)
	tr := &Transport{hints: map[peer.ID][]string{}}
	for i := range 3 * maxHintsPerPeer {
		tr.addHintsLocked(target, []string{fmt.Sprintf("/ip4/10.0.0.1/tcp/%d/p2p/%s", i, target)})
	}
	tr.addHintsLocked(target, []string{tr.hints[target][0]}) // re-adding moves it last
	if n := len(tr.hints[target]); n != maxHintsPerPeer {
		t.Fatalf("%d hints kept, want %d", n, maxHintsPerPeer)
	}
}

func mustPeerID(t *testing.T, b byte) peer.ID {
	t.Helper()
	var seed [32]byte
	seed[0] = b
	id, err := peerIDFromSeed(seed)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func mustRelays(t *testing.T, addrs ...string) []relayAddr {
	t.Helper()
	r, err := parseRelays(addrs)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestRememberedPeersBound: location hints and intentional-close marks
// are kept for at most maxRememberedPeers peers each; peers the transport
// has connection state for are forgotten last.
func TestRememberedPeersBound(t *testing.T) {
	tr := &Transport{log: slog.New(slog.DiscardHandler),
		hints: map[peer.ID][]string{}, intentional: map[peer.ID]bool{}, peers: map[peer.ID]*peerState{}}
	newPeer := func() peer.ID {
		_, pub, err := crypto.GenerateEd25519Key(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		pid, err := peer.IDFromPublicKey(pub)
		if err != nil {
			t.Fatal(err)
		}
		return pid
	}
	remember := func(pid peer.ID) {
		tr.RegisterLocationHints(pid.String(), []string{"/ip4/127.0.0.1/tcp/4001/p2p/" + pid.String()})
		if err := tr.CloseConnection(pid.String()); err != nil {
			t.Fatal(err)
		}
	}
	live := newPeer()
	tr.peers[live] = &peerState{}
	remember(live)
	var last peer.ID
	for range maxRememberedPeers + 100 {
		last = newPeer()
		remember(last)
	}
	if n := len(tr.hints); n > maxRememberedPeers {
		t.Errorf("hints kept for %d peers, bound %d", n, maxRememberedPeers)
	}
	if n := len(tr.intentional); n > maxRememberedPeers {
		t.Errorf("intentional marks kept for %d peers, bound %d", n, maxRememberedPeers)
	}
	if len(tr.hints[live]) != 1 || !tr.intentional[live] {
		t.Error("the connected peer's hints or mark were forgotten before idle peers'")
	}
	if len(tr.hints[last]) != 1 || !tr.intentional[last] {
		t.Error("the newest peer's hints or mark were forgotten")
	}
}
