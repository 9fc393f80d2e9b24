package identity

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/peer"
)

// Keys of the kernel kv table that hold the identity (upstream names).
const (
	KeyKeySeed       = "keySeed"
	KeyPeerID        = "peerId"
	KeyOcapURLKey    = "ocapURLKey"
	KeyKnownRelays   = "knownRelays"
	KeyIncarnationID = "incarnationId"
)

// MaxURLRelayHints is the number of known relays URLHints embeds in an
// issued URL (upstream HEAD's MAX_URL_RELAY_HINTS).
const MaxURLRelayHints = 3

// KV is the slice of the kernel's key/value store that identity
// bookkeeping needs. Get reports ok=false for a missing key.
type KV interface {
	Get(key string) (value string, ok bool, err error)
	Set(key, value string) error
}

// Options select how a new identity is created.
type Options struct {
	// Mnemonic restores the key seed from a BIP39 phrase. It is an error to
	// give one when an identity is already stored.
	Mnemonic string
	// KeySeed is an explicit key seed in hex (read with KeySeedFromHex's
	// quirks and stored verbatim). Ignored when an identity is stored or a
	// Mnemonic is given. Empty means "generate a random seed"; upstream
	// instead treats an explicitly empty string as the all-zero seed, which
	// this port deliberately does not reproduce.
	KeySeed string
	// Relays, when non-empty, replace the stored knownRelays.
	Relays []string
}

// Identity is a kernel's network identity and OCAP URL key. It is
// immutable after InitIdentity and safe for concurrent use.
type Identity struct {
	// KeySeed is the Ed25519 seed of the kernel's libp2p key.
	KeySeed [SeedSize]byte
	// PeerID is the kernel's libp2p peer ID, as stored in the kv.
	PeerID peer.ID
	// OcapURLKey encrypts the krefs inside the URLs this kernel issues.
	OcapURLKey [SeedSize]byte
	// KnownRelays are the relay multiaddrs captured when the identity was
	// (re)initialised. Never nil.
	KnownRelays []string
}

// InitIdentity loads the kernel identity from kv, creating and storing it
// on first use, exactly as upstream initRemoteIdentity:
//
//  1. non-empty opts.Relays are stored as knownRelays (overwriting);
//  2. if a peerId is stored, a Mnemonic is an error (ErrIdentityExists) and
//     the stored keySeed and peerId are used;
//  3. otherwise the seed comes from the Mnemonic (ErrInvalidMnemonic), else
//     opts.KeySeed, else 32 random bytes; keySeed and peerId are stored;
//  4. ocapURLKey is loaded, or 32 random bytes are stored;
//  5. KnownRelays = opts.Relays if non-empty, else the stored relays.
//
// Stored values that are empty strings count as absent, as upstream.
func InitIdentity(kv KV, opts Options) (*Identity, error) {
	return initIdentity(kv, opts, rand.Reader)
}

func initIdentity(kv KV, opts Options, rng io.Reader) (*Identity, error) {
	if len(opts.Relays) > 0 {
		if err := kv.Set(KeyKnownRelays, jsonStringArray(opts.Relays)); err != nil {
			return nil, fmt.Errorf("identity: store %s: %w", KeyKnownRelays, err)
		}
	}

	id := &Identity{}
	storedPeerID, err := getNonEmpty(kv, KeyPeerID)
	if err != nil {
		return nil, err
	}
	if storedPeerID != "" {
		if opts.Mnemonic != "" {
			return nil, ErrIdentityExists
		}
		seedHex, err := getNonEmpty(kv, KeyKeySeed)
		if err != nil {
			return nil, err
		}
		if seedHex == "" {
			return nil, fmt.Errorf("identity: no record matching key '%s'", KeyKeySeed)
		}
		if id.KeySeed, err = KeySeedFromHex(seedHex); err != nil {
			return nil, err
		}
		if id.PeerID, err = peer.Decode(storedPeerID); err != nil {
			return nil, fmt.Errorf("identity: stored %s %q: %w", KeyPeerID, storedPeerID, err)
		}
	} else {
		seedHex := opts.KeySeed
		if opts.Mnemonic != "" {
			if seedHex, err = MnemonicToKeySeed(opts.Mnemonic); err != nil {
				return nil, err
			}
		}
		if seedHex == "" {
			var seed [SeedSize]byte
			if _, err := io.ReadFull(rng, seed[:]); err != nil {
				return nil, fmt.Errorf("identity: random key seed: %w", err)
			}
			seedHex = toHex(seed[:])
		}
		if id.KeySeed, err = KeySeedFromHex(seedHex); err != nil {
			return nil, err
		}
		if id.PeerID, err = PeerIDFromSeed(id.KeySeed); err != nil {
			return nil, err
		}
		if err := kv.Set(KeyKeySeed, seedHex); err != nil {
			return nil, fmt.Errorf("identity: store %s: %w", KeyKeySeed, err)
		}
		if err := kv.Set(KeyPeerID, id.PeerID.String()); err != nil {
			return nil, fmt.Errorf("identity: store %s: %w", KeyPeerID, err)
		}
	}

	urlKeyHex, err := getNonEmpty(kv, KeyOcapURLKey)
	if err != nil {
		return nil, err
	}
	if urlKeyHex != "" {
		if id.OcapURLKey, err = KeySeedFromHex(urlKeyHex); err != nil {
			return nil, err
		}
	} else {
		if _, err := io.ReadFull(rng, id.OcapURLKey[:]); err != nil {
			return nil, fmt.Errorf("identity: random ocapURLKey: %w", err)
		}
		if err := kv.Set(KeyOcapURLKey, toHex(id.OcapURLKey[:])); err != nil {
			return nil, fmt.Errorf("identity: store %s: %w", KeyOcapURLKey, err)
		}
	}

	if len(opts.Relays) > 0 {
		id.KnownRelays = slices.Clone(opts.Relays)
	} else if id.KnownRelays, err = storedRelays(kv); err != nil {
		return nil, err
	}
	return id, nil
}

// PrivateKey returns the kernel's libp2p private key.
func (id *Identity) PrivateKey() (crypto.PrivKey, error) { return PrivateKeyFromSeed(id.KeySeed) }

// URLHints returns the relay hints to embed in a newly issued URL: the first
// MaxURLRelayHints known relays.
func (id *Identity) URLHints() []string {
	return slices.Clone(id.KnownRelays[:min(len(id.KnownRelays), MaxURLRelayHints)])
}

// IssueURL returns a new OCAP URL for kref naming this kernel, with the
// given location hints (see URLHints). Like upstream, it checks neither the
// syntax nor the existence of kref. It costs one PBKDF2 derivation
// (~10 ms); the derived key is cached so redeeming the URL later is cheap.
func (id *Identity) IssueURL(kref string, hints []string) (string, error) {
	oid, err := EncryptKref(id.OcapURLKey, kref)
	if err != nil {
		return "", err
	}
	return IssueURL(oid, id.PeerID.String(), hints), nil
}

// RedeemLocal parses url and, when it names this kernel, decrypts its kref
// (isLocal=true). When the URL names another kernel it returns
// isLocal=false with the parsed URL and no error: the caller must redeem it
// through remote comms with the peer named in parsed.PeerID. Errors are
// those of ParseURL and DecryptOID, unwrapped.
func (id *Identity) RedeemLocal(url string) (kref string, isLocal bool, parsed URL, err error) {
	parsed, err = ParseURL(url)
	if err != nil {
		return "", false, URL{}, err
	}
	if parsed.PeerID != id.PeerID.String() {
		return "", false, parsed, nil
	}
	kref, err = DecryptOID(id.OcapURLKey, parsed.OID)
	if err != nil {
		return "", true, parsed, err
	}
	return kref, true, parsed, nil
}

// RedeemOwnURL is upstream's redeemLocalOcapURL, used to answer a peer's
// redeemURL request: the URL must name this kernel (else ErrNotMyHost).
func (id *Identity) RedeemOwnURL(url string) (string, error) {
	kref, isLocal, _, err := id.RedeemLocal(url)
	if err != nil {
		return "", err
	}
	if !isLocal {
		return "", ErrNotMyHost
	}
	return kref, nil
}

// ProvideIncarnationID returns the kernel's incarnation id, creating and
// storing a random UUIDv4 under incarnationId if none is stored (upstream
// does this on every kernel construction, so a database wiped by
// clearState gets a new one at the next start).
func ProvideIncarnationID(kv KV) (string, error) {
	v, err := getNonEmpty(kv, KeyIncarnationID)
	if err != nil || v != "" {
		return v, err
	}
	return RegenerateIncarnationID(kv)
}

// RegenerateIncarnationID stores and returns a fresh UUIDv4 incarnation id,
// as upstream HEAD does on resetStorage so that peers notice the restart.
func RegenerateIncarnationID(kv KV) (string, error) {
	u, err := uuid.NewRandom()
	if err != nil {
		return "", fmt.Errorf("identity: incarnation id: %w", err)
	}
	v := u.String()
	if err := kv.Set(KeyIncarnationID, v); err != nil {
		return "", fmt.Errorf("identity: store %s: %w", KeyIncarnationID, err)
	}
	return v, nil
}

// getNonEmpty reads key, mapping "missing" to "".
func getNonEmpty(kv KV, key string) (string, error) {
	v, ok, err := kv.Get(key)
	if err != nil {
		return "", fmt.Errorf("identity: read %s: %w", key, err)
	}
	if !ok {
		return "", nil
	}
	return v, nil
}

// storedRelays reads knownRelays: a JSON array of multiaddr strings, or
// upstream HEAD's array of {addr, lastSeen, isBootstrap} entries.
func storedRelays(kv KV) ([]string, error) {
	raw, err := getNonEmpty(kv, KeyKnownRelays)
	if err != nil {
		return nil, err
	}
	relays := []string{}
	if raw == "" {
		return relays, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal([]byte(raw), &items); err != nil {
		return nil, fmt.Errorf("identity: parse stored %s: %w", KeyKnownRelays, err)
	}
	for _, item := range items {
		var addr string
		if err := json.Unmarshal(item, &addr); err != nil {
			var entry struct {
				Addr string `json:"addr"`
			}
			if err := json.Unmarshal(item, &entry); err != nil || entry.Addr == "" {
				return nil, fmt.Errorf("identity: parse stored %s: bad entry %s", KeyKnownRelays, item)
			}
			addr = entry.Addr
		}
		relays = append(relays, addr)
	}
	return relays, nil
}

// jsonStringArray is JSON.stringify of a string array.
func jsonStringArray(ss []string) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(jsonString(s))
	}
	b.WriteByte(']')
	return b.String()
}
