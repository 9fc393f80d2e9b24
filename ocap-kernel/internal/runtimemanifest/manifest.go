// Package runtimemanifest records what the committed vat runtime was built
// from and what the build wrote: the SHA-256 of every input (the npm
// lockfile, the runtime's sources, our own packages) and of every output
// (the runtime scripts, the everyday vat packages of the bundler). The
// build (make vat-runtime) writes it; a test recomputes it, so that an
// edited source that was not rebuilt, or an edited output, fails CI.
package runtimemanifest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// File is the manifest's path, relative to the ocap-kernel module.
const File = "jsvat/runtime/dist/manifest.json"

// Manifest maps paths relative to the ocap-kernel module to SHA-256 hex
// digests; the everyday packages are one digest over the whole tree.
type Manifest map[string]string

// Compute hashes the inputs and outputs under the module directory root.
func Compute(root string) (Manifest, error) {
	m := Manifest{}
	add := func(rel string) error {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		m[rel] = hex.EncodeToString(sum[:])
		return nil
	}
	for _, f := range []string{
		"jsvat/runtime/package.json",
		"jsvat/runtime/package-lock.json",
		"jsvat/runtime/dist/prelude.js",
		"jsvat/runtime/dist/supervisor.js",
	} {
		if err := add(f); err != nil {
			return nil, err
		}
	}
	for _, dir := range []string{"jsvat/runtime/src", "jsvat/runtime/packages"} {
		files, err := list(root, dir, func(rel string) bool {
			return (strings.HasSuffix(rel, ".js") || strings.HasSuffix(rel, "package.json")) && !strings.Contains(rel, "/test/") && !strings.Contains(rel, "/node_modules/")
		})
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			if err := add(f); err != nil {
				return nil, err
			}
		}
	}
	tree, err := list(root, "bundler/everyday", func(string) bool { return true })
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	for _, f := range tree {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", f, len(data))
		h.Write(data)
	}
	m["bundler/everyday/"] = hex.EncodeToString(h.Sum(nil))
	return m, nil
}

func list(root, dir string, keep func(rel string) bool) ([]string, error) {
	var out []string
	err := filepath.WalkDir(filepath.Join(root, filepath.FromSlash(dir)), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if keep(rel) {
			out = append(out, rel)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// Write writes m to the manifest file under root.
func Write(root string, m Manifest) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(root, File), append(data, '\n'), 0o644)
}

// Read reads the manifest file under root.
func Read(root string) (Manifest, error) {
	data, err := os.ReadFile(filepath.Join(root, File))
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", File, err)
	}
	return m, nil
}
