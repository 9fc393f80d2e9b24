package bundler

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
)

// everydayFS holds the kernel's everyday vat packages and what they import
// (written by make vat-runtime from the pinned npm packages): @endo/far,
// @endo/eventual-send, @endo/promise-kit, @endo/exo, @endo/patterns,
// @agoric/store and @metamask/kernel-utils (with /exo, /discoverable and
// /described), laid out as in a node_modules directory.
//
//go:embed all:everyday
var everydayFS embed.FS

// EverydayPackages lists the packages built into the bundler, sorted.
func EverydayPackages() []string {
	var out []string
	dirs, _ := everydayFS.ReadDir("everyday")
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		if strings.HasPrefix(d.Name(), "@") {
			sub, _ := everydayFS.ReadDir("everyday/" + d.Name())
			for _, s := range sub {
				if s.IsDir() {
					out = append(out, d.Name()+"/"+s.Name())
				}
			}
			continue
		}
		out = append(out, d.Name())
	}
	sort.Strings(out)
	return out
}

var everyday = sync.OnceValues(extractEveryday)

// Everyday returns a node_modules directory holding the everyday
// packages, which the bundler searches after every node_modules directory
// of the vat (as NODE_PATH). It is written once, under the user's cache
// directory (or the temporary directory), in a directory named after the
// content's hash, so that binaries of different versions never share one.
// Being a node_modules directory itself, it is where the packages' own
// imports of each other are found first, whatever node_modules may lie
// above it.
func Everyday() (string, error) { return everyday() }

func extractEveryday() (string, error) {
	var files []string
	err := fs.WalkDir(everydayFS, "everyday", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	sort.Strings(files)
	h := sha256.New()
	for _, f := range files {
		data, err := everydayFS.ReadFile(f)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", f, len(data))
		h.Write(data)
	}
	// The hash names the content; the suffix names the layout
	// (<dir>/node_modules/<package>).
	name := "vat-packages-" + hex.EncodeToString(h.Sum(nil))[:16] + "-nm"
	var errs []error
	for _, base := range cacheBases() {
		parent := filepath.Join(base, "ocap-go")
		if err := os.MkdirAll(parent, 0o755); err != nil {
			errs = append(errs, err)
			continue
		}
		// Code found here goes into vats: use the directory only if
		// nobody else can have written it.
		if err := checkPrivate(parent); err != nil {
			errs = append(errs, err)
			continue
		}
		dir := filepath.Join(parent, name)
		if checkPrivate(dir) == nil {
			st, err := os.Lstat(filepath.Join(dir, ".complete"))
			nm, nerr := os.Lstat(filepath.Join(dir, "node_modules"))
			if err == nil && st.Mode().IsRegular() && nerr == nil && nm.IsDir() {
				return filepath.Join(dir, "node_modules"), nil
			}
		}
		// Whatever is there (a copy cut short) is ours to replace.
		if err := os.RemoveAll(dir); err != nil {
			errs = append(errs, err)
			continue
		}
		if err := writeEveryday(parent, dir, files); err != nil {
			errs = append(errs, err)
			continue
		}
		return filepath.Join(dir, "node_modules"), nil
	}
	return "", fmt.Errorf("write the built-in vat packages: %w", errors.Join(errs...))
}

func cacheBases() []string {
	var out []string
	if d, err := os.UserCacheDir(); err == nil {
		out = append(out, d)
	}
	return append(out, os.TempDir())
}

// checkPrivate makes sure dir is a directory (not a link) owned by this
// user that no one else may write to.
func checkPrivate(dir string) error {
	st, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	if st.Mode().Perm()&0o022 != 0 {
		return fmt.Errorf("%s is writable by other users", dir)
	}
	if sys, ok := st.Sys().(*syscall.Stat_t); ok && int(sys.Uid) != os.Getuid() {
		return fmt.Errorf("%s belongs to another user", dir)
	}
	return nil
}

// writeEveryday writes the files into a fresh directory and renames it to
// dir, so that a reader never sees a partial tree; another process that
// wins the race leaves its own, identical, copy.
func writeEveryday(parent, dir string, files []string) error {
	tmp, err := os.MkdirTemp(parent, ".vat-packages-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	for _, f := range files {
		data, err := everydayFS.ReadFile(f)
		if err != nil {
			return err
		}
		dst := filepath.Join(tmp, "node_modules", filepath.FromSlash(strings.TrimPrefix(f, "everyday/")))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(tmp, ".complete"), nil, 0o644); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, serr := os.Stat(filepath.Join(dir, ".complete")); serr == nil {
			return nil
		}
		return err
	}
	return nil
}
