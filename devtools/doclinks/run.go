// Package doclinks finds the comments and documents of this repository
// that name a file or directory the repository does not hold, so a reader
// is never sent to a design note, a reference or an upstream path that is
// not here. make lint runs it through devtools/cmd/doclinks.
//
// It reads the files git lists (tracked, and untracked but not ignored):
// Go, JavaScript and TypeScript comments, Markdown outside code fences, and
// # comments of scripts, YAML, Makefiles and testscript files. Copies of
// third-party packages (a directory with its own LICENSE) and generated
// bundles (dist/) are skipped. A citation is a token ending in a source or
// document extension (.go, .md, .js, …) or a path starting with one of the
// repository's top directories or another project's ("packages/…",
// "shared/…"); URLs, import paths, absolute paths and placeholders such as
// $OCAP_HOME/config.json are not citations. It resolves if the repository
// holds it read from the root, from the citing file's directory, or as the
// trailing part of a path ("kernel/store.go").
package doclinks

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Run checks every file git lists under root, the root of a work tree.
func Run(root string) ([]Finding, error) {
	cmd := exec.Command("git", "ls-files", "-z", "-co", "--exclude-standard")
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git ls-files: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	var files []string
	for _, f := range strings.Split(string(out), "\x00") {
		if f == "" {
			continue
		}
		if _, err := os.Lstat(filepath.Join(root, f)); err == nil {
			files = append(files, f) // not deleted in the work tree
		}
	}
	sort.Strings(files)
	t := newTree(files)
	roots := map[string]bool{"packages": true, "shared": true, "reference": true, "docs": true}
	vendored := map[string]bool{}
	for _, f := range files {
		first, _, nested := strings.Cut(f, "/")
		if nested {
			roots[first] = true
		}
		if path.Base(f) == "LICENSE" && path.Dir(f) != "." {
			vendored[path.Dir(f)] = true
		}
	}
	var findings []Finding
	for _, f := range files {
		if skipped(f, vendored) {
			continue
		}
		src, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			return nil, err
		}
		findings = append(findings, check(f, passages(f, src), t, roots)...)
	}
	return findings, nil
}

// skipped reports whether f is generated or a copy of someone else's code.
func skipped(f string, vendored map[string]bool) bool {
	if strings.Contains("/"+f, "/dist/") || strings.Contains("/"+f, "/node_modules/") {
		return true
	}
	for d := path.Dir(f); d != "."; d = path.Dir(d) {
		if vendored[d] {
			return true
		}
	}
	return false
}
