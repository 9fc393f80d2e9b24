package kernel

import "testing"

func TestKeyKinds(t *testing.T) {
	tests := []struct {
		key  string
		want stateKinds
	}{
		{"vatConfig.v1", kindVats},
		{"vats.terminated", kindVats},
		{"nextVatId", kindVats},
		{"subclusters", kindSubclusters},
		{"vatToSubclusterMap", kindSubclusters},
		{"ko12.owner", kindObjects},
		{"kp3.state", kindObjects},
		{"v12.c.ko4", kindObjects},
		{"v1.c.o+0", kindObjects},
		{"r3.c.ko4", kindObjects | kindRemote},
		{"remote.r1", kindRemote},
		{"remotePending.r1.5", kindRemote},
		{"peerIncarnation.12D3", kindRemote},
		{"knownRelays", kindRemote},
		{"queue.run.head", kindObjects},
		{"gcActions", kindObjects},
		{"outsideHold.ko7", kindObjects},
		{"waitHold.kp9", kindObjects},
		{"serviceHold.kp9", kindObjects},
		{"keySeed", 0},
		{"initialized", 0},
		{"vx.c.ko1", 0},
		{"v.c.ko1", 0},
	}
	for _, tc := range tests {
		if got := keyKinds(tc.key); got != tc.want {
			t.Errorf("keyKinds(%q) = %b, want %b", tc.key, got, tc.want)
		}
	}
}
