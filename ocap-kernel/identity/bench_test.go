package identity

import (
	"crypto/rand"
	"testing"
)

func benchIdentity(b *testing.B) *Identity {
	b.Helper()
	id, err := InitIdentity(newMapKV(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	return id
}

// BenchmarkIssueURL measures issuing: one PBKDF2 derivation (32767
// HMAC-SHA256 rounds) per URL, since every URL has a fresh salt.
func BenchmarkIssueURL(b *testing.B) {
	id := benchIdentity(b)
	for b.Loop() {
		if _, err := id.IssueURL("ko42", nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRedeemCached redeems the same URL repeatedly: after the first
// call the derived key comes from the cache.
func BenchmarkRedeemCached(b *testing.B) {
	id := benchIdentity(b)
	url, err := id.IssueURL("ko42", nil)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, _, _, err := id.RedeemLocal(url); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRedeemUncached decrypts with the cache disabled, which is the
// cost of redeeming a URL the cache has forgotten (or upstream's cost).
func BenchmarkRedeemUncached(b *testing.B) {
	id := benchIdentity(b)
	oid, err := encryptKref(id.OcapURLKey, "ko42", rand.Reader, nil)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := decryptOID(id.OcapURLKey, oid, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseURL measures parsing alone.
func BenchmarkParseURL(b *testing.B) {
	const url = "ocap:zNG3PwffWY2ijPA7rX2FKYpFhzrWmZbq3uiwn8sX2Ncyh3XCo6hdpf9V1runExQHczZQgu7PGY7NYW1n3Ro@12D3KooWJ1TsijH7H5F74hfAD5XishQz3sxrmAtVY37GtNd9CqYf,/ip4/127.0.0.1/tcp/9001/ws"
	for b.Loop() {
		if _, err := ParseURL(url); err != nil {
			b.Fatal(err)
		}
	}
}
