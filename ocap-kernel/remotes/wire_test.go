package remotes_test

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"

	kernelstore "github.com/ocap-kernel/ocap-go/kernel-store"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/govat"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/kernel"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/remotes"
)

func writeFrame(t *testing.T, w io.Writer, s string) {
	t.Helper()
	if _, err := w.Write(append(binary.AppendUvarint(nil, uint64(len(s))), s...)); err != nil {
		t.Fatal(err)
	}
}

func readFrame(t *testing.T, r *bufio.Reader) string {
	t.Helper()
	n, err := binary.ReadUvarint(r)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestUpstreamFrames replays the frames an upstream JavaScript kernel
// exchanged with a Go peer (the frames below), with
// the ocap-go kernel in the JavaScript kernel's place: a raw libp2p host
// sends the Go peer's frames byte for byte and checks the kernel answers
// with the JavaScript kernel's frames (modulo its own incarnation id and
// URL).
func TestUpstreamFrames(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := kernelstore.Open(filepath.Join(t.TempDir(), "kernel.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	k, err := kernel.New(ctx, db, kernel.Options{Runtime: govat.NewRuntime(), RemoteTransport: remotes.Factory(nil)})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Stop()
	if err := k.InitRemoteComms(ctx, api.RemoteCommsOptions{DirectListenAddrs: []string{"/ip4/127.0.0.1/tcp/0"}}); err != nil {
		t.Fatal(err)
	}
	st, err := k.GetStatus(ctx)
	if err != nil || len(st.RemoteComms.ListenAddresses) == 0 {
		t.Fatalf("status %+v: %v", st.RemoteComms, err)
	}
	// The recorded exchange pinged the kernel's kernelFacet (ko3).
	url, err := k.IssueOcapURL(ctx, "ko3")
	if err != nil {
		t.Fatal(err)
	}

	h, err := libp2p.New(libp2p.NoListenAddrs)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	kpeer, err := peer.Decode(st.RemoteComms.PeerID)
	if err != nil {
		t.Fatal(err)
	}
	info := peer.AddrInfo{ID: kpeer}
	for _, a := range st.RemoteComms.ListenAddresses {
		info.Addrs = append(info.Addrs, ma.StringCast(strings.TrimSuffix(a, "/p2p/"+kpeer.String())))
	}
	if err := h.Connect(ctx, info); err != nil {
		t.Fatal(err)
	}
	s, err := h.NewStream(network.WithAllowLimitedConn(ctx, "ocap"), kpeer, "whatever")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := bufio.NewReader(s)

	writeFrame(t, s, `{"method":"handshake","params":{"incarnationId":"8de71be4-e6fe-4452-9365-2bffedf8de7c"}}`)
	var ack struct {
		Method string
		Params struct{ IncarnationID string }
	}
	if err := json.Unmarshal([]byte(readFrame(t, r)), &ack); err != nil || ack.Method != "handshakeAck" || len(ack.Params.IncarnationID) != 36 {
		t.Fatalf("handshake answer %+v: %v", ack, err)
	}
	steps := []struct{ send, want string }{
		{`{"seq":1,"method":"redeemURL","params":["` + url + `","1"]}`,
			`{"seq":1,"ack":1,"method":"redeemURLReply","params":[true,"1","ro+1"]}`},
		{`{"seq":2,"ack":1,"method":"deliver","params":["message","ro-1",{"methargs":{"body":"#[\"ping\",[]]","slots":[]},"result":"rp+1"}]}`,
			`{"seq":2,"ack":2,"method":"deliver","params":["notify",[["rp-1",false,{"body":"#\"pong\"","slots":[]}]]]}`},
	}
	for _, step := range steps {
		writeFrame(t, s, step.send)
		if got := readFrame(t, r); got != step.want {
			t.Fatalf("sent %s\n got %s\nwant %s", step.send, got, step.want)
		}
	}
	// Our ack of the notify; then nothing more is owed.
	writeFrame(t, s, `{"ack":2}`)
}
