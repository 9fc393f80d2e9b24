package identity

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	_ "embed" // for the BIP39 word list
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// wordlistEnglish is the official BIP-0039 English word list
// (https://github.com/bitcoin/bips/blob/master/bip-0039/english.txt,
// SHA-256 2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda).
// The list was copied byte for byte from github.com/tyler-smith/go-bip39/wordlists
// v1.1.0 (its English list), Copyright (c) 2014-2018 Tyler Smith and
// contributors, MIT License (see wordlist_english.LICENSE); it is the same
// list @scure/bip39 ships.
//
//go:embed wordlist_english.txt
var wordlistEnglish string

var (
	bip39Words = strings.Split(strings.TrimSuffix(wordlistEnglish, "\n"), "\n")
	bip39Index = func() map[string]int {
		m := make(map[string]int, len(bip39Words))
		for i, w := range bip39Words {
			m[w] = i
		}
		return m
	}()
)

const (
	bip39Iterations = 2048
	bip39SeedLen    = 64
)

// mnemonicEntropy validates mnemonic the way @scure/bip39 validateMnemonic
// does with the English list: NFKD-normalise, split on single U+0020
// spaces, require 12/15/18/21/24 known words and a correct checksum. It
// returns the entropy on success.
func mnemonicEntropy(mnemonic string) (entropy []byte, ok bool) {
	nfkd := norm.NFKD.String(mnemonic)
	words := strings.Split(nfkd, " ")
	switch len(words) {
	case 12, 15, 18, 21, 24:
	default:
		return nil, false
	}
	totalBits := len(words) * 11
	checksumBits := totalBits / 33
	entropyBits := totalBits - checksumBits
	bits := make([]byte, (totalBits+7)/8)
	pos := 0
	for _, w := range words {
		idx, found := bip39Index[w]
		if !found {
			return nil, false
		}
		for b := 10; b >= 0; b-- {
			if idx>>b&1 == 1 {
				bits[pos/8] |= 0x80 >> (pos % 8)
			}
			pos++
		}
	}
	entropy = bits[:entropyBits/8]
	sum := sha256.Sum256(entropy)
	for i := range checksumBits {
		got := bits[(entropyBits+i)/8] >> (7 - (entropyBits+i)%8) & 1
		want := sum[i/8] >> (7 - i%8) & 1
		if got != want {
			return nil, false
		}
	}
	return entropy, true
}

// IsValidMnemonic reports whether mnemonic is a valid BIP39 English
// mnemonic (word count, spelling, single spaces and checksum).
func IsValidMnemonic(mnemonic string) bool {
	_, ok := mnemonicEntropy(mnemonic)
	return ok
}

// MnemonicToKeySeed returns the kernel key seed (64 lowercase hex digits)
// that a mnemonic restores: the first 32 bytes of the standard BIP39 seed
// (PBKDF2-HMAC-SHA512 over the NFKD mnemonic, salt "mnemonic", empty
// passphrase, 2048 iterations). Invalid mnemonics give ErrInvalidMnemonic.
func MnemonicToKeySeed(mnemonic string) (string, error) {
	if !IsValidMnemonic(mnemonic) {
		return "", ErrInvalidMnemonic
	}
	seed, err := bip39Seed(mnemonic)
	if err != nil {
		return "", err
	}
	return toHex(seed[:SeedSize]), nil
}

// bip39Seed is the standard 64-byte BIP39 seed of a phrase with an empty
// passphrase; it does not validate the phrase.
func bip39Seed(mnemonic string) ([]byte, error) {
	seed, err := pbkdf2.Key(sha512.New, norm.NFKD.String(mnemonic), []byte("mnemonic"), bip39Iterations, bip39SeedLen)
	if err != nil {
		return nil, fmt.Errorf("bip39 seed: %w", err)
	}
	return seed, nil
}

// GenerateMnemonic returns a new random BIP39 English mnemonic with the
// given entropy size in bits: 128 (12 words) or 256 (24 words); 160, 192
// and 224 are accepted too. Other sizes give ErrBadMnemonicStrength.
func GenerateMnemonic(bits int) (string, error) {
	return generateMnemonic(bits, rand.Reader)
}

func generateMnemonic(bits int, rng io.Reader) (string, error) {
	if bits < 128 || bits > 256 || bits%32 != 0 {
		return "", ErrBadMnemonicStrength
	}
	entropy := make([]byte, bits/8)
	if _, err := io.ReadFull(rng, entropy); err != nil {
		return "", fmt.Errorf("mnemonic entropy: %w", err)
	}
	return entropyToMnemonic(entropy), nil
}

// entropyToMnemonic encodes 16–32 bytes of entropy (a multiple of 4) as
// BIP39 English words.
func entropyToMnemonic(entropy []byte) string {
	sum := sha256.Sum256(entropy)
	entropyBits := len(entropy) * 8
	totalBits := entropyBits + entropyBits/32
	bit := func(i int) int {
		if i < entropyBits {
			return int(entropy[i/8] >> (7 - i%8) & 1)
		}
		i -= entropyBits
		return int(sum[i/8] >> (7 - i%8) & 1)
	}
	words := make([]string, 0, totalBits/11)
	for w := 0; w < totalBits/11; w++ {
		idx := 0
		for b := range 11 {
			idx = idx<<1 | bit(w*11+b)
		}
		words = append(words, bip39Words[idx])
	}
	return strings.Join(words, " ")
}
