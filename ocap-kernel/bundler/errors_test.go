package bundler_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/bundler"
)

// TestBundleErrors: bundling failures are *bundler.Error, naming the
// entry, with one message per problem carrying file:line:column.
func TestBundleErrors(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "app")
	write(t, dir, files{
		"bare.js":             "// first line\nimport pad from 'left-pad';\nexport const buildRootObject = () => pad;\n",
		"scoped.js":           "import x from '@nowhere/thing/sub';\nexport const buildRootObject = () => x;\n",
		"deep.js":             "import { x } from './lib/uses-missing.js';\nexport const buildRootObject = () => x;\n",
		"lib/uses-missing.js": "export { default as x } from 'not-installed';\n",
		"dep.js":              "import { x } from 'has-missing-dep';\nexport const buildRootObject = () => x;\n",
		"node_modules/has-missing-dep/package.json": `{"name":"has-missing-dep","main":"index.js"}`,
		"node_modules/has-missing-dep/index.js":     "export { x } from 'missing-dep-of-dep';\n",
		"fs.js":                                     "import { readFileSync } from 'fs';\nexport const buildRootObject = () => readFileSync;\n",
		"node-path.js":                              "import path from 'node:path';\nexport const buildRootObject = () => path;\n",
		"fs-promises.js":                            "import { readFile } from 'fs/promises';\nexport const buildRootObject = () => readFile;\n",
		"lib/crypto-user.js":                        "export { createHash } from 'node:crypto';\n",
		"builtin-deep.js":                           "import { createHash } from './lib/crypto-user.js';\nexport const buildRootObject = () => createHash;\n",
		"missing.js":                                "export const a = 1;\nimport { y } from './nope.js';\nexport const buildRootObject = () => y;\n",
		"missing-dir.js":                            "import { y } from './no-such-dir/index.js';\nexport const buildRootObject = () => y;\n",
		"syntax.js":                                 "export const a = 1;\n\nexport function buildRootObject( {\n  return 1;\n}\n",
		"lib/broken.ts":                             "export const f = (x: number): number => {\n  return x +;\n};\n",
		"syntax-dep.js":                             "import { f } from './lib/broken.ts';\nexport const buildRootObject = () => f;\n",
		"no-export.js":                              "import { nothing } from './lib/uses-missing.js';\nexport const buildRootObject = () => nothing;\n",
		"two.js":                                    "import a from 'missing-one';\nimport b from 'missing-two';\nexport const buildRootObject = () => [a, b];\n",
		"json-broken.js":                            "import d from './bad.json';\nexport const buildRootObject = () => d;\n",
		"bad.json":                                  `{"a": 1,}`,
	})
	looked := func(name string) []string {
		var out []string
		for d := dir; ; d = filepath.Dir(d) {
			out = append(out, filepath.Join(d, "node_modules", name))
			if filepath.Dir(d) == d {
				return out
			}
		}
	}
	everyday := "it is not one of the packages built into ocap (" + strings.Join(bundler.EverydayPackages(), ", ") + ")"
	builtin := "it is a Node.js built-in module, which vats do not have"
	tests := []struct {
		file string
		want []string // substrings of the message
		re   string   // a regexp the message matches
		n    int      // the number of messages (default 1)
	}{
		{file: "bare.js", want: append([]string{`bare.js:2:17: cannot import "left-pad" from bare.js: `, everyday}, looked("left-pad")...)},
		{file: "scoped.js", want: append([]string{`scoped.js:1:15: cannot import "@nowhere/thing/sub" from scoped.js`}, looked("@nowhere/thing")...)},
		{file: "deep.js", want: append([]string{`lib/uses-missing.js:1:30: cannot import "not-installed" from lib/uses-missing.js`}, filepath.Join(dir, "lib", "node_modules", "not-installed"))},
		{file: "dep.js", want: []string{
			`cannot import "missing-dep-of-dep" from node_modules/has-missing-dep/index.js`,
			filepath.Join(dir, "node_modules", "has-missing-dep", "node_modules", "missing-dep-of-dep"),
			filepath.Join(dir, "node_modules", "missing-dep-of-dep"),
		}},
		{file: "fs.js", want: []string{`fs.js:1:30: cannot import "fs" from fs.js: ` + builtin}},
		{file: "node-path.js", want: []string{`cannot import "node:path" from node-path.js: ` + builtin}},
		{file: "fs-promises.js", want: []string{`cannot import "fs/promises" from fs-promises.js: ` + builtin}},
		{file: "builtin-deep.js", want: []string{`lib/crypto-user.js:1:28: cannot import "node:crypto" from lib/crypto-user.js: ` + builtin}},
		{file: "missing.js", want: []string{`missing.js:2:19: Could not resolve "./nope.js"`}},
		{file: "missing-dir.js", want: []string{`Could not resolve "./no-such-dir/index.js"`}},
		{file: "syntax.js", re: `^syntax\.js:4:10: Expected "\}" but found "1"`},
		{file: "syntax-dep.js", re: `^lib/broken\.ts:2:13: Unexpected ";"`},
		{file: "no-export.js", want: []string{`cannot import "not-installed" from lib/uses-missing.js`}},
		{file: "two.js", want: []string{`cannot import "missing-one"`, `cannot import "missing-two"`}, n: 2},
		{file: "json-broken.js", re: `^bad\.json:1:\d+: `},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			entry := filepath.Join(dir, tt.file)
			b, err := bundler.Bundle(context.Background(), entry)
			if err == nil {
				t.Fatalf("bundled, want an error; code:\n%s", b.Code)
			}
			var be *bundler.Error
			if !errors.As(err, &be) {
				t.Fatalf("err = %v (%T), want a *bundler.Error", err, err)
			}
			if be.Entry != entry {
				t.Errorf("Entry = %q, want %q", be.Entry, entry)
			}
			n := tt.n
			if n == 0 {
				n = 1
			}
			if len(be.Messages) != n {
				t.Errorf("%d messages, want %d: %q", len(be.Messages), n, be.Messages)
			}
			msg := strings.Join(be.Messages, "\n")
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("messages %q do not contain %q", be.Messages, w)
				}
			}
			if tt.re != "" && !regexp.MustCompile(tt.re).MatchString(msg) {
				t.Errorf("messages %q do not match %s", be.Messages, tt.re)
			}
			if !strings.HasPrefix(err.Error(), "bundle "+entry+": ") {
				t.Errorf("Error() = %q, want it to start with the entry", err)
			}
		})
	}
}

// TestBundlePlainErrors: failures that are not esbuild's are plain
// errors, not *bundler.Error.
func TestBundlePlainErrors(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, files{"ok.js": "export const buildRootObject = () => 1;\n"})
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name  string
		ctx   context.Context
		entry string
		is    error
		want  string
	}{
		{"no such file", context.Background(), filepath.Join(dir, "absent.js"), os.ErrNotExist, "absent.js"},
		{"a directory", context.Background(), dir, nil, "is a directory"},
		{"canceled context", canceled, filepath.Join(dir, "ok.js"), context.Canceled, "ok.js"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := bundler.Bundle(tt.ctx, tt.entry)
			if err == nil {
				t.Fatal("no error")
			}
			var be *bundler.Error
			if errors.As(err, &be) {
				t.Errorf("err = %v is a *bundler.Error", err)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("err = %v, want one that is %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

// TestBundleErrorSubpathNotExported: a package that exists but does not
// export the imported subpath.
func TestBundleErrorSubpathNotExported(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, merge(
		pkg("node_modules/ex", `{"name":"ex","exports":{".":"./index.js","./public":"./public.js"}}`, files{"index.js": "export default 1;\n", "public.js": "export default 2;\n", "internal.js": "export default 3;\n"}),
		files{
			"vat.js":  "import x from 'ex/internal';\nexport const buildRootObject = () => x;\n",
			"endo.js": "import x from '@endo/far/nope';\nexport const buildRootObject = () => x;\n",
		},
	))
	for _, tt := range []struct{ file, want string }{
		{"vat.js", `"./internal" is not exported by package "ex"`},
		{"endo.js", `"./nope" is not exported by package "@endo/far"`},
	} {
		_, err := bundler.Bundle(context.Background(), filepath.Join(dir, tt.file))
		if err == nil {
			t.Fatalf("%s bundled", tt.file)
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v\nwant it to say %s", tt.file, err, tt.want)
		}
		if strings.Contains(err.Error(), "not one of the packages built into ocap") {
			t.Errorf("%s: err = %v\nsays the package is missing, but it is there", tt.file, err)
		}
	}
}
