// Command vatruntime builds the JavaScript that runs inside every vat
// (make vat-runtime): from the pinned npm packages installed in
// jsvat/runtime/node_modules (npm ci, from package-lock.json) and the
// sources in jsvat/runtime/src it writes
//
//   - jsvat/runtime/dist/prelude.js: the QuickJS repairs, SES, the
//     @endo/eventual-send shim and lockdown(), evaluated first in a realm;
//   - jsvat/runtime/dist/supervisor.js: liveslots, the vat supervisor and
//     the endowments, evaluated after lockdown();
//   - jsvat/runtime/dist/manifest.json: the SHA-256 of every input and
//     output (package runtimemanifest), which a test compares with the
//     tree so that a stale or edited build fails CI;
//   - bundler/everyday/: the kernel's everyday vat packages and what they
//     import, which `ocap bundle` resolves when a vat has no node_modules.
//
// Run it from the ocap-kernel module directory.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/internal/runtimemanifest"
)

func main() {
	root := flag.String("C", ".", "the ocap-kernel module directory")
	flag.Parse()
	if err := run(*root); err != nil {
		fmt.Fprintln(os.Stderr, "vatruntime:", err)
		os.Exit(1)
	}
}

func run(root string) error {
	rt := filepath.Join(root, "jsvat", "runtime")
	if _, err := os.Stat(filepath.Join(rt, "node_modules", "ses", "package.json")); err != nil {
		return fmt.Errorf("%s/node_modules is missing: run npm ci there first (make vat-runtime does)", rt)
	}
	dist := filepath.Join(rt, "dist")
	if err := os.MkdirAll(dist, 0o755); err != nil {
		return err
	}
	for _, out := range []struct{ entry, file string }{
		{"src/prelude.js", "prelude.js"},
		{"src/supervisor.js", "supervisor.js"},
	} {
		code, err := build(rt, out.entry)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dist, out.file), code, 0o644); err != nil {
			return err
		}
		fmt.Printf("wrote %s (%d bytes)\n", filepath.Join(dist, out.file), len(code))
	}
	if err := copyEveryday(root, rt); err != nil {
		return err
	}
	m, err := runtimemanifest.Compute(root)
	if err != nil {
		return err
	}
	return runtimemanifest.Write(root, m)
}

// build bundles one entry of the runtime as a script (IIFE) for QuickJS.
func build(rt, entry string) ([]byte, error) {
	res := api.Build(api.BuildOptions{
		EntryPoints:   []string{entry},
		AbsWorkingDir: mustAbs(rt),
		Bundle:        true,
		Write:         false,
		Format:        api.FormatIIFE,
		Platform:      api.PlatformNeutral,
		MainFields:    []string{"module", "main"},
		Conditions:    []string{"import", "default"},
		Target:        api.ES2022,
		Charset:       api.CharsetUTF8,
		LegalComments: api.LegalCommentsNone,
		Define:        map[string]string{"process.env.NODE_ENV": `"production"`},
		// SES runs only in strict mode; esbuild's IIFE is not strict unless told.
		Banner:   map[string]string{"js": `"use strict";`},
		LogLevel: api.LogLevelSilent,
		Plugins:  []api.Plugin{patches()},
	})
	if len(res.Errors) > 0 {
		var msgs []string
		for _, m := range res.Errors {
			msgs = append(msgs, m.Text)
		}
		return nil, fmt.Errorf("build %s: %s", entry, strings.Join(msgs, "; "))
	}
	if len(res.OutputFiles) != 1 {
		return nil, fmt.Errorf("build %s: %d outputs", entry, len(res.OutputFiles))
	}
	code := res.OutputFiles[0].Contents
	// SES refuses to evaluate source that contains these sequences, and
	// the host compiles the runtime as plain scripts: check early.
	for _, bad := range []string{"<!--", "-->"} {
		if bytes.Contains(code, []byte(bad)) {
			return nil, fmt.Errorf("build %s: output contains %q", entry, bad)
		}
	}
	return code, nil
}

// patch is one change to an npm package's source, made while bundling. A
// patch that no longer applies fails the build.
type patch struct {
	file      string // path under node_modules
	old, new_ string
	why       string
}

// The patches: each keeps upstream behaviour except where this kernel
// deliberately goes further.
var sourcePatches = []patch{{
	file: "@endo/eventual-send/src/local.js",
	why: "only methods an object defines are callable by eventual send: " +
		"methods it inherits from Object.prototype or Function.prototype " +
		"(toString, valueOf, hasOwnProperty, constructor, call, ...) are refused " +
		"as missing, with eventual-send's own message",
	old: "  const fn = recipient[methodName];\n  if (fn === undefined) {",
	new_: "  const fn = definesMethod(recipient, methodName)\n" +
		"    ? recipient[methodName]\n" +
		"    : undefined;\n" +
		"  if (fn === undefined) {",
}, {
	file: "@endo/eventual-send/src/local.js",
	why:  "the helper used by the patch above",
	old:  "export const localApplyMethod = (recipient, methodName, args) => {",
	new_: `// ocap-go: a method is callable only if the object or a prototype below
// Object.prototype and Function.prototype defines it.
const definesMethod = (recipient, methodName) => {
  if (isPrimitive(recipient)) {
    return true;
  }
  for (
    let layer = recipient;
    layer !== null && layer !== Object.prototype && layer !== Function.prototype;
    layer = getPrototypeOf(layer)
  ) {
    if (Reflect.getOwnPropertyDescriptor(layer, methodName) !== undefined) {
      return true;
    }
  }
  return false;
};
freeze(definesMethod);

export const localApplyMethod = (recipient, methodName, args) => {`,
}, {
	file: "ses/src/transforms.js",
	why: "the same search, made quick: the censoring patterns (HTML comments, " +
		"import and direct eval expressions) are tried only near a literal " +
		"every match holds, not at each position of the source in QuickJS's " +
		"backtracking engine (45 ms of every vat start for a 230 KB bundle)",
	old:  "  const index = stringSearch(src, pattern);\n",
	new_: "  const index = searchCensored(src, pattern);\n",
}, {
	file: "ses/src/transforms.js",
	why:  "the imports of the patch above",
	old:  "  stringSearch,\n",
	new_: "  stringSearch,\n  stringIndexOf,\n  regexpExec,\n",
}, {
	file: "ses/src/transforms.js",
	why:  "the search of the patch above",
	old:  "const someDirectEvalPattern = new FERAL_REG_EXP(\n  '(^|[^.])\\\\beval(\\\\s*\\\\()',\n  'g',\n);\n",
	new_: "const someDirectEvalPattern = new FERAL_REG_EXP(\n  '(^|[^.])\\\\beval(\\\\s*\\\\()',\n  'g',\n);\n" + censoredSearch,
}}

// censoredSearch is stringSearch(src, pattern) for SES's three censoring
// patterns, patched into SES's source transforms module.
const censoredSearch = `
// ocap-go: stringSearch(src, pattern) for the three patterns above. Every
// match of each holds one of its literals at most maxLead code units after
// its start, so the pattern (a sticky copy) is tried only from maxLead
// before each occurrence of a literal up to it, positions in increasing
// order, each once: the first match found starts where the search's
// first match does.
const censoredSearches = [
  [htmlCommentPattern, [` + "`${'<'}!--`, `--${'>'}`" + `], 0],
  [importPattern, ['import'], 3],
  [someDirectEvalPattern, ['eval'], 1],
];
for (let i = 0; i < censoredSearches.length; i += 1) {
  const pattern = censoredSearches[i][0];
  censoredSearches[i][3] = sealRegexp(new FERAL_REG_EXP(pattern.source, 'y'));
}
const searchCensored = (src, pattern) => {
  for (let k = 0; k < censoredSearches.length; k += 1) {
    const [known, literals, maxLead, sticky] = censoredSearches[k];
    if (known === pattern) {
      const next = from => {
        let first = -1;
        for (let l = 0; l < literals.length; l += 1) {
          const at = stringIndexOf(src, literals[l], from);
          if (at >= 0 && (first < 0 || at < first)) {
            first = at;
          }
        }
        return first;
      };
      let tried = 0;
      for (let at = next(0); at >= 0; at = next(at + 1)) {
        for (let j = at - maxLead > tried ? at - maxLead : tried; j <= at; j += 1) {
          sticky.lastIndex = j;
          if (regexpExec(sticky, src) !== null) {
            return j;
          }
        }
        tried = at + 1;
      }
      return -1;
    }
  }
  return stringSearch(src, pattern);
};
`

func patches() api.Plugin {
	return api.Plugin{Name: "ocap-go-patches", Setup: func(b api.PluginBuild) {
		byFile := map[string][]patch{}
		for _, p := range sourcePatches {
			byFile[filepath.FromSlash(p.file)] = append(byFile[filepath.FromSlash(p.file)], p)
		}
		b.OnLoad(api.OnLoadOptions{Filter: `[\\/]node_modules[\\/]`}, func(a api.OnLoadArgs) (api.OnLoadResult, error) {
			i := strings.LastIndex(a.Path, string(filepath.Separator)+"node_modules"+string(filepath.Separator))
			rel := a.Path[i+len("/node_modules/"):]
			ps := byFile[rel]
			if len(ps) == 0 {
				return api.OnLoadResult{}, nil
			}
			src, err := os.ReadFile(a.Path)
			if err != nil {
				return api.OnLoadResult{}, err
			}
			s := string(src)
			for _, p := range ps {
				if strings.Count(s, p.old) != 1 {
					return api.OnLoadResult{}, fmt.Errorf("patch of %s (%s) no longer applies", p.file, p.why)
				}
				s = strings.Replace(s, p.old, p.new_, 1)
			}
			return api.OnLoadResult{Contents: &s, Loader: api.LoaderJS}, nil
		})
	}}
}

func mustAbs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		panic(err)
	}
	return a
}

// everydayRoots are the packages a vat may import with no node_modules of
// its own: `ocap bundle` finds them, and what they import, in the copies
// written to bundler/everyday.
var everydayRoots = []string{
	"@endo/far",
	"@endo/eventual-send",
	"@endo/promise-kit",
	"@endo/exo",
	"@endo/patterns",
	"@agoric/store",
	"@metamask/kernel-utils",
	"@metamask/kernel-utils/exo",
	"@metamask/kernel-utils/discoverable",
	"@metamask/kernel-utils/described",
}

// ourPackages are written in this repository, under jsvat/runtime/packages.
var ourPackages = map[string]string{
	"@metamask/kernel-utils": "kernel-utils",
}

// copyEveryday writes bundler/everyday: every package that the everyday
// roots import (found by bundling them), whole, without types, maps,
// tests and docs (licenses stay).
func copyEveryday(root, rt string) error {
	out := filepath.Join(root, "bundler", "everyday")
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	var entry strings.Builder
	for i, r := range everydayRoots {
		fmt.Fprintf(&entry, "import * as m%d from %q;\nconsole.log(m%d);\n", i, r, i)
	}
	src := entry.String()
	nm := filepath.Join(mustAbs(rt), "node_modules")
	pkgDirs := map[string]string{} // package name -> source directory
	for name, dir := range ourPackages {
		pkgDirs[name] = filepath.Join(mustAbs(rt), "packages", dir)
	}
	// Our own packages are found through a directory of links named like
	// node_modules, searched before the npm packages.
	links, err := os.MkdirTemp("", "vatruntime-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(links)
	for name, dir := range pkgDirs {
		l := filepath.Join(links, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(l), 0o755); err != nil {
			return err
		}
		if err := os.Symlink(dir, l); err != nil {
			return err
		}
	}
	res := api.Build(api.BuildOptions{
		Stdin:         &api.StdinOptions{Contents: src, ResolveDir: mustAbs(rt), Sourcefile: "everyday.js"},
		AbsWorkingDir: mustAbs(rt),
		Bundle:        true,
		Write:         false,
		Metafile:      true,
		Format:        api.FormatESModule,
		Platform:      api.PlatformBrowser,
		Conditions:    []string{"module", "production"},
		NodePaths:     []string{links, nm},
		LogLevel:      api.LogLevelSilent,
	})
	if len(res.Errors) > 0 {
		var msgs []string
		for _, m := range res.Errors {
			msgs = append(msgs, m.Text)
		}
		return fmt.Errorf("resolve the everyday packages: %s", strings.Join(msgs, "; "))
	}
	var meta struct {
		Inputs map[string]json.RawMessage `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(res.Metafile), &meta); err != nil {
		return err
	}
	for in := range meta.Inputs {
		i := strings.LastIndex(in, "node_modules/")
		if i < 0 {
			continue
		}
		rest := in[i+len("node_modules/"):]
		parts := strings.Split(rest, "/")
		name := parts[0]
		if strings.HasPrefix(name, "@") && len(parts) > 1 {
			name += "/" + parts[1]
		}
		if _, ok := pkgDirs[name]; !ok {
			pkgDirs[name] = filepath.Join(nm, filepath.FromSlash(name))
		}
	}
	names := make([]string, 0, len(pkgDirs))
	for n := range pkgDirs {
		names = append(names, n)
	}
	sort.Strings(names)
	total := 0
	for _, name := range names {
		n, err := copyPackage(pkgDirs[name], filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			return fmt.Errorf("copy %s: %w", name, err)
		}
		total += n
	}
	fmt.Printf("wrote %s: %d packages, %d bytes\n", out, len(names), total)
	return nil
}

// copyPackage copies what a bundle can use of one package.
func copyPackage(from, to string) (int, error) {
	total := 0
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		name := d.Name()
		if d.IsDir() {
			switch name {
			case "node_modules", "test", "tests", "__tests__", "docs", "example", "examples":
				if rel != "." {
					return filepath.SkipDir
				}
			}
			return nil
		}
		lower := strings.ToLower(name)
		keep := strings.HasPrefix(lower, "license") || strings.HasPrefix(lower, "notice") || name == "package.json"
		if !keep {
			switch {
			case strings.HasSuffix(name, ".d.ts"), strings.HasSuffix(name, ".d.mts"), strings.HasSuffix(name, ".d.cts"),
				strings.HasSuffix(name, ".map"), strings.HasSuffix(name, ".tsbuildinfo"), strings.Contains(name, ".test."):
				keep = false
			case strings.HasSuffix(name, ".js"), strings.HasSuffix(name, ".mjs"), strings.HasSuffix(name, ".cjs"),
				strings.HasSuffix(name, ".json"), strings.HasSuffix(name, ".ts"):
				keep = true
			}
		}
		if !keep {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		dst := filepath.Join(to, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		total += len(data)
		return os.WriteFile(dst, data, 0o644)
	})
	return total, err
}
