package bundler

import (
	"errors"
	"fmt"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// stripComments removes every comment from a script, as upstream's
// bundler does with a JavaScript parser: SES refuses to evaluate source
// in which "import(" or an HTML comment token appears, comments included,
// and the packages vats import are full of comments that mention them.
//
// It is a tokenizer for what esbuild prints: strings, template literals
// (with nested substitutions), regular expression literals (told from
// division by the token before them), and comments. To be sure that it
// only ever removed comments, the result is checked against the original
// by esbuild itself: both, printed by esbuild without whitespace, must be
// the same program. Where the tokenizer cannot be sure (a slash after a
// closing brace or a postfix operator, which esbuild rarely prints), the
// check fails and the program is printed by esbuild without whitespace
// instead, which drops every comment too.
func stripComments(code string) (string, error) {
	out, err := tokenStrip(code)
	if err == nil && out == code {
		return code, nil
	}
	if err == nil {
		same, perr := sameProgram(code, out)
		if perr != nil {
			return "", perr
		}
		if same {
			return out, nil
		}
	}
	return printCompact(code)
}

// printCompact prints a program with esbuild without whitespace or
// comments.
func printCompact(code string) (string, error) {
	res := api.Transform(code, api.TransformOptions{
		MinifyWhitespace: true,
		LegalComments:    api.LegalCommentsNone,
		Charset:          api.CharsetUTF8,
		LogLevel:         api.LogLevelSilent,
	})
	if len(res.Errors) > 0 {
		return "", fmt.Errorf("print the bundle: %s", res.Errors[0].Text)
	}
	return strings.ReplaceAll(string(res.Code), "/* @__PURE__ */", ""), nil
}

// sameProgram reports whether a and b print the same without whitespace
// (esbuild's pure-call annotations, which are comments, set aside).
func sameProgram(a, b string) (bool, error) {
	pa, err := printCompact(a)
	if err != nil {
		return false, err
	}
	pb, err := printCompact(b)
	if err != nil {
		return false, nil // b does not even parse
	}
	return pa == pb, nil
}

// regexAfterWord are the keywords after which a slash starts a regular
// expression rather than a division.
var regexAfterWord = map[string]bool{
	"return": true, "typeof": true, "instanceof": true, "in": true, "of": true,
	"new": true, "delete": true, "void": true, "throw": true, "case": true,
	"do": true, "else": true, "yield": true, "await": true,
}

func isIdentChar(c byte) bool {
	return c == '_' || c == '$' || c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// tokenStrip copies code without its comments. A line comment keeps its
// line break; a block comment that spans lines becomes a line break, and
// otherwise a space, so that no two tokens join and automatic semicolon
// insertion sees what it saw before.
func tokenStrip(code string) (string, error) {
	var b strings.Builder
	b.Grow(len(code))
	// braces is the nesting of template substitutions: for each open
	// substitution, how many plain braces are open inside it.
	var braces []int
	// regexOK: a slash here would start a regular expression.
	regexOK := true
	i := 0
	n := len(code)
	for i < n {
		c := code[i]
		switch {
		case c == '/' && i+1 < n && code[i+1] == '/':
			j := i + 2
			for j < n && code[j] != '\n' && code[j] != '\r' && !strings.HasPrefix(code[j:], "\u2028") && !strings.HasPrefix(code[j:], "\u2029") {
				j++
			}
			i = j
		case c == '/' && i+1 < n && code[i+1] == '*':
			end := strings.Index(code[i+2:], "*/")
			if end < 0 {
				return "", errors.New("unterminated comment")
			}
			body := code[i+2 : i+2+end]
			if strings.ContainsAny(body, "\n\r") || strings.Contains(body, "\u2028") || strings.Contains(body, "\u2029") {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
			i += 2 + end + 2
		case c == '\'' || c == '"':
			j := i + 1
			for j < n && code[j] != c {
				if code[j] == '\\' {
					j++
				}
				j++
			}
			if j >= n {
				return "", errors.New("unterminated string")
			}
			b.WriteString(code[i : j+1])
			i = j + 1
			regexOK = false
		case c == '`':
			j, err := templateEnd(code, i+1)
			if err != nil {
				return "", err
			}
			b.WriteString(code[i:j])
			if j < n && code[j-1] == '{' {
				braces = append(braces, 0) // entered a substitution
				regexOK = true
			} else {
				regexOK = false
			}
			i = j
		case c == '}' && len(braces) > 0 && braces[len(braces)-1] == 0:
			// The end of a template substitution: the template goes on.
			braces = braces[:len(braces)-1]
			j, err := templateEnd(code, i+1)
			if err != nil {
				return "", err
			}
			b.WriteString(code[i:j])
			if code[j-1] == '{' {
				braces = append(braces, 0)
				regexOK = true
			} else {
				regexOK = false
			}
			i = j
		case c == '/' && regexOK:
			j := i + 1
			inClass := false
			for j < n {
				d := code[j]
				if d == '\\' {
					j += 2
					continue
				}
				if d == '\n' || d == '\r' {
					return "", errors.New("unterminated regular expression")
				}
				if d == '[' {
					inClass = true
				} else if d == ']' {
					inClass = false
				} else if d == '/' && !inClass {
					break
				}
				j++
			}
			if j >= n {
				return "", errors.New("unterminated regular expression")
			}
			j++
			for j < n && isIdentChar(code[j]) {
				j++ // flags
			}
			b.WriteString(code[i:j])
			i = j
			regexOK = false
		case isIdentChar(c):
			j := i
			for j < n && isIdentChar(code[j]) {
				j++
			}
			word := code[i:j]
			b.WriteString(word)
			i = j
			if c >= '0' && c <= '9' {
				// A number: its exponent sign or a decimal point may follow.
				for i < n && (code[i] == '.' || isIdentChar(code[i]) || ((code[i] == '+' || code[i] == '-') && (code[i-1] == 'e' || code[i-1] == 'E'))) {
					b.WriteByte(code[i])
					i++
				}
				regexOK = false
			} else {
				regexOK = regexAfterWord[word]
			}
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			b.WriteByte(c)
			i++
		default:
			b.WriteByte(c)
			i++
			switch c {
			case ')', ']':
				regexOK = false
			case '}':
				// A closing brace of a block: a slash after it starts a
				// statement. (esbuild prints object literals that end
				// an expression followed by a division in parentheses.)
				regexOK = true
				if len(braces) > 0 {
					braces[len(braces)-1]--
				}
			case '{':
				regexOK = true
				if len(braces) > 0 {
					braces[len(braces)-1]++
				}
			case '.':
				// Property access or spread: a name or a number follows.
				regexOK = false
				if i+1 < n && code[i] == '.' && code[i+1] == '.' {
					regexOK = true
				}
			default:
				regexOK = true
			}
		}
	}
	if len(braces) > 0 {
		return "", errors.New("unterminated template literal")
	}
	return b.String(), nil
}

// templateEnd scans a template literal's characters from i and returns
// the index just past its end (after the closing backquote) or past the
// "${" of a substitution.
func templateEnd(code string, i int) (int, error) {
	for i < len(code) {
		switch code[i] {
		case '\\':
			i += 2
		case '`':
			return i + 1, nil
		case '$':
			if i+1 < len(code) && code[i+1] == '{' {
				return i + 2, nil
			}
			i++
		default:
			i++
		}
	}
	return 0, errors.New("unterminated template literal")
}
