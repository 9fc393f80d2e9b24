package bundler_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// resolveCase is a node_modules layout and a vat that imports from it:
// the vat's root object answers get() with value.
type resolveCase struct {
	name string
	// tree holds the files; the vat is written to entry (default
	// vat.js in a folder app), so app's node_modules is the vat's own node_modules and
	// node_modules one directory above it.
	tree    files
	entry   string
	imports string // the vat's import lines
	value   string // a JavaScript expression get() returns (hardened)
	want    string // get()'s answer, as JSON
	// exo makes the root with @metamask/kernel-utils/exo instead of
	// @endo/far (for layouts that replace @endo/far).
	exo bool
}

// vatSource is the vat of a resolveCase.
func (c resolveCase) vatSource() string {
	var b strings.Builder
	if c.exo {
		b.WriteString("import { makeDefaultExo as __makeRoot } from '@metamask/kernel-utils/exo';\n")
	} else {
		b.WriteString("import { Far as __Far } from '@endo/far';\nconst __makeRoot = (n, m) => __Far(n, m);\n")
	}
	b.WriteString(c.imports)
	b.WriteString("\nexport function buildRootObject() {\n  return __makeRoot('root', { get: () => harden(" + c.value + ") });\n}\n")
	return b.String()
}

// pkg is a package.json and the files of one package under dir.
func pkg(dir, packageJSON string, fs files) files {
	out := files{dir + "/package.json": packageJSON}
	for name, content := range fs {
		out[dir+"/"+name] = content
	}
	return out
}

// merge joins file trees.
func merge(trees ...files) files {
	out := files{}
	for _, t := range trees {
		for k, v := range t {
			out[k] = v
		}
	}
	return out
}

// says is a module exporting `which` (default and named) as name.
func says(name string) string {
	return "export const which = '" + name + "';\nexport default which;\n"
}

// cjsSays is a CommonJS module exporting which = name.
func cjsSays(name string) string {
	return "exports.which = '" + name + "';\n"
}

// runResolveCases bundles and runs each case in a real vat.
func runResolveCases(t *testing.T, cases []resolveCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			requireNoNodeModulesAbove(t, root)
			entry := c.entry
			if entry == "" {
				entry = "app/vat.js"
			}
			write(t, root, merge(c.tree, files{entry: c.vatSource()}))
			v := startVat(t, filepath.Join(root, filepath.FromSlash(entry)), vatOptions{})
			if got := jsonOf(t, v.callValue("get")); got != c.want {
				t.Errorf("get() = %s, want %s", got, c.want)
			}
		})
	}
}

// TestResolveExports covers package.json "exports": conditions (the
// first one in the object's order that is active wins; active are
// browser, module, production, import for import statements, require
// for require() calls, and default), nested conditions, subpaths and
// subpath patterns.
func TestResolveExports(t *testing.T) {
	nm := "app/node_modules/"
	runResolveCases(t, []resolveCase{
		{
			name: "browser wins over inactive node and require",
			tree: pkg(nm+"cond", `{"name":"cond","exports":{"node":"./node.js","require":"./require.cjs","browser":"./browser.js","import":"./import.js","default":"./default.js"}}`, files{
				"node.js": says("node"), "require.cjs": cjsSays("require"), "browser.js": says("browser"), "import.js": says("import"), "default.js": says("default"),
			}),
			imports: "import { which } from 'cond';",
			value:   "which",
			want:    `"browser"`,
		},
		{
			name: "the first active condition in object order wins",
			tree: pkg(nm+"cond", `{"name":"cond","exports":{"import":"./import.js","browser":"./browser.js","default":"./default.js"}}`, files{
				"browser.js": says("browser"), "import.js": says("import"), "default.js": says("default"),
			}),
			imports: "import { which } from 'cond';",
			value:   "which",
			want:    `"import"`,
		},
		{
			name: "module condition",
			tree: pkg(nm+"cond", `{"name":"cond","exports":{"module":"./module.js","import":"./import.js","default":"./default.js"}}`, files{
				"module.js": says("module"), "import.js": says("import"), "default.js": says("default"),
			}),
			imports: "import { which } from 'cond';",
			value:   "which",
			want:    `"module"`,
		},
		{
			name: "production, not development",
			tree: pkg(nm+"cond", `{"name":"cond","exports":{"development":"./dev.js","production":"./prod.js","default":"./default.js"}}`, files{
				"dev.js": says("development"), "prod.js": says("production"), "default.js": says("default"),
			}),
			imports: "import { which } from 'cond';",
			value:   "which",
			want:    `"production"`,
		},
		{
			name: "default when nothing else is active",
			tree: pkg(nm+"cond", `{"name":"cond","exports":{"node":"./node.js","require":"./require.cjs","deno":"./deno.js","default":"./default.js"}}`, files{
				"node.js": says("node"), "require.cjs": cjsSays("require"), "deno.js": says("deno"), "default.js": says("default"),
			}),
			imports: "import { which } from 'cond';",
			value:   "which",
			want:    `"default"`,
		},
		{
			name: "nested conditions",
			tree: pkg(nm+"cond", `{"name":"cond","exports":{".":{"node":{"import":"./node-import.js","default":"./node.js"},"browser":{"require":"./browser-require.cjs","import":"./browser-import.js","default":"./browser-default.js"},"default":"./default.js"}}}`, files{
				"node-import.js": says("node+import"), "node.js": says("node"), "browser-require.cjs": cjsSays("browser+require"),
				"browser-import.js": says("browser+import"), "browser-default.js": says("browser+default"), "default.js": says("default"),
			}),
			imports: "import { which } from 'cond';",
			value:   "which",
			want:    `"browser+import"`,
		},
		{
			name: "require() gets the require condition, import the import condition",
			tree: merge(
				pkg(nm+"dual", `{"name":"dual","exports":{"require":"./dual.cjs","import":"./dual.mjs"}}`, files{
					"dual.cjs": cjsSays("dual require"), "dual.mjs": says("dual import"),
				}),
				pkg(nm+"cjs-user", `{"name":"cjs-user","main":"index.js"}`, files{"index.js": "module.exports = require('dual').which;\n"}),
			),
			imports: "import viaRequire from 'cjs-user';\nimport { which } from 'dual';",
			value:   "[viaRequire, which]",
			want:    `["dual require","dual import"]`,
		},
		{
			name:    "exports as a string",
			tree:    pkg(nm+"sugar", `{"name":"sugar","main":"./wrong.js","exports":"./lib/main.js"}`, files{"lib/main.js": says("sugar"), "wrong.js": says("main, ignored")}),
			imports: "import { which } from 'sugar';",
			value:   "which",
			want:    `"sugar"`,
		},
		{
			name: "subpath exports",
			tree: pkg(nm+"sub", `{"name":"sub","version":"3.1.4","exports":{".":"./index.js","./feature":"./lib/feature.js","./feature/extra":{"browser":"./lib/extra-browser.js","default":"./lib/extra.js"},"./package.json":"./package.json"}}`, files{
				"index.js": says("root"), "lib/feature.js": says("feature"), "lib/extra.js": says("extra"), "lib/extra-browser.js": says("extra for browsers"),
			}),
			imports: "import root from 'sub';\nimport feature from 'sub/feature';\nimport extra from 'sub/feature/extra';\nimport meta from 'sub/package.json';",
			value:   "[root, feature, extra, meta.version]",
			want:    `["root","feature","extra for browsers","3.1.4"]`,
		},
		{
			name: "subpath patterns",
			tree: pkg(nm+"pat", `{"name":"pat","exports":{"./*":"./lib/*.js","./utils/*":{"browser":"./lib/utils/*.browser.js","default":"./lib/utils/*.js"},"./features/*.js":"./src/features/*.js","./internal/*":null}}`, files{
				"lib/alpha.js": says("alpha"), "lib/deep/beta.js": says("deep beta"),
				"lib/utils/fmt.js": says("fmt"), "lib/utils/fmt.browser.js": says("fmt for browsers"),
				"src/features/gamma.js": says("gamma"),
			}),
			imports: "import alpha from 'pat/alpha';\nimport beta from 'pat/deep/beta';\nimport fmt from 'pat/utils/fmt';\nimport gamma from 'pat/features/gamma.js';",
			value:   "[alpha, beta, fmt, gamma]",
			want:    `["alpha","deep beta","fmt for browsers","gamma"]`,
		},
		{
			name: "imports field (#internal)",
			tree: pkg(nm+"hash", `{"name":"hash","exports":"./index.js","imports":{"#dep":{"browser":"./src/dep-browser.js","default":"./src/dep.js"},"#lib/*":"./src/lib/*.js"}}`, files{
				"index.js": "import dep from '#dep';\nimport util from '#lib/util';\nexport default [dep, util];\n", "src/dep.js": says("dep"), "src/dep-browser.js": says("dep for browsers"), "src/lib/util.js": says("util"),
			}),
			imports: "import both from 'hash';",
			value:   "both",
			want:    `["dep for browsers","util"]`,
		},
	})
}

// TestResolveMainFields covers packages without "exports": "browser",
// then "module", then "main", and the "browser" field's maps.
func TestResolveMainFields(t *testing.T) {
	nm := "app/node_modules/"
	runResolveCases(t, []resolveCase{
		{
			name:    "module over main",
			tree:    pkg(nm+"mm", `{"name":"mm","main":"./main.cjs","module":"./module.js"}`, files{"main.cjs": cjsSays("main"), "module.js": says("module")}),
			imports: "import { which } from 'mm';",
			value:   "which",
			want:    `"module"`,
		},
		{
			name:    "main only",
			tree:    pkg(nm+"mo", `{"name":"mo","main":"lib/entry"}`, files{"lib/entry.js": cjsSays("main")}),
			imports: "import { which } from 'mo';",
			value:   "which",
			want:    `"main"`,
		},
		{
			name:    "index.js with no fields",
			tree:    pkg(nm+"bare", `{"name":"bare"}`, files{"index.js": says("index")}),
			imports: "import { which } from 'bare';",
			value:   "which",
			want:    `"index"`,
		},
		{
			name:    "browser field string over module and main",
			tree:    pkg(nm+"bs", `{"name":"bs","main":"./main.js","module":"./module.js","browser":"./browser.js"}`, files{"main.js": says("main"), "module.js": says("module"), "browser.js": says("browser")}),
			imports: "import { which } from 'bs';",
			value:   "which",
			want:    `"browser"`,
		},
		{
			name: "browser field maps a file to another",
			tree: pkg(nm+"bm", `{"name":"bm","main":"./index.js","browser":{"./lib/impl.js":"./lib/impl-browser.js"}}`, files{
				"index.js": "export { which } from './lib/impl.js';\n", "lib/impl.js": says("node impl"), "lib/impl-browser.js": says("browser impl"),
			}),
			imports: "import { which } from 'bm';",
			value:   "which",
			want:    `"browser impl"`,
		},
		{
			name: "browser field maps a module to a file",
			tree: pkg(nm+"bmod", `{"name":"bmod","main":"./index.js","browser":{"node-only-dep":"./shim.js"}}`, files{
				"index.js": "export { which } from 'node-only-dep';\n", "shim.js": says("shim"),
			}),
			imports: "import { which } from 'bmod';",
			value:   "which",
			want:    `"shim"`,
		},
		{
			name: "browser field maps a file to false",
			tree: pkg(nm+"bf", `{"name":"bf","main":"./index.js","browser":{"./node-only.js":false}}`, files{
				"index.js": "import * as n from './node-only.js';\nexport const got = JSON.stringify(n);\n", "node-only.js": "export default 'node code';\n",
			}),
			imports: "import { got } from 'bf';",
			value:   "got",
			want:    `"{\"default\":{}}"`,
		},
	})
}

// TestResolveLocations covers where packages are found: nested
// node_modules first, then upward from the importing file's directory,
// then the built-in packages.
func TestResolveLocations(t *testing.T) {
	runResolveCases(t, []resolveCase{
		{
			name: "nested node_modules take precedence (two versions of a package)",
			tree: merge(
				pkg("app/node_modules/b", `{"name":"b","version":"1.0.0","main":"index.js"}`, files{"index.js": says("b@1")}),
				pkg("app/node_modules/a", `{"name":"a","version":"1.0.0","main":"index.js","dependencies":{"b":"2"}}`, files{"index.js": "export { which as bFromA } from 'b';\n"}),
				pkg("app/node_modules/a/node_modules/b", `{"name":"b","version":"2.0.0","main":"index.js"}`, files{"index.js": says("b@2")}),
			),
			imports: "import { which } from 'b';\nimport { bFromA } from 'a';",
			value:   "[which, bFromA]",
			want:    `["b@1","b@2"]`,
		},
		{
			name: "upward from the vat's directory, the nearest first",
			tree: merge(
				pkg("node_modules/far-up", `{"name":"far-up","main":"index.js"}`, files{"index.js": says("two levels up")}),
				pkg("node_modules/both", `{"name":"both","main":"index.js"}`, files{"index.js": says("both: far")}),
				pkg("app/node_modules/both", `{"name":"both","main":"index.js"}`, files{"index.js": says("both: near")}),
				files{"app/src/deep/helper.js": "export { which as helper } from 'far-up';\n"},
			),
			entry:   "app/src/deep/vat.js",
			imports: "import { which as up } from 'far-up';\nimport { which as both } from 'both';\nimport { helper } from './helper.js';",
			value:   "[up, both, helper]",
			want:    `["two levels up","both: near","two levels up"]`,
		},
		{
			name: "a dependency resolves from its own directory",
			tree: merge(
				pkg("app/node_modules/dep", `{"name":"dep","main":"index.js"}`, files{"index.js": "export { which } from 'dep-of-dep';\n"}),
				pkg("app/node_modules/dep/node_modules/dep-of-dep", `{"name":"dep-of-dep","main":"index.js"}`, files{"index.js": says("private dependency")}),
			),
			imports: "import { which } from 'dep';",
			value:   "which",
			want:    `"private dependency"`,
		},
		{
			name: "a local package overrides a built-in one",
			tree: pkg("app/node_modules/@endo/far", `{"name":"@endo/far","version":"0.0.0-fake","type":"module","exports":{".":"./index.js"}}`, files{
				"index.js": "export const whoami = 'the local @endo/far';\nexport const Far = () => 'fake Far';\n",
			}),
			imports: "import { whoami, Far } from '@endo/far';",
			value:   "[whoami, Far()]",
			want:    `["the local @endo/far","fake Far"]`,
			exo:     true,
		},
		{
			name: "a local package falls back to the built-in packages",
			tree: pkg("app/node_modules/uses-endo", `{"name":"uses-endo","type":"module","exports":"./index.js"}`, files{
				"index.js": "import { M, matches } from '@endo/patterns';\nimport { makePromiseKit } from '@endo/promise-kit';\nexport const check = (v) => [matches(v, M.string()), typeof makePromiseKit];\n",
			}),
			imports: "import { check } from 'uses-endo';",
			value:   "[...check('x'), ...check(1)]",
			want:    `[true,"function",false,"function"]`,
		},
	})
}

// TestResolveModuleKinds covers scoped packages, .mjs and .cjs files, and
// CommonJS imported from ES modules.
func TestResolveModuleKinds(t *testing.T) {
	nm := "app/node_modules/"
	runResolveCases(t, []resolveCase{
		{
			name: "scoped package and subpath",
			tree: pkg(nm+"@acme/widgets", `{"name":"@acme/widgets","exports":{".":"./index.js","./gears":"./gears/index.js"}}`, files{
				"index.js": says("@acme/widgets"), "gears/index.js": says("@acme/widgets/gears"),
			}),
			imports: "import widgets from '@acme/widgets';\nimport gears from '@acme/widgets/gears';",
			value:   "[widgets, gears]",
			want:    `["@acme/widgets","@acme/widgets/gears"]`,
		},
		{
			name: ".mjs and .cjs files",
			tree: merge(
				pkg(nm+"mjs-pkg", `{"name":"mjs-pkg","main":"./index.mjs"}`, files{"index.mjs": says("index.mjs")}),
				files{
					"app/lib/m.mjs":      says("m.mjs"),
					"app/lib/helper.cjs": "module.exports = { named: 'helper.cjs named', twice: (x) => 2 * x };\n",
				},
			),
			imports: "import { which as pkgMjs } from 'mjs-pkg';\nimport { which as m } from './lib/m.mjs';\nimport helper, { named } from './lib/helper.cjs';",
			value:   "[pkgMjs, m, named, helper.twice(4)]",
			want:    `["index.mjs","m.mjs","helper.cjs named",8]`,
		},
		{
			name: "CommonJS package imported from ESM",
			tree: pkg(nm+"left-pad", `{"name":"left-pad","version":"1.3.0","main":"index.js"}`, files{
				"index.js":    "'use strict';\nconst { fill } = require('./lib/fill');\nmodule.exports = function leftPad(s, n, c) { return fill(n - String(s).length, c === undefined ? ' ' : c) + s; };\nmodule.exports.version = require('./package.json').version;\n",
				"lib/fill.js": "exports.fill = (n, c) => (n > 0 ? c.repeat(n) : '');\n",
			}),
			imports: "import leftPad from 'left-pad';\nimport * as ns from 'left-pad';\nimport { version } from 'left-pad';",
			value:   "[leftPad('7', 3, '0'), leftPad('abc', 2), version, typeof ns.default]",
			want:    `["007","abc","1.3.0","function"]`,
		},
		{
			name:    "ESM package with type module",
			tree:    pkg(nm+"esm-only", `{"name":"esm-only","type":"module","main":"./src/index.js"}`, files{"src/index.js": "export * from './a.js';\n", "src/a.js": says("esm-only")}),
			imports: "import { which } from 'esm-only';",
			value:   "which",
			want:    `"esm-only"`,
		},
	})
}

// TestResolveBrowserFalseForPackage: "browser": {"pkg": false} must make
// the package an empty module, as it does for files and as esbuild does
// on its own.
func TestResolveBrowserFalseForPackage(t *testing.T) {
	nm := "app/node_modules/"
	runResolveCases(t, []resolveCase{
		{
			name: "installed package mapped to false",
			tree: merge(
				pkg(nm+"uses-other", `{"name":"uses-other","main":"./index.js","browser":{"other":false}}`, files{
					"index.js": "import * as other from 'other';\nexport const got = JSON.stringify(other);\n",
				}),
				pkg(nm+"other", `{"name":"other","main":"./index.js"}`, files{"index.js": "export default 'other code, which must not be bundled';\n"}),
			),
			imports: "import { got } from 'uses-other';",
			value:   "got",
			want:    `"{\"default\":{}}"`,
		},
		{
			name: "Node built-in mapped to false",
			tree: pkg(nm+"uses-fs", `{"name":"uses-fs","main":"./index.js","browser":{"fs":false,"node:path":false}}`, files{
				"index.js": "import * as fs from 'fs';\nexport const got = JSON.stringify(fs);\n",
			}),
			imports: "import { got } from 'uses-fs';",
			value:   "got",
			want:    `"{\"default\":{}}"`,
		},
	})
}

// TestEverydayPackagesAreHermetic: the built-in packages import each
// other (@endo/exo imports @endo/patterns, ...). They are extracted under
// the user's cache directory, and esbuild resolves their imports from
// there upward through node_modules before it tries NodePaths, so a
// node_modules above the cache directory (~/node_modules is common)
// replaces their dependencies. The test bundles a vat in a child process
// whose cache directory has such a node_modules above it.
func TestEverydayPackagesAreHermetic(t *testing.T) {
	home := t.TempDir()
	vatDir := t.TempDir()
	requireNoNodeModulesAbove(t, vatDir)
	write(t, home, pkg("node_modules/@endo/patterns", `{"name":"@endo/patterns","version":"0.0.0-stray","type":"module","exports":{".":"./index.js"}}`, files{
		"index.js": "export const M = { interface: () => { throw Error('a stray @endo/patterns from above the cache directory'); } };\nexport const stray = true;\n",
	}))
	write(t, vatDir, files{"vat.js": `import { makeDefaultExo } from '@metamask/kernel-utils/exo';
export function buildRootObject() {
  return makeDefaultExo('root', { get: () => 'ok' });
}
`})
	entry := filepath.Join(vatDir, "vat.js")
	child, err := runChild(t, "bundle", entry, "HOME="+home, "XDG_CACHE_HOME="+filepath.Join(home, ".cache"))
	if err != nil {
		t.Fatalf("with %s above the cache directory, bundling fails: %v", filepath.Join(home, "node_modules"), err)
	}
	if strings.Contains(child, "stray @endo/patterns") {
		t.Errorf("the bundle made with %s/node_modules above the cache directory contains that directory's @endo/patterns", home)
	}
	if ours := encode(t, mustBundle(t, entry)); string(ours) != child {
		t.Errorf("the bundle depends on node_modules above the cache directory:\n%s", firstDifference(ours, []byte(child)))
	}
}
