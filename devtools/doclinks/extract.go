package doclinks

import (
	"go/scanner"
	"go/token"
	"path"
	"strings"
)

// A passage is prose a person reads: a comment, or the text of a document.
type passage struct {
	line int // 1-based line where the passage starts
	text string
}

// passages returns the prose of a file, chosen by its name; nil for a kind
// of file that holds none (data, generated code).
func passages(name string, src []byte) []passage {
	base := path.Base(name)
	switch ext := path.Ext(base); {
	case ext == ".go":
		return goComments(src)
	case ext == ".js" || ext == ".mjs" || ext == ".cjs" || ext == ".ts":
		return cComments(src)
	case ext == ".md":
		return markdownProse(src)
	case ext == ".sh" || ext == ".yml" || ext == ".yaml" || ext == ".txtar" ||
		base == "Makefile" || base == "run" || base == "staticcheck.conf" || base == ".gitignore":
		return hashComments(src)
	}
	return nil
}

// goComments returns every comment of a Go source file.
func goComments(src []byte) []passage {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, src, nil, scanner.ScanComments)
	var out []passage
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return out
		}
		if tok == token.COMMENT {
			out = append(out, passage{line: fset.Position(pos).Line, text: lit})
		}
	}
}

// cComments returns the // and /* */ comments of JavaScript or TypeScript
// source, skipping string and template literals. Regular expression literals
// are not recognised; a "//" inside one only adds text to check.
func cComments(src []byte) []passage {
	var out []passage
	line := 1
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\n':
			line++
		case c == '\'' || c == '"' || c == '`':
			for i++; i < len(src) && src[i] != c; i++ {
				if src[i] == '\\' {
					i++
				} else if src[i] == '\n' {
					line++
					if c != '`' {
						break // unterminated: resynchronise at the line end
					}
				}
			}
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			j := i
			for j < len(src) && src[j] != '\n' {
				j++
			}
			out = append(out, passage{line: line, text: string(src[i:j])})
			i = j - 1
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			start := line
			j := i + 2
			for j+1 < len(src) && !(src[j] == '*' && src[j+1] == '/') {
				if src[j] == '\n' {
					line++
				}
				j++
			}
			out = append(out, passage{line: start, text: string(src[i:min(j+2, len(src))])})
			i = j + 1
		}
	}
	return out
}

// markdownProse returns a document's lines outside fenced code blocks,
// which hold commands and output rather than citations.
func markdownProse(src []byte) []passage {
	var out []passage
	fenced := false
	for i, l := range strings.Split(string(src), "\n") {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fenced = !fenced
			continue
		}
		if !fenced {
			out = append(out, passage{line: i + 1, text: l})
		}
	}
	return out
}

// hashComments returns the # comments of shell scripts, YAML, Makefiles and
// testscript files: whole comment lines, and the tail after " #".
func hashComments(src []byte) []passage {
	var out []passage
	for i, l := range strings.Split(string(src), "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "#!") {
			continue
		}
		if strings.HasPrefix(t, "#") {
			out = append(out, passage{line: i + 1, text: t})
		} else if j := strings.Index(l, " # "); j >= 0 {
			out = append(out, passage{line: i + 1, text: l[j:]})
		}
	}
	return out
}
