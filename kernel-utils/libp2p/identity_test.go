package libp2p

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/libp2p/go-libp2p/core/crypto"
)

// goldenPath locates the upstream fixtures in <repo>/testdata/golden
// relative to this package (<repo>/kernel-utils/libp2p).
func goldenPath(t *testing.T, name string) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("runtime.Caller failed")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata", "golden", name)
}

func TestDevIdentityVector(t *testing.T) {
	want := struct {
		peerID, pubHex string
	}{DevPeerID, "7c35476cda644789a1f0721d163ca59121edce4e338120bb3e5528beeeba4af7"}

	path := goldenPath(t, "identity-vectors.json")
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		var vectors struct {
			Relay struct {
				SeedHex  string `json:"seed_hex"`
				PubHex   string `json:"ed25519_public_key_hex"`
				PeerID   string `json:"peer_id"`
				AddrFile string `json:"relay_addr_file_from_running_ocap_relay_start"`
			} `json:"relay"`
		}
		if err := json.Unmarshal(data, &vectors); err != nil {
			t.Fatalf("parse %s: %v", path, err)
		}
		if vectors.Relay.SeedHex != "c8"+zeros(62) {
			t.Fatalf("golden seed %s is not the seed-200 vector", vectors.Relay.SeedHex)
		}
		want.peerID, want.pubHex = vectors.Relay.PeerID, vectors.Relay.PubHex
	case os.Getenv("OCAP_GOLDEN_OPTIONAL") == "1":
		t.Logf("golden file missing (%v); using built-in vector", err)
	default:
		t.Fatalf("golden file: %v (set OCAP_GOLDEN_OPTIONAL=1 to use the built-in vector)", err)
	}

	sk := DevIdentity()
	id, err := PeerIDFromKey(sk)
	if err != nil {
		t.Fatal(err)
	}
	if id.String() != want.peerID {
		t.Errorf("dev peer ID = %s, want %s", id, want.peerID)
	}
	if DevPeerID != want.peerID {
		t.Errorf("DevPeerID constant = %s, want %s", DevPeerID, want.peerID)
	}
	pub, err := sk.GetPublic().Raw()
	if err != nil {
		t.Fatal(err)
	}
	if hex.EncodeToString(pub) != want.pubHex {
		t.Errorf("dev public key = %x, want %s", pub, want.pubHex)
	}
}

func zeros(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '0'
	}
	return string(b)
}

func TestLoadOrCreateIdentity(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "identity.key")

	first, err := LoadOrCreateIdentity(path)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode = %04o, want 0600", st.Mode().Perm())
	}
	if first.Type() != crypto.Ed25519 {
		t.Errorf("key type = %v, want Ed25519", first.Type())
	}
	again, err := LoadOrCreateIdentity(path)
	if err != nil {
		t.Fatalf("reload: %v", err)
	}
	if !first.Equals(again) {
		t.Fatal("reloaded key differs from the created one")
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("identity dir holds %d entries, want only the key (temp file leaked?)", len(entries))
	}

	// A relay started twice from the same file keeps its peer ID.
	r1 := startTestRelay(t, Config{IdentityFile: path})
	id1 := r1.ID()
	if err := r1.Close(); err != nil {
		t.Fatal(err)
	}
	r2 := startTestRelay(t, Config{IdentityFile: path})
	if r2.ID() != id1 {
		t.Errorf("peer ID changed across restarts: %s then %s", id1, r2.ID())
	}
	wantID, _ := PeerIDFromKey(first)
	if id1 != wantID {
		t.Errorf("relay peer ID %s, want %s from the key file", id1, wantID)
	}
}

func TestLoadIdentityErrors(t *testing.T) {
	good, _, err := crypto.GenerateEd25519Key(nil)
	if err != nil {
		t.Fatal(err)
	}
	goodBytes, err := crypto.MarshalPrivateKey(good)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		content []byte
		mode    fs.FileMode
		wantErr error
	}{
		{"corrupt", []byte("not a key"), 0o600, ErrBadKeyFile},
		{"empty", nil, 0o600, ErrBadKeyFile},
		{"truncated", goodBytes[:len(goodBytes)/2], 0o600, ErrBadKeyFile},
		{"group readable", goodBytes, 0o640, ErrInsecureKeyFile},
		{"world readable", goodBytes, 0o604, ErrInsecureKeyFile},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "identity.key")
			if err := os.WriteFile(path, tc.content, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, tc.mode); err != nil {
				t.Fatal(err)
			}
			_, err := LoadOrCreateIdentity(path)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("got %v, want %v", err, tc.wantErr)
			}
			// The bad file must be left alone, never replaced by a new key.
			after, rerr := os.ReadFile(path)
			if rerr != nil || string(after) != string(tc.content) {
				t.Fatalf("key file was modified")
			}
			if _, err := StartRelay(testContext(t), Config{ListenAddrs: loopbackListen, IdentityFile: path}); !errors.Is(err, tc.wantErr) {
				t.Fatalf("StartRelay: got %v, want %v", err, tc.wantErr)
			}
		})
	}

	t.Run("directory", func(t *testing.T) {
		if _, err := LoadIdentity(t.TempDir()); !errors.Is(err, ErrBadKeyFile) {
			t.Fatalf("got %v, want ErrBadKeyFile", err)
		}
	})
}
