package kernel

import (
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	kernelstore "github.com/ocap-kernel/ocap-go/kernel-store"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/identity"
)

const (
	relayID1 = "12D3KooWJBDqsyHQF2MWiCdU4kdqx4zTsSTLRdShg7Ui6CRWB4uc"
	relayID2 = "12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo"
)

func entry(addr string, lastSeen int64, boot bool) relayEntry {
	return relayEntry{Addr: addr, LastSeen: lastSeen, IsBootstrap: boot}
}

func addrs(pool []relayEntry) []string {
	out := []string{}
	for _, e := range pool {
		out = append(out, e.Addr)
	}
	return out
}

func TestEnforcePoolCap(t *testing.T) {
	tests := []struct {
		name  string
		pool  []relayEntry
		limit int
		want  []relayEntry
	}{
		{"within the cap: unchanged", []relayEntry{entry("a", 1, false), entry("b", 2, true)}, 2,
			[]relayEntry{entry("a", 1, false), entry("b", 2, true)}},
		{"oldest learned evicted", []relayEntry{entry("old", 1, false), entry("boot", 5, true), entry("new", 9, false), entry("mid", 4, false)}, 3,
			[]relayEntry{entry("boot", 5, true), entry("new", 9, false), entry("mid", 4, false)}},
		{"bootstrap kept before newer learned", []relayEntry{entry("l", 99, false), entry("b1", 1, true), entry("b2", 1, true)}, 2,
			[]relayEntry{entry("b1", 1, true), entry("b2", 1, true)}},
		{"too many bootstrap: truncated", []relayEntry{entry("b1", 1, true), entry("b2", 1, true), entry("b3", 1, true)}, 2,
			[]relayEntry{entry("b1", 1, true), entry("b2", 1, true)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := enforcePoolCap(tc.pool, tc.limit); !slices.Equal(got, tc.want) {
				t.Errorf("enforcePoolCap = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestMergeBootstrapRelays(t *testing.T) {
	tests := []struct {
		name   string
		pool   []relayEntry
		relays []string
		limit  int
		want   []relayEntry
	}{
		{"first start", nil, []string{"r1", "r2"}, 20,
			[]relayEntry{entry("r1", 100, true), entry("r2", 100, true)}},
		{"learned relay kept, old bootstrap demoted", []relayEntry{entry("gone", 5, true), entry("learned", 7, false), entry("r1", 5, true)}, []string{"r1"}, 20,
			[]relayEntry{entry("gone", 5, false), entry("learned", 7, false), entry("r1", 100, true)}},
		{"cap applied", []relayEntry{entry("l1", 1, false), entry("l2", 2, false)}, []string{"r1"}, 2,
			[]relayEntry{entry("r1", 100, true), entry("l2", 2, false)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := mergeBootstrapRelays(tc.pool, tc.relays, 100, tc.limit); !slices.Equal(got, tc.want) {
				t.Errorf("mergeBootstrapRelays = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestAddKnownRelays(t *testing.T) {
	boot := entry("boot", 10, true)
	tests := []struct {
		name        string
		pool        []relayEntry
		add         []string
		limit       int
		want        []relayEntry
		wantChanged bool
	}{
		{"new relay joins as learned", []relayEntry{boot}, []string{"x"}, 20,
			[]relayEntry{boot, entry("x", 50, false)}, true},
		{"known relay seen again", []relayEntry{boot, entry("x", 20, false)}, []string{"x"}, 20,
			[]relayEntry{boot, entry("x", 50, false)}, true},
		{"seen at the same time: unchanged", []relayEntry{boot, entry("x", 50, false)}, []string{"x"}, 20,
			[]relayEntry{boot, entry("x", 50, false)}, false},
		{"nothing to add", []relayEntry{boot}, nil, 20, []relayEntry{boot}, false},
		{"the pool stops at its cap: the oldest learned goes", []relayEntry{boot, entry("old", 20, false), entry("mid", 30, false)}, []string{"new"}, 3,
			[]relayEntry{boot, entry("new", 50, false), entry("mid", 30, false)}, true},
		{"a cap of bootstrap relays keeps out learned ones", []relayEntry{boot}, []string{"x", "y"}, 1,
			[]relayEntry{boot}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, changed := addKnownRelays(tc.pool, tc.add, 50, tc.limit)
			if !slices.Equal(got, tc.want) || changed != tc.wantChanged {
				t.Errorf("addKnownRelays = %v, %v; want %v, %v", got, changed, tc.want, tc.wantChanged)
			}
			if len(got) > tc.limit {
				t.Errorf("pool of %d over its cap %d", len(got), tc.limit)
			}
		})
	}
}

func TestURLRelayHints(t *testing.T) {
	pool := []relayEntry{entry("learned-old", 1, false), entry("boot1", 5, true), entry("learned-new", 9, false),
		entry("boot2", 5, true), entry("legacy", 0, false)}
	tests := []struct {
		n    int
		want []string
	}{
		{1, []string{"boot1"}},
		{3, []string{"boot1", "boot2", "learned-new"}},
		{4, []string{"boot1", "boot2", "learned-new", "learned-old"}},
		{10, []string{"boot1", "boot2", "learned-new", "learned-old", "legacy"}},
	}
	for _, tc := range tests {
		if got := urlRelayHints(pool, tc.n); !slices.Equal(got, tc.want) {
			t.Errorf("urlRelayHints(%d) = %v, want %v", tc.n, got, tc.want)
		}
	}
	if got := addrs(pool); got[0] != "learned-old" {
		t.Errorf("urlRelayHints reordered its input: %v", got)
	}
}

func TestValidateRemoteCommsOptions(t *testing.T) {
	good := "/ip4/127.0.0.1/tcp/9001/ws/p2p/" + relayID1
	tests := []struct {
		name string
		opts api.RemoteCommsOptions
		want string // "" = accepted
	}{
		{"defaults", api.RemoteCommsOptions{}, ""},
		{"all set", api.RemoteCommsOptions{Relays: []string{good}, MaxURLRelayHints: 5, MaxKnownRelays: 1, MaxQueue: 3, MaxRetryAttempts: 2}, ""},
		{"negative hints", api.RemoteCommsOptions{MaxURLRelayHints: -1}, "must be positive integers"},
		{"negative pool", api.RemoteCommsOptions{MaxKnownRelays: -2}, "must be positive integers"},
		{"negative queue", api.RemoteCommsOptions{MaxQueue: -1}, "must not be negative"},
		{"unparseable relay", api.RemoteCommsOptions{Relays: []string{"relay.example:9001"}}, `invalid relay address "relay.example:9001"`},
		{"relay without id", api.RemoteCommsOptions{Relays: []string{"/ip4/127.0.0.1/tcp/9001/ws"}}, "must end in /p2p/<relay peer id>"},
		{"relay id only", api.RemoteCommsOptions{Relays: []string{"/p2p/" + relayID1}}, "must end in /p2p/<relay peer id>"},
		{"circuit as relay", api.RemoteCommsOptions{Relays: []string{good + "/p2p-circuit/p2p/" + relayID2}}, "cannot be a circuit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := validateRemoteCommsOptions(tc.opts)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// storeKernel is a Kernel with only a store, on a SQLite file, for the
// helpers that read and write kv.
func storeKernel(t *testing.T) *Kernel {
	t.Helper()
	db, err := kernelstore.Open(filepath.Join(t.TempDir(), "kernel.db"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := openStore(db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = st.closeWriter()
		_ = db.Close()
	})
	return &Kernel{st: st, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

func TestRelayPoolStored(t *testing.T) {
	tests := []struct {
		name, stored string
		want         []relayEntry
		wantErr      string
	}{
		{"absent", "", nil, ""},
		{"upstream entries", `[{"addr":"a","lastSeen":1700000000000,"isBootstrap":true},{"addr":"b","lastSeen":0,"isBootstrap":false}]`,
			[]relayEntry{entry("a", 1700000000000, true), entry("b", 0, false)}, ""},
		{"legacy addresses", `["a","b"]`, []relayEntry{entry("a", 0, false), entry("b", 0, false)}, ""},
		{"not an array", `{"addr":"a"}`, nil, "stored knownRelays"},
		{"entry without addr", `[{"lastSeen":1}]`, nil, "bad entry"},
		{"negative lastSeen", `[{"addr":"a","lastSeen":-1,"isBootstrap":false}]`, nil, "bad entry"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k := storeKernel(t)
			if tc.stored != "" {
				k.st.set(identity.KeyKnownRelays, tc.stored)
			}
			got, err := k.relayPool()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("relayPool = %v, %v; want an error containing %q", got, err, tc.wantErr)
				}
				return
			}
			if err != nil || !slices.Equal(got, tc.want) {
				t.Fatalf("relayPool = %v, %v; want %v", got, err, tc.want)
			}
		})
	}

	// Written in upstream's format, in URL-selection order.
	k := storeKernel(t)
	k.setRelayPool([]relayEntry{entry("learned", 5, false), entry("boot", 1, true)})
	want := `[{"addr":"boot","lastSeen":1,"isBootstrap":true},{"addr":"learned","lastSeen":5,"isBootstrap":false}]`
	if got := k.st.getString(identity.KeyKnownRelays); got != want {
		t.Errorf("stored %s, want %s", got, want)
	}
	k.setRelayPool(nil)
	if got := k.st.getString(identity.KeyKnownRelays); got != "[]" {
		t.Errorf("emptied pool stored as %s, want []", got)
	}
}

func TestDetectWake(t *testing.T) {
	now := time.UnixMilli(1_700_000_000_000)
	tests := []struct {
		name, last string
		want       bool
	}{
		{"first start", "", false},
		{"a minute ago", strconv.FormatInt(now.Add(-time.Minute).UnixMilli(), 10), false},
		{"exactly the threshold", strconv.FormatInt(now.Add(-wakeThreshold).UnixMilli(), 10), false},
		{"over an hour ago", strconv.FormatInt(now.Add(-wakeThreshold-time.Millisecond).UnixMilli(), 10), true},
		{"unparseable", "yesterday", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k := storeKernel(t)
			if tc.last != "" {
				k.st.set(keyLastActiveTime, tc.last)
			}
			if got := k.detectWake(now); got != tc.want {
				t.Errorf("detectWake = %v, want %v", got, tc.want)
			}
			if got := k.st.getString(keyLastActiveTime); got != strconv.FormatInt(now.UnixMilli(), 10) {
				t.Errorf("lastActiveTime = %s, want now", got)
			}
		})
	}
}
