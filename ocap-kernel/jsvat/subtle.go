package jsvat

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/json"
	"fmt"
	"hash"
	"strings"

	"golang.org/x/net/idna"
)

// Bounds on what one Web Crypto call may ask of the host.
const (
	maxRandomBytes     = 65536
	maxDerivedBits     = 1 << 16
	maxPBKDF2Iteration = 10_000_000
)

func hashFunc(name string) (func() hash.Hash, error) {
	switch name {
	case "SHA-1":
		return sha1.New, nil
	case "SHA-256":
		return sha256.New, nil
	case "SHA-384":
		return sha512.New384, nil
	case "SHA-512":
		return sha512.New, nil
	}
	return nil, fmt.Errorf("hash %q is not supported", name)
}

// jsSubtle performs the Web Crypto operations of the crypto endowment.
// Binary arguments and results are binary strings.
func (h *host) jsSubtle(args []any) (any, error) {
	op, err := argString(args, 0, "subtle")
	if err != nil {
		return nil, err
	}
	params, err := argString(args, 1, "subtle")
	if err != nil {
		return nil, err
	}
	aText, _ := argString(args, 2, "subtle")
	bText, _ := argString(args, 3, "subtle")
	a, err := fromBinaryString(aText)
	if err != nil {
		return nil, err
	}
	b, err := fromBinaryString(bText)
	if err != nil {
		return nil, err
	}
	var p struct {
		Hash       string `json:"hash"`
		N          int    `json:"n"`
		Iterations int    `json:"iterations"`
		Length     int    `json:"length"`
		Salt       string `json:"salt"`
		Info       string `json:"info"`
	}
	if err := json.Unmarshal([]byte(params), &p); err != nil {
		return nil, fmt.Errorf("subtle %s: %w", op, err)
	}
	switch op {
	case "random":
		if p.N < 0 || p.N > maxRandomBytes {
			return nil, fmt.Errorf("cannot make %d random bytes", p.N)
		}
		return binaryString(randomBytes(p.N)), nil
	case "digest":
		hf, err := hashFunc(p.Hash)
		if err != nil {
			return nil, err
		}
		d := hf()
		d.Write(a)
		return binaryString(d.Sum(nil)), nil
	case "hmac":
		hf, err := hashFunc(p.Hash)
		if err != nil {
			return nil, err
		}
		m := hmac.New(hf, a)
		m.Write(b)
		return binaryString(m.Sum(nil)), nil
	case "pbkdf2", "hkdf":
		hf, err := hashFunc(p.Hash)
		if err != nil {
			return nil, err
		}
		if p.Length <= 0 || p.Length%8 != 0 || p.Length > maxDerivedBits {
			return nil, fmt.Errorf("cannot derive %d bits", p.Length)
		}
		salt, err := fromBinaryString(p.Salt)
		if err != nil {
			return nil, err
		}
		var out []byte
		if op == "pbkdf2" {
			if p.Iterations <= 0 || p.Iterations > maxPBKDF2Iteration {
				return nil, fmt.Errorf("PBKDF2 iterations must be between 1 and %d", maxPBKDF2Iteration)
			}
			out, err = pbkdf2.Key(hf, string(a), salt, p.Iterations, p.Length/8)
		} else {
			info, ierr := fromBinaryString(p.Info)
			if ierr != nil {
				return nil, ierr
			}
			out, err = hkdf.Key(hf, a, salt, string(info), p.Length/8)
		}
		if err != nil {
			return nil, err
		}
		return binaryString(out), nil
	}
	return nil, fmt.Errorf("subtle operation %q is not supported", op)
}

// whatwgIDNA is UTS #46 processing with the options the URL Standard's
// domain to ASCII uses (CheckHyphens and VerifyDnsLength off, CheckBidi
// and CheckJoiners on, nontransitional).
var whatwgIDNA = idna.New(
	idna.MapForLookup(),
	idna.BidiRule(),
	idna.CheckJoiners(true),
	idna.Transitional(false),
	idna.StrictDomainName(false),
	idna.VerifyDNSLength(false),
	idna.CheckHyphens(false),
)

func (h *host) jsDomainToASCII(args []any) (any, error) {
	d, err := argString(args, 0, "domainToASCII")
	if err != nil {
		return nil, err
	}
	out, err := whatwgIDNA.ToASCII(d)
	if err != nil {
		return nil, fmt.Errorf("Invalid URL: %v", err)
	}
	// What x/net/idna lets through and UTS #46 and the URL Standard do
	// not: a Punycode label with nothing after its prefix, and a domain
	// that maps to nothing.
	for _, label := range strings.Split(d, ".") {
		if strings.EqualFold(label, "xn--") {
			return nil, fmt.Errorf("Invalid URL: the label %q is not valid Punycode", label)
		}
	}
	if out == "" {
		return nil, fmt.Errorf("Invalid URL: the domain %q is empty once mapped", d)
	}
	return out, nil
}
