package identity

import (
	"container/list"
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/mr-tron/base58"
)

// Parameters of libp2p's AES_GCM cipher with its defaults
// (@libp2p/crypto/ciphers AES_GCM.create()).
const (
	oidSaltLen    = 16
	oidNonceLen   = 12
	oidTagLen     = 16
	oidKeyLen     = 16 // AES-128
	oidIterations = 32767
	// krefMinLen is the width krefs are left-padded to with spaces, so that
	// short krefs do not reveal their length.
	krefMinLen = 16
	// DefaultKDFCacheSize is the number of derived oid keys kept by the
	// package-level cache.
	DefaultKDFCacheSize = 512
)

var krefPattern = regexp.MustCompile(`^k[op][0-9]+$`)

// isKRef reports whether s is a kernel reference as upstream's isKRef
// defines it at HEAD: "ko" or "kp" followed by decimal digits.
func isKRef(s string) bool { return krefPattern.MatchString(s) }

// kdfCache is a bounded LRU of PBKDF2 outputs keyed by (password, salt).
// Deriving an oid key costs 32767 HMAC-SHA256 rounds (~10 ms); caching lets
// a kernel redeem the same URL, or one it issued recently, in microseconds.
type kdfCache struct {
	mu    sync.Mutex
	max   int
	ll    *list.List // front = most recently used; values are *kdfEntry
	items map[kdfCacheKey]*list.Element
}

type kdfCacheKey struct {
	password [SeedSize]byte
	salt     [oidSaltLen]byte
}

type kdfEntry struct {
	key     kdfCacheKey
	derived [oidKeyLen]byte
}

func newKDFCache(size int) *kdfCache {
	return &kdfCache{max: size, ll: list.New(), items: make(map[kdfCacheKey]*list.Element)}
}

func (c *kdfCache) get(k kdfCacheKey) ([oidKeyLen]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[k]; ok {
		c.ll.MoveToFront(el)
		return el.Value.(*kdfEntry).derived, true
	}
	return [oidKeyLen]byte{}, false
}

func (c *kdfCache) put(k kdfCacheKey, derived [oidKeyLen]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[k]; ok {
		c.ll.MoveToFront(el)
		el.Value.(*kdfEntry).derived = derived
		return
	}
	c.items[k] = c.ll.PushFront(&kdfEntry{key: k, derived: derived})
	for c.ll.Len() > c.max {
		oldest := c.ll.Back()
		c.ll.Remove(oldest)
		delete(c.items, oldest.Value.(*kdfEntry).key)
	}
}

func (c *kdfCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ll.Len()
}

// defaultKDFCache serves EncryptKref and DecryptOID.
var defaultKDFCache = newKDFCache(DefaultKDFCacheSize)

// deriveOIDKey returns PBKDF2-HMAC-SHA256(password, salt, 32767, 16),
// consulting and filling cache when it is not nil.
func deriveOIDKey(password [SeedSize]byte, salt []byte, cache *kdfCache) ([oidKeyLen]byte, error) {
	var ck kdfCacheKey
	ck.password = password
	copy(ck.salt[:], salt)
	if cache != nil {
		if k, ok := cache.get(ck); ok {
			return k, nil
		}
	}
	var out [oidKeyLen]byte
	dk, err := pbkdf2.Key(sha256.New, string(password[:]), salt, oidIterations, oidKeyLen)
	if err != nil {
		return out, fmt.Errorf("derive oid key: %w", err)
	}
	copy(out[:], dk)
	if cache != nil {
		cache.put(ck, out)
	}
	return out, nil
}

// EncryptKref encrypts kref into an oid with the kernel's ocapURLKey, as
// upstream issueOcapURL does. The result is random (fresh salt and nonce)
// and starts with the multibase prefix "z". Neither the kref's syntax nor
// its existence is checked, as upstream.
func EncryptKref(key [SeedSize]byte, kref string) (string, error) {
	return encryptKref(key, kref, rand.Reader, defaultKDFCache)
}

func encryptKref(key [SeedSize]byte, kref string, rng io.Reader, cache *kdfCache) (string, error) {
	plaintext := []byte(padStart(kref, krefMinLen))
	out := make([]byte, oidSaltLen+oidNonceLen, oidSaltLen+oidNonceLen+len(plaintext)+oidTagLen)
	if _, err := io.ReadFull(rng, out); err != nil {
		return "", fmt.Errorf("oid salt and nonce: %w", err)
	}
	salt, nonce := out[:oidSaltLen], out[oidSaltLen:]
	dk, err := deriveOIDKey(key, salt, cache)
	if err != nil {
		return "", err
	}
	aead, err := newGCM(dk)
	if err != nil {
		return "", err
	}
	out = aead.Seal(out, nonce, plaintext, nil)
	return "z" + base58.Encode(out), nil
}

// DecryptOID recovers the kref from an oid issued with key. Errors, in the
// order upstream checks them: *MultibaseError (no "z" prefix),
// ErrNonBase58, ErrBadObjectReference (wrong key, short or tampered data),
// *InvalidKRefError (decrypts, but the trimmed plaintext is no kref).
func DecryptOID(key [SeedSize]byte, oid string) (string, error) {
	return decryptOID(key, oid, defaultKDFCache)
}

func decryptOID(key [SeedSize]byte, oid string, cache *kdfCache) (string, error) {
	raw, err := decodeMultibase58(oid)
	if err != nil {
		return "", err
	}
	if len(raw) < oidSaltLen+oidNonceLen+oidTagLen {
		return "", ErrBadObjectReference
	}
	salt := raw[:oidSaltLen]
	nonce := raw[oidSaltLen : oidSaltLen+oidNonceLen]
	sealed := raw[oidSaltLen+oidNonceLen:]
	dk, err := deriveOIDKey(key, salt, cache)
	if err != nil {
		return "", err
	}
	aead, err := newGCM(dk)
	if err != nil {
		return "", err
	}
	plaintext, err := aead.Open(nil, nonce, sealed, nil)
	if err != nil {
		return "", ErrBadObjectReference
	}
	kref := jsTrim(decodeUTF8Lossy(plaintext))
	if !isKRef(kref) {
		return "", &InvalidKRefError{Value: kref}
	}
	return kref, nil
}

func newGCM(key [oidKeyLen]byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key[:])
	if err != nil {
		return nil, fmt.Errorf("aes: %w", err)
	}
	aead, err := cipher.NewGCM(block) // 12-byte nonce, 16-byte tag
	if err != nil {
		return nil, fmt.Errorf("aes-gcm: %w", err)
	}
	return aead, nil
}

// decodeMultibase58 is multiformats' base58btc.decode: the "z" prefix is
// mandatory and the empty payload decodes to no bytes.
func decodeMultibase58(s string) ([]byte, error) {
	payload, ok := strings.CutPrefix(s, "z")
	if !ok {
		return nil, &MultibaseError{Input: s}
	}
	if payload == "" {
		return []byte{}, nil
	}
	raw, err := base58.Decode(payload)
	if err != nil {
		return nil, ErrNonBase58
	}
	return raw, nil
}

// padStart is JavaScript String.prototype.padStart(n) with spaces; the
// length is counted in UTF-16 code units, as in JavaScript.
func padStart(s string, n int) string {
	l := 0
	for _, r := range s {
		if r >= 0x10000 {
			l += 2
		} else {
			l++
		}
	}
	if l >= n {
		return s
	}
	return strings.Repeat(" ", n-l) + s
}

// decodeUTF8Lossy mirrors TextDecoder's default (non-fatal) UTF-8 decoding:
// a leading byte-order mark is dropped and invalid sequences become U+FFFD.
func decodeUTF8Lossy(b []byte) string {
	s := string(b)
	s = strings.TrimPrefix(s, "\ufeff")
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\ufffd")
}

// jsTrim is String.prototype.trim.
func jsTrim(s string) string { return strings.TrimFunc(s, isJSWhitespace) }
