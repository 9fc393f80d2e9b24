package doclinks

import (
	"path"
	"regexp"
	"strings"
)

// A Finding is a citation of a file that the repository does not hold.
type Finding struct {
	File string // the citing file, relative to the root
	Line int
	Name string // the cited path, cleaned of anchors and line numbers
}

// tree is the set of paths the repository holds: files, the directories
// above them, and every trailing part of each ("kernel/store.go" of
// "ocap-kernel/kernel/store.go"), so a citation may be written relative to
// the module or package it is read in.
type tree map[string]bool

func newTree(files []string) tree {
	t := tree{}
	for _, f := range files {
		for p := f; p != "." && p != "/" && p != ""; p = path.Dir(p) {
			parts := strings.Split(p, "/")
			for i := range parts {
				t[strings.Join(parts[i:], "/")] = true
			}
		}
	}
	return t
}

var (
	urlRE = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.-]*://\S*`)
	// A run of characters a path may be written with.
	tokenRE = regexp.MustCompile(`[A-Za-z0-9_./@$~<>{}*+#:-]+`)
	// Extensions of the files a comment or document cites.
	fileExt = map[string]bool{
		".go": true, ".md": true, ".ts": true, ".js": true, ".mjs": true, ".cjs": true,
		".sh": true, ".yml": true, ".yaml": true, ".json": true, ".jsonl": true,
		".txtar": true, ".mod": true, ".sum": true, ".tsv": true, ".sql": true,
		".html": true, ".css": true,
	}
	// Words that look like file names and are not citations: a runtime,
	// and the daemon's configuration file, which lives in its home.
	notFiles = map[string]bool{"Node.js": true, "config.json": true}
)

// check returns the citations in the passages of file that name a path the
// repository does not hold. roots are the repository's top-level
// directories, plus the top directories of other projects ("packages",
// "shared") that a path starting with them is certainly a file path of.
func check(file string, ps []passage, t tree, roots map[string]bool) []Finding {
	var out []Finding
	for _, p := range ps {
		for i, l := range strings.Split(p.text, "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), "//\t") {
				continue // a code block of a doc comment: an example, not a citation
			}
			l = urlRE.ReplaceAllString(l, " ")
			for _, tok := range tokenRE.FindAllString(l, -1) {
				name, ok := citation(tok, roots)
				if !ok || resolves(name, file, t) {
					continue
				}
				out = append(out, Finding{File: file, Line: p.line + i, Name: name})
			}
		}
	}
	return out
}

// citation reports whether tok names a file or directory, and the name
// cleaned of punctuation, anchors and line numbers.
func citation(tok string, roots map[string]bool) (string, bool) {
	tok = strings.TrimRight(tok, ".:,;")
	if i := strings.IndexByte(tok, '#'); i >= 0 {
		tok = tok[:i]
	}
	if i := strings.IndexByte(tok, ':'); i >= 0 {
		tok = tok[:i] // a line number: store.go:123
	}
	tok = strings.TrimRight(tok, ".,;")
	if tok == "" || notFiles[tok] || strings.ContainsAny(tok, "$~<>{}*+") ||
		strings.HasPrefix(tok, "/") || strings.HasPrefix(tok, "@") || strings.HasPrefix(tok, "-") {
		return "", false // absolute, placeholder, glob, package specifier or flag
	}
	rel := tok
	for strings.HasPrefix(rel, "./") || strings.HasPrefix(rel, "../") {
		rel = rel[strings.IndexByte(rel, '/')+1:]
	}
	rel = strings.TrimSuffix(rel, "/")
	if rel == "" || rel == "." || rel == ".." {
		return "", false
	}
	first, _, nested := strings.Cut(rel, "/")
	if nested && strings.Contains(first, ".") {
		return "", false // an import path: github.com/…, modernc.org/…
	}
	if fileExt[path.Ext(rel)] && !strings.HasPrefix(path.Base(rel), ".") {
		return rel, true
	}
	return rel, nested && roots[first]
}

// resolves reports whether name is a path of the repository, read from the
// repository's root, from file's directory or as a trailing part.
func resolves(name, file string, t tree) bool {
	if t[name] {
		return true
	}
	return t[path.Clean(path.Join(path.Dir(file), name))]
}
