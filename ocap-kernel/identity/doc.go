// Package identity implements the kernel's network identity and the
// cryptography behind OCAP URLs, byte-compatible with the upstream
// TypeScript kernel (@metamask/ocap-kernel).
//
// A kernel identity is an Ed25519 key pair derived from a 32-byte key seed
// (random, explicit hex, or the first 32 bytes of a BIP39 seed), whose
// libp2p peer ID names the kernel on the network, plus a separate 32-byte
// ocapURLKey used to encrypt kernel references into OCAP URLs:
//
//	ocap:<oid>@<peerId>[,<hint>...]
//
// where oid = "z" + base58btc(salt16 ‖ nonce12 ‖ AES-128-GCM(kref) ‖ tag16),
// keyed by PBKDF2-HMAC-SHA256(ocapURLKey, salt, 32767 iterations), which is
// libp2p's AES_GCM cipher with its default parameters. Only the issuing
// kernel ever decrypts an oid, but the format is kept identical to upstream
// so URLs already held by vats survive a migration of the kernel database.
//
// Error values whose text reaches JSON-RPC clients (for example
// ErrBadOcapURL or ErrInvalidMnemonic) carry upstream's exact message and are
// returned unwrapped, so callers can both match them with errors.Is and
// forward err.Error() verbatim.
package identity
