package identity

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/mr-tron/base58"
)

// goldenDir is <repo>/testdata/golden relative to this package.
func goldenDir(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate test source")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata", "golden")
}

// loadGolden reads a golden file into v. A missing file fails the test
// unless OCAP_GOLDEN_OPTIONAL=1, in which case the test is skipped.
func loadGolden(t testing.TB, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(goldenDir(t), name))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) && os.Getenv("OCAP_GOLDEN_OPTIONAL") == "1" {
			t.Skipf("golden file %s missing and OCAP_GOLDEN_OPTIONAL=1", name)
		}
		t.Fatalf("read golden file: %v", err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("parse golden file %s: %v", name, err)
	}
}

type goldenError struct {
	Name    string `json:"name"`
	Message string `json:"message"`
}

type keyVector struct {
	Label                string       `json:"label"`
	KeySeed              string       `json:"keySeed"`
	FromHexBytesHex      string       `json:"fromHex_bytes_hex"`
	PeerID               string       `json:"peer_id"`
	KVKeySeed            string       `json:"kv_keySeed"`
	KVPeerID             string       `json:"kv_peerId"`
	PublicKeyHex         string       `json:"ed25519_public_key_hex"`
	PrivateKeyRawHex     string       `json:"ed25519_private_key_raw_hex"`
	PeerIDMultihashHex   string       `json:"peer_id_multihash_hex"`
	PeerIDCIDv1Base32    string       `json:"peer_id_cidv1_base32"`
	Error                *goldenError `json:"error"`
	SeedHex              string       `json:"seed_hex"` // relay only
	RelayAddrFromRunning string       `json:"relay_addr_file_from_running_ocap_relay_start"`
}

type urlVector struct {
	Label         string       `json:"label"`
	Kref          string       `json:"kref"`
	URL           string       `json:"url"`
	Redeemed      string       `json:"redeemLocalOcapURL"`
	OID           string       `json:"oid"`
	Host          string       `json:"host"`
	Hints         []string     `json:"hints"`
	OIDRawLen     int          `json:"oid_raw_len"`
	OIDRawHex     string       `json:"oid_raw_hex"`
	SaltHex       string       `json:"salt_hex"`
	NonceHex      string       `json:"nonce_hex"`
	CiphertextHex string       `json:"ciphertext_hex"`
	TagHex        string       `json:"tag_hex"`
	PBKDF2KeyHex  string       `json:"pbkdf2_key_hex"`
	PlaintextUTF8 string       `json:"plaintext_utf8"`
	PlaintextHex  string       `json:"plaintext_hex"`
	Error         *goldenError `json:"error"`
	Options       struct {
		Relays []string `json:"relays"`
	} `json:"options"`
}

type identityVectors struct {
	Relay    keyVector   `json:"relay"`
	KeySeeds []keyVector `json:"keySeeds"`
	Mnemonic []struct {
		Mnemonic         string       `json:"mnemonic"`
		IsValid          bool         `json:"isValidMnemonic"`
		BIP39SeedHex     string       `json:"bip39_seed_512_hex_reference"`
		KeySeed          string       `json:"keySeed"`
		ToSeedError      *goldenError `json:"mnemonicToSeed_error"`
		InitError        *goldenError `json:"initRemoteIdentity_error"`
		RemoteIdentityKV *keyVector   `json:"initRemoteIdentity"`
	} `json:"mnemonics"`
	MnemonicWithExistingIdentity struct {
		Error goldenError `json:"error"`
	} `json:"mnemonic_with_existing_identity"`
	OcapURL struct {
		OcapURLKey    string      `json:"ocapURLKey"`
		KeySeed       string      `json:"keySeed"`
		PeerID        string      `json:"peer_id"`
		Vectors       []urlVector `json:"vectors"`
		Deterministic urlVector   `json:"deterministic_vector"`
		RelayHint     struct {
			urlVector
			Parsed struct {
				OID   string   `json:"oid"`
				Host  string   `json:"host"`
				Hints []string `json:"hints"`
			} `json:"parsed"`
		} `json:"relay_hint_vector"`
		Negative []urlVector `json:"negative_redeem_cases"`
	} `json:"ocapURL"`
	Daemon []struct {
		Source        string      `json:"source"`
		KeySeed       string      `json:"keySeed"`
		OcapURLKey    string      `json:"ocapURLKey"`
		PeerIDInKV    string      `json:"peerId_in_daemon_kv"`
		PeerIDDerived string      `json:"peerId_derived_from_keySeed"`
		URLs          []urlVector `json:"urls"`
	} `json:"daemon_vectors"`
}

func loadIdentityVectors(t testing.TB) *identityVectors {
	t.Helper()
	var v identityVectors
	loadGolden(t, "identity-vectors.json", &v)
	return &v
}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("bad hex %q in golden data: %v", s, err)
	}
	return b
}

func mustKey(t testing.TB, s string) [SeedSize]byte {
	t.Helper()
	k, err := KeySeedFromHex(s)
	if err != nil {
		t.Fatalf("KeySeedFromHex(%q): %v", s, err)
	}
	return k
}

// checkKeyMaterial verifies everything a key vector records about the key
// derived from seed.
func checkKeyMaterial(t *testing.T, seed [SeedSize]byte, v keyVector) {
	t.Helper()
	priv, err := PrivateKeyFromSeed(seed)
	if err != nil {
		t.Fatalf("PrivateKeyFromSeed: %v", err)
	}
	pub, err := priv.GetPublic().Raw()
	if err != nil {
		t.Fatalf("public Raw: %v", err)
	}
	if got := hex.EncodeToString(pub); got != v.PublicKeyHex {
		t.Errorf("public key = %s, want %s", got, v.PublicKeyHex)
	}
	raw, err := priv.Raw()
	if err != nil {
		t.Fatalf("private Raw: %v", err)
	}
	if got := hex.EncodeToString(raw); got != v.PrivateKeyRawHex {
		t.Errorf("private key raw = %s, want %s", got, v.PrivateKeyRawHex)
	}
	id, err := PeerIDFromSeed(seed)
	if err != nil {
		t.Fatalf("PeerIDFromSeed: %v", err)
	}
	if id.String() != v.PeerID {
		t.Errorf("peer id = %s, want %s", id, v.PeerID)
	}
	if got := hex.EncodeToString([]byte(id)); got != v.PeerIDMultihashHex {
		t.Errorf("peer id multihash = %s, want %s", got, v.PeerIDMultihashHex)
	}
	if got := peer.ToCid(id).String(); got != v.PeerIDCIDv1Base32 {
		t.Errorf("peer id CIDv1 = %s, want %s", got, v.PeerIDCIDv1Base32)
	}
}

func TestGoldenRelayKey(t *testing.T) {
	v := loadIdentityVectors(t).Relay
	var seed [SeedSize]byte
	seed[0] = 200
	if got := hex.EncodeToString(seed[:]); got != v.SeedHex {
		t.Fatalf("relay seed = %s, want %s", got, v.SeedHex)
	}
	if v.PeerID != "12D3KooWJBDqsyHQF2MWiCdU4kdqx4zTsSTLRdShg7Ui6CRWB4uc" {
		t.Fatalf("golden relay peer id changed: %s", v.PeerID)
	}
	checkKeyMaterial(t, seed, v)
	if !strings.HasSuffix(v.RelayAddrFromRunning, "/p2p/"+v.PeerID) {
		t.Errorf("running relay address %q does not end in the peer id", v.RelayAddrFromRunning)
	}
}

func TestGoldenKeySeeds(t *testing.T) {
	vs := loadIdentityVectors(t).KeySeeds
	if len(vs) != 11 {
		t.Fatalf("got %d keySeed vectors, want 11", len(vs))
	}
	for _, v := range vs {
		t.Run(v.Label, func(t *testing.T) {
			seed, err := KeySeedFromHex(v.KeySeed)
			if v.Error != nil {
				if !errors.Is(err, ErrKeySeedTooLong) || err.Error() != v.Error.Message {
					t.Fatalf("KeySeedFromHex error = %v, want %q", err, v.Error.Message)
				}
				kv := newMapKV()
				_, err := InitIdentity(kv, Options{KeySeed: v.KeySeed})
				if err == nil || err.Error() != v.Error.Message {
					t.Fatalf("InitIdentity error = %v, want %q", err, v.Error.Message)
				}
				if _, ok := kv.m[KeyPeerID]; ok {
					t.Errorf("peerId stored despite the error")
				}
				return
			}
			if err != nil {
				t.Fatalf("KeySeedFromHex: %v", err)
			}
			if got := hex.EncodeToString(seed[:]); got != v.FromHexBytesHex {
				t.Errorf("fromHex = %s, want %s", got, v.FromHexBytesHex)
			}
			checkKeyMaterial(t, seed, v)
			if v.KeySeed == "" {
				// Upstream stores "" verbatim when it is passed explicitly;
				// here an empty KeySeed means "random" (see Options).
				return
			}
			kv := newMapKV()
			id, err := InitIdentity(kv, Options{KeySeed: v.KeySeed})
			if err != nil {
				t.Fatalf("InitIdentity: %v", err)
			}
			if kv.m[KeyKeySeed] != v.KVKeySeed || kv.m[KeyPeerID] != v.KVPeerID {
				t.Errorf("kv keySeed/peerId = %q/%q, want %q/%q", kv.m[KeyKeySeed], kv.m[KeyPeerID], v.KVKeySeed, v.KVPeerID)
			}
			if id.PeerID.String() != v.PeerID || id.KeySeed != seed {
				t.Errorf("identity = %s/%x, want %s/%x", id.PeerID, id.KeySeed, v.PeerID, seed)
			}
		})
	}
}

func TestGoldenMnemonics(t *testing.T) {
	gv := loadIdentityVectors(t)
	if len(gv.Mnemonic) != 7 {
		t.Fatalf("got %d mnemonic vectors, want 7", len(gv.Mnemonic))
	}
	for _, v := range gv.Mnemonic {
		t.Run(v.Mnemonic, func(t *testing.T) {
			if got := IsValidMnemonic(v.Mnemonic); got != v.IsValid {
				t.Errorf("IsValidMnemonic = %v, want %v", got, v.IsValid)
			}
			if v.BIP39SeedHex != "" {
				seed, err := bip39Seed(v.Mnemonic)
				if err != nil {
					t.Fatalf("bip39Seed: %v", err)
				}
				if got := hex.EncodeToString(seed); got != v.BIP39SeedHex {
					t.Errorf("bip39 seed = %s, want %s", got, v.BIP39SeedHex)
				}
			}
			keySeed, err := MnemonicToKeySeed(v.Mnemonic)
			kv := newMapKV()
			id, initErr := InitIdentity(kv, Options{Mnemonic: v.Mnemonic, KeySeed: "ignored"})
			if !v.IsValid {
				if !errors.Is(err, ErrInvalidMnemonic) || err.Error() != v.ToSeedError.Message {
					t.Errorf("MnemonicToKeySeed error = %v, want %q", err, v.ToSeedError.Message)
				}
				if !errors.Is(initErr, ErrInvalidMnemonic) || initErr.Error() != v.InitError.Message {
					t.Errorf("InitIdentity error = %v, want %q", initErr, v.InitError.Message)
				}
				return
			}
			if err != nil || keySeed != v.KeySeed {
				t.Fatalf("MnemonicToKeySeed = %q, %v; want %q", keySeed, err, v.KeySeed)
			}
			if initErr != nil {
				t.Fatalf("InitIdentity: %v", initErr)
			}
			want := v.RemoteIdentityKV
			if kv.m[KeyKeySeed] != want.KVKeySeed || id.PeerID.String() != want.PeerID || kv.m[KeyPeerID] != want.PeerID {
				t.Errorf("identity = %s (kv %q, %q), want %s / %s", id.PeerID, kv.m[KeyKeySeed], kv.m[KeyPeerID], want.PeerID, want.KVKeySeed)
			}
			checkKeyMaterial(t, id.KeySeed, *want)
		})
	}
	t.Run("required vector", func(t *testing.T) {
		seed, err := MnemonicToKeySeed("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about")
		if err != nil || seed != "5eb00bbddcf069084889a8ab9155568165f5c453ccb85e70811aaed6f6da5fc1" {
			t.Fatalf("keySeed = %q, %v", seed, err)
		}
		id, err := PeerIDFromSeed(mustKey(t, seed))
		if err != nil || id.String() != "12D3KooWP7CwQswqLKZbwvYd9wrEynnL9F2aKVP1X9huNASBTuqj" {
			t.Fatalf("peer id = %s, %v", id, err)
		}
	})
	t.Run("mnemonic with existing identity", func(t *testing.T) {
		kv := newMapKV()
		if _, err := InitIdentity(kv, Options{}); err != nil {
			t.Fatal(err)
		}
		_, err := InitIdentity(kv, Options{Mnemonic: gv.Mnemonic[0].Mnemonic})
		if !errors.Is(err, ErrIdentityExists) || err.Error() != gv.MnemonicWithExistingIdentity.Error.Message {
			t.Fatalf("error = %v, want %q", err, gv.MnemonicWithExistingIdentity.Error.Message)
		}
	})
}

// vectorIdentity builds the identity the ocapURL vectors were issued by.
func vectorIdentity(t *testing.T, keySeed, ocapURLKey string, relays []string) *Identity {
	t.Helper()
	kv := newMapKV()
	kv.m[KeyOcapURLKey] = ocapURLKey
	id, err := InitIdentity(kv, Options{KeySeed: keySeed, Relays: relays})
	if err != nil {
		t.Fatalf("InitIdentity: %v", err)
	}
	if kv.m[KeyOcapURLKey] != ocapURLKey {
		t.Fatalf("ocapURLKey overwritten")
	}
	return id
}

// checkURLVector decomposes and redeems one issued URL.
func checkURLVector(t *testing.T, id *Identity, v urlVector) {
	t.Helper()
	parsed, err := ParseURL(v.URL)
	if err != nil {
		t.Fatalf("ParseURL: %v", err)
	}
	if parsed.OID != v.OID || parsed.PeerID != v.Host || !slices.Equal(parsed.Hints, v.Hints) {
		t.Errorf("ParseURL = %+v, want oid %s host %s hints %q", parsed, v.OID, v.Host, v.Hints)
	}
	if got := IssueURL(v.OID, v.Host, v.Hints); got != v.URL {
		t.Errorf("IssueURL = %s, want %s", got, v.URL)
	}
	raw, err := base58.Decode(strings.TrimPrefix(v.OID, "z"))
	if err != nil {
		t.Fatalf("base58: %v", err)
	}
	if len(raw) != v.OIDRawLen || hex.EncodeToString(raw) != v.OIDRawHex {
		t.Fatalf("oid raw = %x, want %s", raw, v.OIDRawHex)
	}
	salt, nonce := raw[:16], raw[16:28]
	ct, tag := raw[28:len(raw)-16], raw[len(raw)-16:]
	if hex.EncodeToString(salt) != v.SaltHex || hex.EncodeToString(nonce) != v.NonceHex ||
		hex.EncodeToString(ct) != v.CiphertextHex || hex.EncodeToString(tag) != v.TagHex {
		t.Errorf("oid layout mismatch: salt %x nonce %x ct %x tag %x", salt, nonce, ct, tag)
	}
	dk, err := deriveOIDKey(id.OcapURLKey, salt, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(dk[:]); got != v.PBKDF2KeyHex {
		t.Errorf("pbkdf2 key = %s, want %s", got, v.PBKDF2KeyHex)
	}
	block, err := aes.NewCipher(dk[:])
	if err != nil {
		t.Fatal(err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		t.Fatal(err)
	}
	pt, err := aead.Open(nil, nonce, raw[28:], nil)
	if err != nil {
		t.Fatalf("AES-GCM open: %v", err)
	}
	if hex.EncodeToString(pt) != v.PlaintextHex || string(pt) != v.PlaintextUTF8 {
		t.Errorf("plaintext = %q, want %q", pt, v.PlaintextUTF8)
	}
	if v.Kref != "" && padStart(v.Kref, krefMinLen) != v.PlaintextUTF8 {
		t.Errorf("padStart(%q) = %q, want %q", v.Kref, padStart(v.Kref, krefMinLen), v.PlaintextUTF8)
	}
	kref, err := DecryptOID(id.OcapURLKey, v.OID)
	if err != nil || kref != v.Redeemed {
		t.Errorf("DecryptOID = %q, %v; want %q", kref, err, v.Redeemed)
	}
	kref, isLocal, _, err := id.RedeemLocal(v.URL)
	if err != nil || !isLocal || kref != v.Redeemed {
		t.Errorf("RedeemLocal = %q, %v, %v; want %q, true", kref, isLocal, err, v.Redeemed)
	}
	if kref, err := id.RedeemOwnURL(v.URL); err != nil || kref != v.Redeemed {
		t.Errorf("RedeemOwnURL = %q, %v; want %q", kref, err, v.Redeemed)
	}
}

func TestGoldenOcapURLs(t *testing.T) {
	o := loadIdentityVectors(t).OcapURL
	id := vectorIdentity(t, o.KeySeed, o.OcapURLKey, nil)
	if id.PeerID.String() != o.PeerID {
		t.Fatalf("peer id = %s, want %s", id.PeerID, o.PeerID)
	}
	if len(o.Vectors) != 8 {
		t.Fatalf("got %d issued URL vectors, want 8", len(o.Vectors))
	}
	for _, v := range o.Vectors {
		t.Run(v.Kref, func(t *testing.T) { checkURLVector(t, id, v) })
	}

	t.Run("deterministic", func(t *testing.T) {
		v := o.Deterministic
		checkURLVector(t, id, v)
		rng := bytes.NewReader(append(mustHex(t, v.SaltHex), mustHex(t, v.NonceHex)...))
		oid, err := encryptKref(id.OcapURLKey, v.Kref, rng, nil)
		if err != nil {
			t.Fatal(err)
		}
		if oid != v.OID {
			t.Errorf("encryptKref = %s, want %s", oid, v.OID)
		}
		if got := IssueURL(oid, id.PeerID.String(), nil); got != v.URL {
			t.Errorf("URL = %s, want %s", got, v.URL)
		}
	})

	t.Run("relay hints", func(t *testing.T) {
		v := o.RelayHint
		hid := vectorIdentity(t, o.KeySeed, o.OcapURLKey, v.Options.Relays)
		if !slices.Equal(hid.KnownRelays, v.Options.Relays) {
			t.Errorf("KnownRelays = %q", hid.KnownRelays)
		}
		hints := hid.URLHints()
		if !slices.Equal(hints, v.Parsed.Hints) {
			t.Errorf("URLHints = %q, want %q", hints, v.Parsed.Hints)
		}
		if got := IssueURL(v.OID, hid.PeerID.String(), hints); got != v.URL {
			t.Errorf("IssueURL = %s, want %s", got, v.URL)
		}
		if v.Parsed.OID != v.OID || v.Parsed.Host != v.Host {
			t.Fatalf("inconsistent golden relay vector")
		}
		checkURLVector(t, hid, v.urlVector)
	})

	t.Run("negative", func(t *testing.T) {
		if len(o.Negative) != 5 {
			t.Fatalf("got %d negative cases, want 5", len(o.Negative))
		}
		otherKey := strings.Repeat("ab", 32)
		otherSeed := strings.Repeat("cd", 32)
		for _, v := range o.Negative {
			t.Run(v.Label, func(t *testing.T) {
				redeemer := id
				switch {
				case strings.Contains(v.Label, "different ocapURLKey"):
					redeemer = vectorIdentity(t, o.KeySeed, otherKey, nil)
				case strings.Contains(v.Label, "different peer id"):
					redeemer = vectorIdentity(t, otherSeed, o.OcapURLKey, nil)
					if _, isLocal, _, err := redeemer.RedeemLocal(v.URL); isLocal || err != nil {
						t.Errorf("RedeemLocal isLocal=%v err=%v, want a remote URL", isLocal, err)
					}
				}
				_, err := redeemer.RedeemOwnURL(v.URL)
				if err == nil || err.Error() != v.Error.Message {
					t.Fatalf("RedeemOwnURL error = %v, want %q", err, v.Error.Message)
				}
			})
		}
	})
}

func TestGoldenDaemonVectors(t *testing.T) {
	ds := loadIdentityVectors(t).Daemon
	if len(ds) == 0 {
		t.Fatal("no daemon vectors")
	}
	for _, d := range ds {
		t.Run(d.Source, func(t *testing.T) {
			seed := mustKey(t, d.KeySeed)
			id, err := PeerIDFromSeed(seed)
			if err != nil {
				t.Fatal(err)
			}
			if id.String() != d.PeerIDInKV || id.String() != d.PeerIDDerived {
				t.Errorf("peer id = %s, want %s", id, d.PeerIDInKV)
			}
			ident := vectorIdentity(t, d.KeySeed, d.OcapURLKey, nil)
			for _, u := range d.URLs {
				checkURLVector(t, ident, u)
			}
		})
	}
}
