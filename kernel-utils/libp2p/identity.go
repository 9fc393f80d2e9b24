package libp2p

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/peer"
)

// DevIdentitySeedByte is the first byte of the upstream development relay
// seed (RELAY_LOCAL_ID in upstream kernel-utils' libp2p relay); the other 31 bytes
// are zero.
const DevIdentitySeedByte = 200

// DevPeerID is the peer ID derived from the development identity. Upstream
// tooling, OCAP URLs and tests that target the JS relay embed it.
const DevPeerID = "12D3KooWJBDqsyHQF2MWiCdU4kdqx4zTsSTLRdShg7Ui6CRWB4uc"

// IdentityFileMode is the permission mode of a relay key file. StartRelay
// refuses key files that grant any access to group or other.
const IdentityFileMode fs.FileMode = 0o600

// maxKeyFileSize bounds what LoadIdentity reads; a marshalled Ed25519 key is
// 68 bytes and even an RSA-4096 key stays well below this.
const maxKeyFileSize = 16 << 10

// ErrInsecureKeyFile is returned (wrapped) when a key file is readable or
// writable by group or other. Fix it with `chmod 600 <file>`.
var ErrInsecureKeyFile = errors.New("identity key file is accessible by group or other")

// ErrBadKeyFile is returned (wrapped) when a key file exists but does not
// hold a libp2p-marshalled private key.
var ErrBadKeyFile = errors.New("identity key file is corrupt")

// DevIdentity returns the fixed development identity of the upstream relay:
// Ed25519 from the 32-byte seed {200, 0, ..., 0}. Its private key is public
// knowledge, so it must only be used on trusted networks and in tests.
func DevIdentity() crypto.PrivKey {
	seed := make([]byte, ed25519.SeedSize)
	seed[0] = DevIdentitySeedByte
	sk, err := crypto.UnmarshalEd25519PrivateKey(ed25519.NewKeyFromSeed(seed))
	if err != nil {
		// A 64-byte key from NewKeyFromSeed is always valid.
		panic(fmt.Sprintf("libp2p: derive development identity: %v", err))
	}
	return sk
}

// LoadOrCreateIdentity returns the private key stored at path, creating a
// fresh random Ed25519 key there (mode 0600) if the file does not exist.
//
// The file holds the key in libp2p's protobuf encoding
// (crypto.MarshalPrivateKey), the format used by go-libp2p-relay-daemon and
// Kubo, so keys can be inspected or moved with standard libp2p tooling.
// Creation is atomic: the key is written to a temporary file that is then
// hard-linked into place, so a concurrent starter never sees a partial file
// and never overwrites an existing key.
//
// An existing file with group or other permission bits gives an error
// wrapping ErrInsecureKeyFile; unparsable content gives ErrBadKeyFile.
func LoadOrCreateIdentity(path string) (crypto.PrivKey, error) {
	sk, err := LoadIdentity(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return sk, err
	}
	sk, _, err = crypto.GenerateEd25519Key(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate identity: %w", err)
	}
	data, err := crypto.MarshalPrivateKey(sk)
	if err != nil {
		return nil, fmt.Errorf("marshal identity: %w", err)
	}
	created, err := createExclusive(path, data)
	if err != nil {
		return nil, err
	}
	if !created {
		// Lost a race with another starter: use the key it wrote.
		return LoadIdentity(path)
	}
	return sk, nil
}

// LoadIdentity reads a private key written by LoadOrCreateIdentity. A
// missing file gives an error wrapping fs.ErrNotExist.
func LoadIdentity(path string) (crypto.PrivKey, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open identity key file: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("stat identity key file: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: %s is not a regular file", ErrBadKeyFile, path)
	}
	if perm := st.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("%w: %s has mode %04o (run `chmod 600 %s`)",
			ErrInsecureKeyFile, path, perm, path)
	}
	if st.Size() > maxKeyFileSize {
		return nil, fmt.Errorf("%w: %s is too large (%d bytes)", ErrBadKeyFile, path, st.Size())
	}
	data := make([]byte, st.Size())
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, fmt.Errorf("read identity key file %s: %w", path, err)
	}
	sk, err := crypto.UnmarshalPrivateKey(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrBadKeyFile, path, err)
	}
	return sk, nil
}

// PeerIDFromKey is a convenience wrapper around peer.IDFromPrivateKey.
func PeerIDFromKey(sk crypto.PrivKey) (peer.ID, error) {
	id, err := peer.IDFromPrivateKey(sk)
	if err != nil {
		return "", fmt.Errorf("derive peer ID: %w", err)
	}
	return id, nil
}

// createExclusive writes data to path unless path already exists. It
// reports whether it created the file.
func createExclusive(path string, data []byte) (bool, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return false, fmt.Errorf("create identity directory: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return false, fmt.Errorf("create identity key file: %w", err)
	}
	tmpName := tmp.Name()
	defer os.Remove(tmpName)
	// CreateTemp already uses 0600; Chmod guards against unusual umask-free
	// filesystems and documents intent.
	if err := tmp.Chmod(IdentityFileMode); err != nil {
		tmp.Close()
		return false, fmt.Errorf("chmod identity key file: %w", err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return false, fmt.Errorf("write identity key file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return false, fmt.Errorf("sync identity key file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return false, fmt.Errorf("close identity key file: %w", err)
	}
	// link(2) fails with EEXIST if path exists: an atomic O_EXCL create
	// with the full content already in place.
	if err := os.Link(tmpName, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return false, nil
		}
		return false, fmt.Errorf("install identity key file: %w", err)
	}
	return true, nil
}
