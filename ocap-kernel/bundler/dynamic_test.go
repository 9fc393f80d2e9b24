package bundler_test

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// importCall finds import( in code, as SES's rejection does (not after a
// single dot).
var importCall = regexp.MustCompile(`(^|[^.]|\.\.\.)\bimport\s*\(`)

// TestDynamicImportLiteral: import() with a literal specifier, in the vat
// and in its dependencies (a package and a TypeScript file), becomes
// Promise.resolve({}), as upstream's bundler makes it: the imported module
// is not bundled (it need not even exist), and awaiting gives {}.
func TestDynamicImportLiteral(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, files{
		"vat.js": `import { makeDefaultExo } from '@metamask/kernel-utils/exo';
import { lazyDep } from 'lazy-dep';
import { lazyTs } from './lib/lazy.ts';
const show = (ns) => [typeof ns, Object.getPrototypeOf(ns) === Object.prototype, JSON.stringify(ns)];
export function buildRootObject() {
  return makeDefaultExo('root', {
    relative: async () => show(await import('./x.js')),
    pkg: async () => show(await import("some-package")),
    template: async () => show(await import(` + "`./x.js`" + `)),
    spaced: async () => show(await import (
      './x.js'
    )),
    missing: async () => show(await import('./does-not-exist.js')),
    dep: async () => show(await lazyDep()),
    ts: async () => show(await lazyTs()),
    chain: () => import('./x.js').then((ns) => 'then ' + JSON.stringify(ns)),
  });
}
`,
		"x.js":                               "export const marker = 'x.js must not be bundled';\n",
		"lib/lazy.ts":                        "export const lazyTs = (): Promise<unknown> => import('../x.js');\n",
		"node_modules/lazy-dep/package.json": `{"name":"lazy-dep","type":"module","exports":"./index.js"}`,
		"node_modules/lazy-dep/index.js":     "export const lazyDep = () => import('./heavy.js');\n",
		"node_modules/lazy-dep/heavy.js":     "export const heavy = 'heavy.js must not be bundled';\n",
	})
	b := mustBundle(t, filepath.Join(dir, "vat.js"))
	if m := importCall.FindString(b.Code); m != "" {
		t.Errorf("code contains an import call %q", m)
	}
	for _, bad := range []string{"must not be bundled", "some-package"} {
		if strings.Contains(b.Code, bad) {
			t.Errorf("code contains %q", bad)
		}
	}
	v := startBundle(t, writeBundle(t, b), vatOptions{})
	for _, m := range []string{"relative", "pkg", "template", "spaced", "missing", "dep", "ts"} {
		if got := jsonOf(t, v.callValue(m)); got != `["object",true,"{}"]` {
			t.Errorf("%s: await import(...) = %s, want an empty plain object", m, got)
		}
	}
	if got := v.callString("chain"); got != "then {}" {
		t.Errorf("chain = %q", got)
	}
}

// TestDynamicImportComputed: import() of a computed specifier is left as
// it is (it cannot be resolved at bundle time); SES then refuses the
// bundle, as it refuses upstream's.
func TestDynamicImportComputed(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, files{
		"vat.js": `import { makeDefaultExo } from '@metamask/kernel-utils/exo';
export function buildRootObject() {
  const name = './x.js';
  return makeDefaultExo('root', {
    load: (n) => import(n),
    fixed: () => import(name),
    literal: () => import('./x.js'),
  });
}
`,
		"x.js": "export const x = 1;\n",
	})
	b := mustBundle(t, filepath.Join(dir, "vat.js"))
	for _, want := range []string{"import(n)", "import(name)"} {
		if !strings.Contains(b.Code, want) {
			t.Errorf("code does not contain %q", want)
		}
	}
	if strings.Contains(b.Code, "import(\"./x.js\")") || strings.Contains(b.Code, "import('./x.js')") {
		t.Errorf("the literal import('./x.js') was left in the code")
	}
	if _, err := tryStartBundle(t, writeBundle(t, b), vatOptions{}); err == nil || !strings.Contains(err.Error(), "SES_IMPORT_REJECTED") {
		t.Errorf("starting a vat with import(n): err = %v, want SES's import rejection", err)
	}
}

// TestDynamicImportLeavesMethodsNamedImport: only import() expressions
// are replaced; a method named import (a loader's, a Compartment's)
// called with a literal is ordinary code, which SES accepts.
func TestDynamicImportLeavesMethodsNamedImport(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, files{"vat.js": `import { makeDefaultExo } from '@metamask/kernel-utils/exo';
const loader = harden({ import: (specifier) => 'loaded ' + specifier });
export function buildRootObject() {
  return makeDefaultExo('root', { get: () => loader.import('./x.js') });
}
`})
	b := mustBundle(t, filepath.Join(dir, "vat.js"))
	if !strings.Contains(b.Code, `loader.import("./x.js")`) {
		t.Errorf("code does not call loader.import(\"./x.js\")")
	}
	v := startBundle(t, writeBundle(t, b), vatOptions{})
	a := v.deliver("o+0", "get")
	if a.rejected {
		t.Fatalf("get rejected: %s", a.data.Body)
	}
	if got := decodeBody(t, a.data); got != "loaded ./x.js" {
		t.Errorf("get = %v, want loaded ./x.js", got)
	}
}

// TestDynamicImportInBrowserDisabledFile: a file that the "browser" field
// maps to false is an empty module, even when it contains import().
func TestDynamicImportInBrowserDisabledFile(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, merge(
		pkg("node_modules/iso", `{"name":"iso","main":"./index.js","browser":{"./node.js":false}}`, files{
			"index.js": "import * as node from './node.js';\nexport const got = JSON.stringify(node);\n",
			"node.js":  "export default 'node code, which must not be bundled';\nexport const load = () => import('node:fs');\n",
		}),
		files{"vat.js": resolveCase{imports: "import { got } from 'iso';", value: "got"}.vatSource()},
	))
	b := mustBundle(t, filepath.Join(dir, "vat.js"))
	if strings.Contains(b.Code, "must not be bundled") {
		t.Errorf("code contains the disabled file")
	}
	v := startBundle(t, writeBundle(t, b), vatOptions{})
	if got := v.callString("get"); got != `{"default":{}}` {
		t.Errorf("the disabled module is %s, want an empty module", got)
	}
}
