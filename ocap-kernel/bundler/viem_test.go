package bundler_test

import (
	"context"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
	"golang.org/x/crypto/sha3"
)

// The well-known first test account of Hardhat and Anvil.
const (
	testPrivateKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
	testAddress    = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
	testMessage    = "hello from a vat"
	// viem 2.46.2's account.signMessage({message: testMessage}) in Node
	// (EIP-191 personal_sign; RFC 6979 nonces make it deterministic).
	testSignature = "0x9d2b9b340c7eae99eaf79034f2457e01896091fb771ed21878917d499cf5d29f73dc432588359c2a3a9b34226f6ca30d6995751f1496f1b2a988f94e630b10e21c"
)

// viemGlobals are the globals the viem vat is given: viem makes a
// TextEncoder when its modules load (without it startVat fails with "not a
// function"); signing needs nothing else (RFC 6979 nonces, no randomness).
var viemGlobals = []string{"TextEncoder"}

// npmTimeout bounds npm ci.
const npmTimeout = 4 * time.Minute

// unreachable are npm's messages for a registry it cannot reach: no
// name resolution, no connection, a timeout, a TLS interception it does
// not trust, a gateway error.
var unreachable = regexp.MustCompile(`(?i)\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ENETDOWN|ESOCKETTIMEDOUT|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|E502|E503|E504)\b|network request to \S+ failed|problem related to network connectivity`)

// npmOutcome is how npm ci ended.
type npmOutcome int

const (
	npmOK npmOutcome = iota
	npmTimedOut
	npmUnreachable
	npmFailed // any other failure: the test fails
)

// npmCI runs npm ci in dir, for at most timeout, and classifies its
// failure.
func npmCI(npm, dir string, timeout time.Duration, extra ...string) (string, npmOutcome) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, npm, append([]string{"ci", "--ignore-scripts", "--no-audit", "--no-fund"}, extra...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "npm_config_update_notifier=false")
	out, err := cmd.CombinedOutput()
	switch {
	case err == nil:
		return string(out), npmOK
	case ctx.Err() != nil:
		return string(out), npmTimedOut
	case unreachable.Match(out):
		return string(out), npmUnreachable
	default:
		return fmt.Sprintf("%v\n%s", err, out), npmFailed
	}
}

// TestViemVat bundles a vat that uses a real npm library, viem (pinned in
// testdata/viem-vat/package.json and package-lock.json), from a
// node_modules that npm ci installs, and runs it in a real vat: viem's
// local account derives the address from the private key and signs an
// EIP-191 message; the test recovers the signer from the signature in Go.
func TestViemVat(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping npm ci of viem")
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skip("npm is not installed: cannot install viem to bundle the viem vat")
	}
	dir := t.TempDir()
	requireNoNodeModulesAbove(t, dir)
	copyDir(t, filepath.Join("testdata", "viem-vat"), dir)

	start := time.Now()
	out, outcome := npmCI(npm, dir, npmTimeout)
	switch outcome {
	case npmOK:
	case npmTimedOut:
		t.Skipf("npm ci did not finish within %v (is the npm registry reachable?):\n%s", npmTimeout, out)
	case npmUnreachable:
		t.Skipf("npm ci cannot reach the npm registry:\n%s", out)
	default:
		t.Fatalf("npm ci failed:\n%s", out)
	}
	t.Logf("npm ci: %v", time.Since(start).Round(time.Millisecond))
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "viem", "package.json")); err != nil {
		t.Fatalf("npm ci installed no viem: %v\n%s", err, out)
	}

	start = time.Now()
	b := mustBundle(t, filepath.Join(dir, "vat.js"))
	bundling := time.Since(start)
	data := encode(t, b)
	t.Logf("bundling: %v (%d bytes of bundle)", bundling.Round(time.Millisecond), len(data))
	if err := b.Validate(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.Code, dir) {
		t.Errorf("the bundle contains the path %s", dir)
	}
	if m := importCall.FindString(b.Code); m != "" {
		t.Errorf("the bundle contains an import call %q", m)
	}

	start = time.Now()
	v := startBundle(t, writeBundle(t, b), vatOptions{
		params:  map[string]any{"privateKey": testPrivateKey},
		globals: viemGlobals,
	})
	t.Logf("vat start (SES, liveslots, viem's module initialisation): %v", time.Since(start).Round(time.Millisecond))

	if got := v.callString("address"); got != testAddress {
		t.Errorf("address = %s, want %s", got, testAddress)
	}
	hash := eip191Hash(testMessage)
	if got := v.callString("hash", testMessage); got != "0x"+hex.EncodeToString(hash) {
		t.Errorf("hashMessage = %s, want 0x%x", got, hash)
	}

	start = time.Now()
	sigHex := v.callString("sign", testMessage)
	t.Logf("signing: %v", time.Since(start).Round(time.Millisecond))
	sig, err := hex.DecodeString(strings.TrimPrefix(sigHex, "0x"))
	if err != nil || len(sig) != 65 {
		t.Fatalf("signature %s: %d bytes, %v; want 65 bytes of hex", sigHex, len(sig), err)
	}
	if sigHex != testSignature {
		t.Errorf("signature = %s, want viem's in Node, %s", sigHex, testSignature)
	}
	// The signature verifies: the signer recovered from it is the account.
	if got := recoverAddress(t, hash, sig); !strings.EqualFold(got, testAddress) {
		t.Errorf("the signature recovers to %s, want %s", got, testAddress)
	}
	// And it is the deterministic (RFC 6979, low-s) signature Go makes.
	if want := signGo(t, testPrivateKey, hash); sigHex != want {
		t.Errorf("signature = %s, want %s (Go's RFC 6979 signature)", sigHex, want)
	}
	// Another message: another signature, by the same key.
	other := "ocap-go"
	sig2Hex := v.callString("sign", other)
	sig2, err := hex.DecodeString(strings.TrimPrefix(sig2Hex, "0x"))
	if err != nil || len(sig2) != 65 || sig2Hex == sigHex {
		t.Fatalf("second signature %s: %v", sig2Hex, err)
	}
	if got := recoverAddress(t, eip191Hash(other), sig2); !strings.EqualFold(got, testAddress) {
		t.Errorf("the second signature recovers to %s, want %s", got, testAddress)
	}
}

// copyDir copies the regular files of src (not node_modules) into dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"package.json", "package-lock.json", "vat.js"} {
		if _, err := os.Stat(filepath.Join(dst, f)); err != nil {
			t.Fatalf("testdata/viem-vat: %v", err)
		}
	}
}

func keccak256(data ...[]byte) []byte {
	h := sha3.NewLegacyKeccak256()
	for _, d := range data {
		h.Write(d)
	}
	return h.Sum(nil)
}

// eip191Hash is the hash personal_sign signs.
func eip191Hash(message string) []byte {
	return keccak256([]byte("\x19Ethereum Signed Message:\n" + strconv.Itoa(len(message)) + message))
}

// recoverAddress recovers the Ethereum address that made the 65-byte
// signature r || s || v of hash.
func recoverAddress(t *testing.T, hash, sig []byte) string {
	t.Helper()
	v := sig[64]
	if v < 27 {
		v += 27
	}
	if v != 27 && v != 28 {
		t.Fatalf("signature v = %d", sig[64])
	}
	compact := append([]byte{v}, sig[:64]...)
	pub, compressed, err := ecdsa.RecoverCompact(compact, hash)
	if err != nil {
		t.Fatalf("recover: %v", err)
	}
	if compressed {
		t.Fatalf("recovered a compressed key")
	}
	return "0x" + hex.EncodeToString(keccak256(pub.SerializeUncompressed()[1:])[12:])
}

// signGo signs hash with the key as Ethereum does, in Go.
func signGo(t *testing.T, keyHex string, hash []byte) string {
	t.Helper()
	k, err := hex.DecodeString(strings.TrimPrefix(keyHex, "0x"))
	if err != nil {
		t.Fatal(err)
	}
	compact := ecdsa.SignCompact(secp256k1.PrivKeyFromBytes(k), hash, false)
	sig := append(append([]byte{}, compact[1:]...), compact[0])
	return "0x" + hex.EncodeToString(sig)
}

// TestNpmFailures checks npmCI's classification with real npm runs: a
// registry that refuses connections or whose name does not resolve is
// unreachable (TestViemVat skips), while a registry that answers 404, a
// lock file out of sync with package.json or a broken one is a failure
// (TestViemVat fails).
func TestNpmFailures(t *testing.T) {
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skip("npm is not installed")
	}
	notFound := httptest.NewServer(http.NotFoundHandler())
	defer notFound.Close()
	refused := httptest.NewServer(http.NotFoundHandler())
	refusedURL := refused.URL
	refused.Close()
	tests := []struct {
		name     string
		registry string
		edit     func(dir string)
		want     npmOutcome
	}{
		{name: "connection refused", registry: refusedURL + "/", want: npmUnreachable},
		{name: "unknown host", registry: "http://registry.invalid/", want: npmUnreachable},
		{name: "registry answers 404", registry: notFound.URL + "/", want: npmFailed},
		{name: "lock file out of sync", registry: notFound.URL + "/", want: npmFailed, edit: func(dir string) {
			write(t, dir, files{"package.json": `{"name":"viem-vat","version":"0.0.0","private":true,"dependencies":{"viem":"2.46.1"}}`})
		}},
		{name: "broken lock file", registry: refusedURL + "/", want: npmFailed, edit: func(dir string) {
			write(t, dir, files{"package-lock.json": `{"name":"viem-vat",`})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			copyDir(t, filepath.Join("testdata", "viem-vat"), dir)
			if tt.edit != nil {
				tt.edit(dir)
			}
			// A fresh cache, so that npm must ask the registry.
			out, got := npmCI(npm, dir, time.Minute, "--registry", tt.registry, "--cache", t.TempDir(), "--fetch-retries", "0", "--offline=false")
			if got == npmTimedOut && tt.want == npmUnreachable {
				return // a resolver that does not answer: unreachable too
			}
			if got != tt.want {
				t.Errorf("outcome %d, want %d:\n%s", got, tt.want, out)
			}
		})
	}
}
