package identity

import (
	"strings"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/smallcaps"
)

// Error is a sentinel error whose text is the exact upstream message, so
// that it can be forwarded to RPC clients unchanged.
type Error string

func (e Error) Error() string { return string(e) }

// Sentinel errors. Their texts match upstream byte for byte.
const (
	// ErrInvalidMnemonic reports a phrase that is not a valid BIP39 English
	// mnemonic (unknown word, wrong word count, bad checksum, wrong spacing).
	ErrInvalidMnemonic Error = "Invalid BIP39 mnemonic"
	// ErrIdentityExists reports a mnemonic supplied while an identity is
	// already stored: using it silently would yield a different identity
	// than the caller expects.
	ErrIdentityExists Error = "Cannot use mnemonic: kernel identity already exists. Use resetStorage to clear existing identity first."
	// ErrKeySeedTooLong reports a key seed longer than 64 hex characters.
	// The text is the bare Endo assertion message upstream produces.
	ErrKeySeedTooLong Error = "Check failed"
	// ErrUnparseableURL reports a string that WHATWG URL parsing rejects.
	ErrUnparseableURL Error = "unparseable URL"
	// ErrNotOcapURL reports a URL whose scheme is not "ocap".
	ErrNotOcapURL Error = "not an ocap URL"
	// ErrBadOcapURL reports an ocap: URL without exactly one "@" separating a
	// non-empty oid from a non-empty host.
	ErrBadOcapURL Error = "bad ocap URL"
	// ErrBadObjectReference reports an oid that does not decrypt with this
	// kernel's ocapURLKey (wrong key, truncated or tampered ciphertext).
	ErrBadObjectReference Error = "ocapURL has bad object reference"
	// ErrNotMyHost reports a URL naming another kernel where only URLs
	// issued by this kernel are acceptable.
	ErrNotMyHost Error = "ocapURL from a host that's not me"
	// ErrNonBase58 reports an oid containing a character outside the
	// base58btc alphabet.
	ErrNonBase58 Error = "Non-base58btc character"
	// ErrBadMnemonicStrength reports an unsupported entropy size for
	// GenerateMnemonic.
	ErrBadMnemonicStrength Error = "Invalid entropy"
)

// MultibaseError reports an oid that lacks the "z" (base58btc) multibase
// prefix.
type MultibaseError struct {
	// Input is the oid as found in the URL.
	Input string
}

func (e *MultibaseError) Error() string {
	return "Unable to decode multibase string " + jsonString(e.Input) +
		", base58btc decoder only supports inputs prefixed with z"
}

// InvalidKRefError reports an oid that decrypted correctly but whose
// plaintext is not a kernel reference (^k[op]\d+$).
type InvalidKRefError struct {
	// Value is the trimmed plaintext.
	Value string
}

func (e *InvalidKRefError) Error() string {
	return "not a valid KRef: " + sesQuote(e.Value)
}

// jsonString renders s the way JavaScript's JSON.stringify renders a string.
func jsonString(s string) string { return string(smallcaps.AppendJSONString(nil, s)) }

// sesQuote renders a string the way SES's assertion quoting does: JSON, with
// strings that start with "[" wrapped in an extra bracket pair.
func sesQuote(s string) string {
	if strings.HasPrefix(s, "[") {
		return jsonString("[" + s + "]")
	}
	return jsonString(s)
}
