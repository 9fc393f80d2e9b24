package identity

import (
	"bytes"
	"crypto/rand"
	"errors"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
)

var hex64 = regexp.MustCompile(`^[0-9a-f]{64}$`)

func TestInitIdentity(t *testing.T) {
	const seedA = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"
	const peerA = "12D3KooWJ1TsijH7H5F74hfAD5XishQz3sxrmAtVY37GtNd9CqYf"
	const mnemonic = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"
	relays1 := []string{"/ip4/127.0.0.1/tcp/9001/ws/p2p/12D3KooWJBDqsyHQF2MWiCdU4kdqx4zTsSTLRdShg7Ui6CRWB4uc"}
	relays2 := []string{"/dns4/a.example/tcp/443/wss", "/ip4/10.0.0.1/tcp/9002"}

	t.Run("random identity", func(t *testing.T) {
		kv := newMapKV()
		id, err := InitIdentity(kv, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !hex64.MatchString(kv.m[KeyKeySeed]) || !hex64.MatchString(kv.m[KeyOcapURLKey]) {
			t.Errorf("stored keySeed %q / ocapURLKey %q are not 64 lowercase hex digits", kv.m[KeyKeySeed], kv.m[KeyOcapURLKey])
		}
		derived, err := PeerIDFromSeed(mustKey(t, kv.m[KeyKeySeed]))
		if err != nil || derived != id.PeerID || kv.m[KeyPeerID] != derived.String() {
			t.Errorf("peer id %s, stored %q, derived %s", id.PeerID, kv.m[KeyPeerID], derived)
		}
		if _, ok := kv.m[KeyKnownRelays]; ok {
			t.Error("knownRelays stored without relays")
		}
		if id.KnownRelays == nil || len(id.KnownRelays) != 0 {
			t.Errorf("KnownRelays = %#v, want empty non-nil", id.KnownRelays)
		}
		if len(kv.m) != 3 {
			t.Errorf("kv = %v, want exactly keySeed, peerId, ocapURLKey", kv.m)
		}
		other, err := InitIdentity(newMapKV(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if other.KeySeed == id.KeySeed || other.OcapURLKey == id.OcapURLKey {
			t.Error("two random identities share key material")
		}
	})

	t.Run("stored identity is reused and explicit seed ignored", func(t *testing.T) {
		kv := newMapKV()
		first, err := InitIdentity(kv, Options{KeySeed: seedA})
		if err != nil {
			t.Fatal(err)
		}
		snapshot := maps(kv.m)
		second, err := InitIdentity(kv, Options{KeySeed: strings.Repeat("ff", 32)})
		if err != nil {
			t.Fatal(err)
		}
		if second.PeerID != first.PeerID || second.KeySeed != first.KeySeed || second.OcapURLKey != first.OcapURLKey {
			t.Errorf("second init changed the identity: %+v vs %+v", second, first)
		}
		if !equalMaps(kv.m, snapshot) {
			t.Errorf("second init rewrote kv: %v vs %v", kv.m, snapshot)
		}
		if first.PeerID.String() != peerA {
			t.Errorf("peer id = %s, want %s", first.PeerID, peerA)
		}
	})

	t.Run("stored peer id is used verbatim", func(t *testing.T) {
		kv := newMapKV()
		kv.m[KeyKeySeed] = seedA
		kv.m[KeyPeerID] = "12D3KooWJBDqsyHQF2MWiCdU4kdqx4zTsSTLRdShg7Ui6CRWB4uc" // not seedA's
		id, err := InitIdentity(kv, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if id.PeerID.String() != kv.m[KeyPeerID] || id.KeySeed != mustKey(t, seedA) {
			t.Errorf("identity = %s/%x", id.PeerID, id.KeySeed)
		}
	})

	t.Run("mnemonic", func(t *testing.T) {
		kv := newMapKV()
		id, err := InitIdentity(kv, Options{Mnemonic: mnemonic})
		if err != nil {
			t.Fatal(err)
		}
		if kv.m[KeyKeySeed] != "5eb00bbddcf069084889a8ab9155568165f5c453ccb85e70811aaed6f6da5fc1" ||
			id.PeerID.String() != "12D3KooWP7CwQswqLKZbwvYd9wrEynnL9F2aKVP1X9huNASBTuqj" {
			t.Errorf("mnemonic identity = %s (seed %s)", id.PeerID, kv.m[KeyKeySeed])
		}
	})

	t.Run("mnemonic with existing identity", func(t *testing.T) {
		kv := newMapKV()
		if _, err := InitIdentity(kv, Options{KeySeed: seedA}); err != nil {
			t.Fatal(err)
		}
		_, err := InitIdentity(kv, Options{Mnemonic: mnemonic, Relays: relays2})
		if !errors.Is(err, ErrIdentityExists) {
			t.Fatalf("error = %v, want ErrIdentityExists", err)
		}
		if kv.m[KeyPeerID] != peerA {
			t.Errorf("peer id changed to %s", kv.m[KeyPeerID])
		}
		// Upstream stores the relays (step 1) before it checks the identity.
		if kv.m[KeyKnownRelays] != jsonStringArray(relays2) {
			t.Errorf("knownRelays = %q", kv.m[KeyKnownRelays])
		}
	})

	t.Run("invalid mnemonic stores nothing but relays", func(t *testing.T) {
		kv := newMapKV()
		_, err := InitIdentity(kv, Options{Mnemonic: "abandon abandon", Relays: relays1})
		if !errors.Is(err, ErrInvalidMnemonic) {
			t.Fatalf("error = %v", err)
		}
		if len(kv.m) != 1 || kv.m[KeyKnownRelays] == "" {
			t.Errorf("kv = %v", kv.m)
		}
	})

	t.Run("relays stored, reused and overwritten", func(t *testing.T) {
		kv := newMapKV()
		id, err := InitIdentity(kv, Options{Relays: relays1})
		if err != nil {
			t.Fatal(err)
		}
		if got := kv.m[KeyKnownRelays]; got != `["/ip4/127.0.0.1/tcp/9001/ws/p2p/12D3KooWJBDqsyHQF2MWiCdU4kdqx4zTsSTLRdShg7Ui6CRWB4uc"]` {
			t.Errorf("knownRelays = %s", got)
		}
		if !slices.Equal(id.KnownRelays, relays1) {
			t.Errorf("KnownRelays = %q", id.KnownRelays)
		}
		id, err = InitIdentity(kv, Options{})
		if err != nil || !slices.Equal(id.KnownRelays, relays1) {
			t.Errorf("reinit without relays: %q, %v", id.KnownRelays, err)
		}
		id, err = InitIdentity(kv, Options{Relays: relays2})
		if err != nil || !slices.Equal(id.KnownRelays, relays2) || kv.m[KeyKnownRelays] != `["/dns4/a.example/tcp/443/wss","/ip4/10.0.0.1/tcp/9002"]` {
			t.Errorf("overwrite: %q, %q, %v", id.KnownRelays, kv.m[KeyKnownRelays], err)
		}
	})

	t.Run("relays JSON is JSON.stringify", func(t *testing.T) {
		kv := newMapKV()
		if _, err := InitIdentity(kv, Options{Relays: []string{"a<b>&c\u2028\"\\"}}); err != nil {
			t.Fatal(err)
		}
		if got, want := kv.m[KeyKnownRelays], "[\"a<b>&c\u2028\\\"\\\\\"]"; got != want {
			t.Errorf("knownRelays = %q, want %q", got, want)
		}
	})

	t.Run("HEAD relay entries are read", func(t *testing.T) {
		kv := newMapKV()
		kv.m[KeyKnownRelays] = `[{"addr":"/ip4/1.1.1.1/tcp/1","lastSeen":1,"isBootstrap":true},{"addr":"/ip4/2.2.2.2/tcp/2","lastSeen":2,"isBootstrap":false}]`
		id, err := InitIdentity(kv, Options{})
		if err != nil || !slices.Equal(id.KnownRelays, []string{"/ip4/1.1.1.1/tcp/1", "/ip4/2.2.2.2/tcp/2"}) {
			t.Errorf("KnownRelays = %q, %v", id.KnownRelays, err)
		}
	})

	t.Run("corrupt relays", func(t *testing.T) {
		for _, raw := range []string{"{", `{"a":1}`, `[1]`, `[{"lastSeen":1}]`} {
			kv := newMapKV()
			kv.m[KeyKnownRelays] = raw
			if _, err := InitIdentity(kv, Options{}); err == nil {
				t.Errorf("knownRelays %s accepted", raw)
			}
		}
	})

	t.Run("empty stored values count as absent", func(t *testing.T) {
		kv := newMapKV()
		kv.m[KeyPeerID] = ""
		kv.m[KeyOcapURLKey] = ""
		kv.m[KeyKnownRelays] = ""
		id, err := InitIdentity(kv, Options{KeySeed: seedA})
		if err != nil || id.PeerID.String() != peerA || !hex64.MatchString(kv.m[KeyOcapURLKey]) {
			t.Errorf("identity %v, kv %v, err %v", id, kv.m, err)
		}
	})

	t.Run("stored peer id without key seed", func(t *testing.T) {
		kv := newMapKV()
		kv.m[KeyPeerID] = peerA
		if _, err := InitIdentity(kv, Options{}); err == nil || !strings.Contains(err.Error(), "no record matching key 'keySeed'") {
			t.Errorf("error = %v", err)
		}
	})

	t.Run("garbage stored peer id", func(t *testing.T) {
		kv := newMapKV()
		kv.m[KeyPeerID] = "not-a-peer-id"
		kv.m[KeyKeySeed] = seedA
		if _, err := InitIdentity(kv, Options{}); err == nil {
			t.Error("garbage peer id accepted")
		}
	})

	t.Run("stored ocapURLKey read with fromHex quirks", func(t *testing.T) {
		kv := newMapKV()
		kv.m[KeyOcapURLKey] = "ABCD"
		id, err := InitIdentity(kv, Options{})
		if err != nil || id.OcapURLKey[0] != 0xab || id.OcapURLKey[1] != 0xcd || id.OcapURLKey[2] != 0 {
			t.Errorf("OcapURLKey = %x, %v", id.OcapURLKey, err)
		}
		if kv.m[KeyOcapURLKey] != "ABCD" {
			t.Errorf("stored ocapURLKey rewritten to %q", kv.m[KeyOcapURLKey])
		}
	})

	t.Run("store errors are wrapped", func(t *testing.T) {
		kv := newMapKV()
		kv.setErr = errDiskFull
		for _, opts := range []Options{{}, {Relays: relays1}} {
			if _, err := InitIdentity(kv, opts); !errors.Is(err, errDiskFull) {
				t.Errorf("error = %v, want wrapping %v", err, errDiskFull)
			}
		}
	})

	t.Run("random material comes from the reader", func(t *testing.T) {
		material := bytes.Repeat([]byte{7}, 32)
		material = append(material, bytes.Repeat([]byte{9}, 32)...)
		kv := newMapKV()
		id, err := initIdentity(kv, Options{}, bytes.NewReader(material))
		if err != nil {
			t.Fatal(err)
		}
		if kv.m[KeyKeySeed] != strings.Repeat("07", 32) || kv.m[KeyOcapURLKey] != strings.Repeat("09", 32) || id.OcapURLKey[31] != 9 {
			t.Errorf("kv = %v", kv.m)
		}
		for _, n := range []int{0, 40} {
			if _, err := initIdentity(newMapKV(), Options{}, bytes.NewReader(material[:n])); err == nil {
				t.Errorf("initIdentity with %d random bytes succeeded", n)
			}
		}
	})

	t.Run("private key matches peer id", func(t *testing.T) {
		id, err := InitIdentity(newMapKV(), Options{KeySeed: seedA})
		if err != nil {
			t.Fatal(err)
		}
		priv, err := id.PrivateKey()
		if err != nil || !id.PeerID.MatchesPrivateKey(priv) {
			t.Errorf("private key does not match: %v", err)
		}
	})
}

func TestIdentityURLs(t *testing.T) {
	relays := []string{"/r/1", "/r/2", "/r/3", "/r/4"}
	alice, err := InitIdentity(newMapKV(), Options{Relays: relays})
	if err != nil {
		t.Fatal(err)
	}
	bob, err := InitIdentity(newMapKV(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := alice.URLHints(); !slices.Equal(got, relays[:3]) {
		t.Errorf("URLHints = %q", got)
	}
	if got := bob.URLHints(); got == nil || len(got) != 0 {
		t.Errorf("URLHints without relays = %#v", got)
	}

	tests := []struct {
		kref  string
		hints []string
	}{
		{"ko1", nil},
		{"kp12", alice.URLHints()},
		{"ko123456789012345678", []string{"/a"}},
	}
	for _, tt := range tests {
		t.Run(tt.kref, func(t *testing.T) {
			url, err := alice.IssueURL(tt.kref, tt.hints)
			if err != nil {
				t.Fatal(err)
			}
			if again, _ := alice.IssueURL(tt.kref, tt.hints); again == url {
				t.Error("two issues of the same kref gave the same URL")
			}
			if len(tt.hints) == 0 && strings.HasSuffix(url, ",") {
				t.Errorf("trailing comma in %s", url)
			}
			kref, isLocal, parsed, err := alice.RedeemLocal(url)
			if err != nil || !isLocal || kref != tt.kref || parsed.PeerID != alice.PeerID.String() {
				t.Errorf("alice.RedeemLocal = %q, %v, %+v, %v", kref, isLocal, parsed, err)
			}
			if !slices.Equal(parsed.Hints, append([]string{}, tt.hints...)) {
				t.Errorf("hints = %q, want %q", parsed.Hints, tt.hints)
			}
			kref, isLocal, parsed, err = bob.RedeemLocal(url)
			if err != nil || isLocal || kref != "" || parsed.PeerID != alice.PeerID.String() {
				t.Errorf("bob.RedeemLocal = %q, %v, %+v, %v", kref, isLocal, parsed, err)
			}
			if _, err := bob.RedeemOwnURL(url); !errors.Is(err, ErrNotMyHost) {
				t.Errorf("bob.RedeemOwnURL error = %v", err)
			}
		})
	}

	t.Run("parse errors surface", func(t *testing.T) {
		if _, _, _, err := alice.RedeemLocal("nope"); !errors.Is(err, ErrUnparseableURL) {
			t.Errorf("error = %v", err)
		}
		if _, err := alice.RedeemOwnURL("http://x/"); !errors.Is(err, ErrNotOcapURL) {
			t.Errorf("error = %v", err)
		}
	})

	t.Run("concurrent redeem", func(t *testing.T) {
		url, err := alice.IssueURL("ko7", nil)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 16)
		for range 16 {
			wg.Go(func() {
				kref, _, _, err := alice.RedeemLocal(url)
				if err == nil && kref != "ko7" {
					err = errors.New("wrong kref " + kref)
				}
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
	})
}

func TestDecryptOIDErrors(t *testing.T) {
	var key [SeedSize]byte
	key[0] = 1
	short := "z" + strings.Repeat("2", 10)
	tests := []struct {
		name string
		oid  string
		want string
		is   error
	}{
		{"no prefix", "abc", `Unable to decode multibase string "abc", base58btc decoder only supports inputs prefixed with z`, nil},
		{"empty", "", `Unable to decode multibase string "", base58btc decoder only supports inputs prefixed with z`, nil},
		{"non-base58", "z0OIl", "Non-base58btc character", ErrNonBase58},
		{"empty payload", "z", "ocapURL has bad object reference", ErrBadObjectReference},
		{"too short", short, "ocapURL has bad object reference", ErrBadObjectReference},
		{"garbage", "z" + strings.Repeat("A", 90), "ocapURL has bad object reference", ErrBadObjectReference},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecryptOID(key, tt.oid)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.is)
			}
			var me *MultibaseError
			if tt.is == nil && !errors.As(err, &me) {
				t.Errorf("error %T is not a *MultibaseError", err)
			}
		})
	}
	t.Run("not a kref", func(t *testing.T) {
		for _, plain := range []string{"hello", "", "ko", "k1", "ko1x", "KO1", "ko-1", "o+1"} {
			oid, err := EncryptKref(key, plain)
			if err != nil {
				t.Fatal(err)
			}
			_, err = DecryptOID(key, oid)
			var ke *InvalidKRefError
			if !errors.As(err, &ke) || ke.Value != plain {
				t.Errorf("DecryptOID(%q) error = %v", plain, err)
			}
		}
	})
	t.Run("padding is trimmed", func(t *testing.T) {
		oid, err := EncryptKref(key, " \tko5\u00a0")
		if err != nil {
			t.Fatal(err)
		}
		if kref, err := DecryptOID(key, oid); err != nil || kref != "ko5" {
			t.Errorf("DecryptOID = %q, %v", kref, err)
		}
	})
}

func TestKDFCache(t *testing.T) {
	c := newKDFCache(2)
	var key [SeedSize]byte
	salts := [][]byte{make([]byte, 16), make([]byte, 16), make([]byte, 16)}
	for i := range salts {
		salts[i][0] = byte(i + 1)
	}
	k0, err := deriveOIDKey(key, salts[0], c)
	if err != nil {
		t.Fatal(err)
	}
	uncached, err := deriveOIDKey(key, salts[0], nil)
	if err != nil || uncached != k0 {
		t.Fatalf("cached and uncached derivations differ")
	}
	if _, err := deriveOIDKey(key, salts[1], c); err != nil {
		t.Fatal(err)
	}
	var ck kdfCacheKey
	copy(ck.salt[:], salts[0])
	if _, ok := c.get(ck); !ok { // touch salt 0 so salt 1 is the oldest
		t.Fatal("salt 0 not cached")
	}
	if _, err := deriveOIDKey(key, salts[2], c); err != nil {
		t.Fatal(err)
	}
	if c.len() != 2 {
		t.Fatalf("cache holds %d entries, want 2", c.len())
	}
	if _, ok := c.get(ck); !ok {
		t.Error("recently used entry evicted")
	}
	copy(ck.salt[:], salts[1])
	if _, ok := c.get(ck); ok {
		t.Error("least recently used entry kept")
	}

	// An issued URL's key is cached, so redeeming it needs no derivation.
	c = newKDFCache(8)
	oid, err := encryptKref(key, "ko1", rand.Reader, c)
	if err != nil {
		t.Fatal(err)
	}
	if c.len() != 1 {
		t.Fatalf("issue cached %d keys", c.len())
	}
	if kref, err := decryptOID(key, oid, c); err != nil || kref != "ko1" || c.len() != 1 {
		t.Errorf("redeem = %q, %v; cache %d", kref, err, c.len())
	}
}

func TestIncarnationID(t *testing.T) {
	kv := newMapKV()
	first, err := ProvideIncarnationID(kv)
	if err != nil {
		t.Fatal(err)
	}
	u, err := uuid.Parse(first)
	if err != nil || u.Version() != 4 || u.Variant() != uuid.RFC4122 || u.String() != first {
		t.Fatalf("incarnation id %q is not a canonical UUIDv4: %v", first, err)
	}
	if kv.m[KeyIncarnationID] != first {
		t.Errorf("stored %q", kv.m[KeyIncarnationID])
	}
	again, err := ProvideIncarnationID(kv)
	if err != nil || again != first {
		t.Errorf("second ProvideIncarnationID = %q, %v; want %q", again, err, first)
	}
	delete(kv.m, KeyIncarnationID) // clearState
	third, err := ProvideIncarnationID(kv)
	if err != nil || third == first {
		t.Errorf("after clear = %q, %v", third, err)
	}
	fourth, err := RegenerateIncarnationID(kv)
	if err != nil || fourth == third || kv.m[KeyIncarnationID] != fourth {
		t.Errorf("RegenerateIncarnationID = %q, %v", fourth, err)
	}
	kv.m[KeyIncarnationID] = ""
	if v, err := ProvideIncarnationID(kv); err != nil || v == "" {
		t.Errorf("empty stored id not replaced: %q, %v", v, err)
	}
	kv.setErr = errDiskFull
	delete(kv.m, KeyIncarnationID)
	if _, err := ProvideIncarnationID(kv); !errors.Is(err, errDiskFull) {
		t.Errorf("error = %v", err)
	}
}

func maps(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
