package libp2p

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
)

func mustAddrs(t *testing.T, ss ...string) []ma.Multiaddr {
	t.Helper()
	out, err := parseAddrs(ss, "test")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSelectRelayAddr(t *testing.T) {
	id, err := peer.Decode(DevPeerID)
	if err != nil {
		t.Fatal(err)
	}
	p2p := "/p2p/" + DevPeerID
	for _, tc := range []struct {
		name     string
		addrs    []string
		publicIP string
		want     string
		wantErr  error
	}{
		{
			name:  "public ipv4 wins",
			addrs: []string{"/ip4/127.0.0.1/tcp/9001/ws" + p2p, "/ip4/192.168.1.5/tcp/9001/ws" + p2p, "/ip4/8.8.8.8/tcp/9001/ws" + p2p, "/ip4/8.8.4.4/tcp/9002" + p2p},
			want:  "/ip4/8.8.8.8/tcp/9001/ws" + p2p,
		},
		{
			name:  "non-loopback before loopback",
			addrs: []string{"/ip4/127.0.0.1/tcp/9001/ws" + p2p, "/ip4/10.0.0.2/tcp/9001/ws" + p2p},
			want:  "/ip4/10.0.0.2/tcp/9001/ws" + p2p,
		},
		{
			name:  "loopback only, any port, /p2p added",
			addrs: []string{"/ip4/127.0.0.1/tcp/40000", "/ip4/127.0.0.1/tcp/40001/ws"},
			want:  "/ip4/127.0.0.1/tcp/40001/ws" + p2p,
		},
		{
			name:     "public ip synthesised with the ws port",
			addrs:    []string{"/ip4/127.0.0.1/tcp/40002" + p2p, "/ip4/127.0.0.1/tcp/40001/ws" + p2p},
			publicIP: "203.0.113.9",
			want:     "/ip4/203.0.113.9/tcp/40001/ws" + p2p,
		},
		{
			name:  "wss and circuit ignored",
			addrs: []string{"/dns4/x.example/tcp/443/tls/ws", "/ip4/127.0.0.1/tcp/1/ws/p2p/" + DevPeerID + "/p2p-circuit", "/ip4/127.0.0.1/tcp/2/ws"},
			want:  "/ip4/127.0.0.1/tcp/2/ws" + p2p,
		},
		{
			name:    "no ws address",
			addrs:   []string{"/ip4/127.0.0.1/tcp/9002" + p2p},
			wantErr: ErrNoWSAddr,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := SelectRelayAddr(mustAddrs(t, tc.addrs...), tc.publicIP, id)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("got %v, %v; want error %v", got, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != tc.want {
				t.Fatalf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestAnnounceFactory(t *testing.T) {
	in := mustAddrs(t, "/ip4/127.0.0.1/tcp/4001/ws", "/ip4/127.0.0.1/tcp/4002", "/ip4/127.0.0.1/udp/4003/quic-v1")
	for _, tc := range []struct {
		name     string
		announce []string
		publicIP string
		want     []string
	}{
		{"nothing", nil, "", []string{"/ip4/127.0.0.1/tcp/4001/ws", "/ip4/127.0.0.1/tcp/4002", "/ip4/127.0.0.1/udp/4003/quic-v1"}},
		{"public v4", nil, "198.51.100.1", []string{"/ip4/127.0.0.1/tcp/4001/ws", "/ip4/127.0.0.1/tcp/4002", "/ip4/127.0.0.1/udp/4003/quic-v1", "/ip4/198.51.100.1/tcp/4001/ws", "/ip4/198.51.100.1/tcp/4002"}},
		{"public v6", nil, "2001:db8::1", []string{"/ip4/127.0.0.1/tcp/4001/ws", "/ip4/127.0.0.1/tcp/4002", "/ip4/127.0.0.1/udp/4003/quic-v1", "/ip6/2001:db8::1/tcp/4001/ws", "/ip6/2001:db8::1/tcp/4002"}},
		{"announce deduplicated", []string{"/ip4/127.0.0.1/tcp/4002", "/dns4/r.example/tcp/443/wss"}, "", []string{"/ip4/127.0.0.1/tcp/4001/ws", "/ip4/127.0.0.1/tcp/4002", "/ip4/127.0.0.1/udp/4003/quic-v1", "/dns4/r.example/tcp/443/wss"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ip netip.Addr
			if tc.publicIP != "" {
				ip = netip.MustParseAddr(tc.publicIP)
			}
			got := announceFactory(mustAddrs(t, tc.announce...), ip)(in)
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i].String() != tc.want[i] {
					t.Fatalf("got %v, want %v", got, tc.want)
				}
			}
		})
	}
}
