// Package bundler turns a vat's JavaScript or TypeScript source into the
// upstream vat bundle format ({moduleFormat:"iife", code, exports,
// external}) with esbuild's Go API, so that vats bundle without Node.
//
// The bundle's code is one strict-mode script that defines
// `var __vatExports__`, the entry module's namespace; the vat supervisor
// evaluates it in the vat's Compartment as
// `(function(){ <code>; return __vatExports__; })()`.
//
// Imports resolve as Node resolves them, as upstream's bundler (vite) does
// for the browser: relative files (.js, .ts, .json, ...), and bare
// specifiers through node_modules from the importing file's directory
// upward, honouring package.json exports and their conditions ("browser",
// "module", "import", "production", "default") and the "browser" field.
// Packages that no node_modules provides are taken from copies built into
// this binary (see Everyday): the kernel's everyday vat packages, so a vat
// that imports only those bundles with no node_modules at all. As
// upstream does, `import('literal')` becomes `Promise.resolve({})` and
// process.env.NODE_ENV is "production"; comments are dropped.
//
// Output is deterministic: the same sources give byte-identical bundles
// wherever they live on disk (esbuild's per-file marker comments name
// files relative to the entry's directory).
package bundler

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/evanw/esbuild/pkg/api"

	kernelutils "github.com/ocap-kernel/ocap-go/kernel-utils"
)

// Extension is the file extension of bundle files.
const Extension = ".bundle"

// GlobalName is the variable a bundle's code assigns the vat namespace to.
const GlobalName = "__vatExports__"

// Error is a failed bundle: the entry and esbuild's messages, each with
// its file, line and column when known.
type Error struct {
	Entry    string
	Messages []string
}

func (e *Error) Error() string {
	return fmt.Sprintf("bundle %s: %s", e.Entry, strings.Join(e.Messages, "; "))
}

// Bundle bundles the vat source file entry (.js, .mjs, .ts, ...) and its
// relative imports into a vat bundle. Bundling errors are *Error.
func Bundle(ctx context.Context, entry string) (*kernelutils.VatBundle, error) {
	abs, err := filepath.Abs(entry)
	if err != nil {
		return nil, fmt.Errorf("bundle %s: %w", entry, err)
	}
	if st, err := os.Stat(abs); err != nil {
		return nil, fmt.Errorf("bundle %s: %w", entry, err)
	} else if st.IsDir() {
		return nil, fmt.Errorf("bundle %s: is a directory", entry)
	}
	code, err := build(ctx, entry, abs, api.FormatIIFE)
	if err != nil {
		return nil, err
	}
	exports, err := exportNames(ctx, entry, abs)
	if err != nil {
		return nil, err
	}
	return &kernelutils.VatBundle{
		ModuleFormat: kernelutils.VatBundleFormat,
		Code:         code,
		Exports:      exports,
		External:     []string{},
	}, nil
}

// options are the esbuild options shared by the bundle and the export scan.
func options(abs string, format api.Format, nodePaths []string) api.BuildOptions {
	return api.BuildOptions{
		EntryPoints:   []string{abs},
		AbsWorkingDir: filepath.Dir(abs),
		Bundle:        true,
		Write:         false,
		Metafile:      true,
		Format:        format,
		GlobalName:    GlobalName,
		// ES modules are strict; esbuild's IIFE output is not unless told.
		Banner:        map[string]string{"js": `"use strict";`},
		Platform:      api.PlatformBrowser,
		Conditions:    []string{"module", "production"},
		Target:        api.ES2022,
		LegalComments: api.LegalCommentsNone,
		Define:        map[string]string{"process.env.NODE_ENV": `"production"`},
		Charset:       api.CharsetUTF8,
		LogLevel:      api.LogLevelSilent,
		NodePaths:     nodePaths,
		Plugins:       []api.Plugin{resolvePlugin(filepath.Dir(abs), nodePaths)},
	}
}

// build runs esbuild, honouring ctx, and returns the single output file.
func build(ctx context.Context, entry, abs string, format api.Format) (string, error) {
	dir, err := Everyday()
	if err != nil {
		return "", fmt.Errorf("bundle %s: %w", entry, err)
	}
	res, err := run(ctx, entry, options(abs, format, []string{dir}))
	if err != nil {
		return "", err
	}
	if len(res.OutputFiles) != 1 {
		return "", fmt.Errorf("bundle %s: esbuild produced %d outputs, want 1", entry, len(res.OutputFiles))
	}
	code, err := stripFileComments(string(res.OutputFiles[0].Contents), res.Metafile)
	if err != nil {
		return "", fmt.Errorf("bundle %s: %w", entry, err)
	}
	code, err = stripComments(code)
	if err != nil {
		return "", fmt.Errorf("bundle %s: %w", entry, err)
	}
	return code, nil
}

// stripFileComments removes the "// <path>" line esbuild writes before
// each module: paths of files outside the vat's directory (the built-in
// packages, a node_modules higher up) would make the bundle depend on
// where it was built, and upstream's bundles have no such lines.
func stripFileComments(code, metafile string) (string, error) {
	var meta struct {
		Inputs map[string]json.RawMessage `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(metafile), &meta); err != nil {
		return "", fmt.Errorf("read esbuild metafile: %w", err)
	}
	marks := make(map[string]bool, len(meta.Inputs))
	for in := range meta.Inputs {
		marks["// "+in] = true
	}
	lines := strings.SplitAfter(code, "\n")
	out := lines[:0]
	for _, l := range lines {
		if marks[strings.TrimSpace(l)] {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, ""), nil
}

func run(ctx context.Context, entry string, opts api.BuildOptions) (api.BuildResult, error) {
	if err := ctx.Err(); err != nil {
		return api.BuildResult{}, fmt.Errorf("bundle %s: %w", entry, err)
	}
	bctx, cerr := api.Context(opts)
	if cerr != nil {
		return api.BuildResult{}, &Error{Entry: entry, Messages: messages(cerr.Errors)}
	}
	defer bctx.Dispose()
	stop := context.AfterFunc(ctx, bctx.Cancel)
	res := bctx.Rebuild()
	stop()
	if err := ctx.Err(); err != nil {
		return api.BuildResult{}, fmt.Errorf("bundle %s: %w", entry, err)
	}
	if len(res.Errors) > 0 {
		return api.BuildResult{}, &Error{Entry: entry, Messages: messages(res.Errors)}
	}
	return res, nil
}

// exportNames lists the entry module's exports, sorted. esbuild records
// them in the metafile only for ES module output, so this runs a second,
// ESM build of the same graph (a few milliseconds).
func exportNames(ctx context.Context, entry, abs string) ([]string, error) {
	dir, err := Everyday()
	if err != nil {
		return nil, fmt.Errorf("bundle %s: %w", entry, err)
	}
	res, err := run(ctx, entry, options(abs, api.FormatESModule, []string{dir}))
	if err != nil {
		return nil, err
	}
	var meta struct {
		Outputs map[string]struct {
			EntryPoint string   `json:"entryPoint"`
			Exports    []string `json:"exports"`
		} `json:"outputs"`
	}
	if err := json.Unmarshal([]byte(res.Metafile), &meta); err != nil {
		return nil, fmt.Errorf("bundle %s: read esbuild metafile: %w", entry, err)
	}
	for _, out := range meta.Outputs {
		if out.EntryPoint != "" {
			names := slices.Clone(out.Exports)
			if names == nil {
				names = []string{}
			}
			sort.Strings(names)
			return names, nil
		}
	}
	return nil, fmt.Errorf("bundle %s: esbuild metafile has no entry point output", entry)
}

func messages(msgs []api.Message) []string {
	out := make([]string, 0, len(msgs))
	for _, m := range msgs {
		text := m.Text
		if l := m.Location; l != nil && l.File != "" {
			text = fmt.Sprintf("%s:%d:%d: %s", l.File, l.Line, l.Column+1, text)
		}
		for _, n := range m.Notes {
			// esbuild's suggestions to mark paths external do not apply:
			// a vat bundle is self-contained.
			if n.Text != "" && !strings.Contains(n.Text, "as external") {
				text += " (" + strings.TrimSuffix(n.Text, ":") + ")"
			}
		}
		out = append(out, text)
	}
	return out
}

// resolvePlugin lets esbuild resolve every bare import as Node does
// (its own resolution, with the "browser" field's disabled modules), and
// turns a failure into an error that names the import, the importing file
// and where the package was looked for. Literal dynamic imports resolve to
// an empty module, as upstream's bundler replaces them with
// Promise.resolve({}): a bundle is one script, and SES refuses import().
func resolvePlugin(root string, nodePaths []string) api.Plugin {
	return api.Plugin{Name: "vat-resolve", Setup: func(b api.PluginBuild) {
		b.OnResolve(api.OnResolveOptions{Filter: `.*`}, func(a api.OnResolveArgs) (api.OnResolveResult, error) {
			if a.Kind == api.ResolveJSDynamicImport {
				return api.OnResolveResult{Path: "empty", Namespace: dynamicNamespace}, nil
			}
			return api.OnResolveResult{}, nil
		})
		b.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: dynamicNamespace}, func(api.OnLoadArgs) (api.OnLoadResult, error) {
			empty := "export {};"
			return api.OnLoadResult{Contents: &empty, Loader: api.LoaderJS}, nil
		})
		b.OnResolve(api.OnResolveOptions{Filter: `^[^./]`}, func(a api.OnResolveArgs) (api.OnResolveResult, error) {
			if a.PluginData == resolving || a.Kind == api.ResolveJSDynamicImport {
				return api.OnResolveResult{}, nil
			}
			r := b.Resolve(a.Path, api.ResolveOptions{
				Importer: a.Importer, ResolveDir: a.ResolveDir, Kind: a.Kind,
				Namespace: a.Namespace, PluginData: resolving, With: a.With,
			})
			if len(r.Errors) == 0 {
				// Resolvable: esbuild resolves it again itself, keeping
				// what a plugin's result cannot say (a module the
				// "browser" field disables).
				return api.OnResolveResult{}, nil
			}
			if err := resolveFailure(root, a.Path, a.Importer, a.ResolveDir, nodePaths, r.Errors); err != nil {
				return api.OnResolveResult{}, err
			}
			// The package is there but not the path inside it: esbuild's
			// own error says why (not exported, no such file).
			return api.OnResolveResult{}, nil
		})
	}}
}

// dynamicNamespace holds the empty module literal dynamic imports load.
const dynamicNamespace = "ocap-dynamic-import"

// resolving marks the plugin's own resolve calls.
const resolving = "ocap-go:resolving"

// resolveFailure explains an import that cannot be resolved, or answers
// nil when its package exists (esbuild's own error then explains what
// inside the package is missing).
func resolveFailure(root, spec, importer, dir string, nodePaths []string, errs []api.Message) error {
	name := packageName(spec)
	from := importerName(root, importer)
	if isNodeBuiltin(name) {
		return fmt.Errorf("cannot import %q from %s: it is a Node.js built-in module, which vats do not have", spec, from)
	}
	var looked []string
	for d := dir; ; d = filepath.Dir(d) {
		looked = append(looked, filepath.Join(d, "node_modules"))
		if filepath.Dir(d) == d {
			break
		}
	}
	for _, nm := range append(looked, nodePaths...) {
		if st, err := os.Stat(filepath.Join(nm, filepath.FromSlash(name), "package.json")); err == nil && st.Mode().IsRegular() {
			return nil
		}
	}
	shown := make([]string, len(looked))
	for i, nm := range looked {
		shown[i] = filepath.Join(nm, filepath.FromSlash(name))
	}
	return fmt.Errorf("cannot import %q from %s: no package %q in %s, and it is not one of the packages built into ocap (%s)",
		spec, from, name, strings.Join(shown, ", "), strings.Join(EverydayPackages(), ", "))
}

// packageName is the package part of a bare specifier ("@a/b/c" -> "@a/b").
func packageName(spec string) string {
	parts := strings.SplitN(spec, "/", 3)
	if strings.HasPrefix(spec, "@") && len(parts) >= 2 {
		return parts[0] + "/" + parts[1]
	}
	return parts[0]
}

func isNodeBuiltin(name string) bool {
	if strings.HasPrefix(name, "node:") {
		return true
	}
	switch name {
	case "assert", "async_hooks", "buffer", "child_process", "cluster", "console", "constants", "crypto",
		"dgram", "diagnostics_channel", "dns", "domain", "events", "fs", "http", "http2", "https", "inspector",
		"module", "net", "os", "path", "perf_hooks", "process", "punycode", "querystring", "readline", "repl",
		"stream", "string_decoder", "sys", "timers", "tls", "trace_events", "tty", "url", "util", "v8", "vm",
		"wasi", "worker_threads", "zlib":
		return true
	}
	return false
}

// importerName names the importing file relative to the entry's
// directory when possible, so messages stay short.
func importerName(root, importer string) string {
	if importer == "" {
		return "the entry point"
	}
	if rel, err := filepath.Rel(root, importer); err == nil {
		return filepath.ToSlash(rel)
	}
	return importer
}

// BundleFile bundles path and writes <dir>/<name without extension>.bundle
// next to it, returning the bundle's path and size in bytes.
func BundleFile(ctx context.Context, path string) (outPath string, size int, err error) {
	b, err := Bundle(ctx, path)
	if err != nil {
		return "", 0, err
	}
	data, err := Encode(b)
	if err != nil {
		return "", 0, fmt.Errorf("bundle %s: encode: %w", path, err)
	}
	outPath = OutputPath(path)
	if err := writeFileAtomic(outPath, data); err != nil {
		return "", 0, fmt.Errorf("bundle %s: %w", path, err)
	}
	return outPath, len(data), nil
}

// Encode writes a bundle as JSON, without encoding/json's HTML escaping
// (so "&&" in code stays readable), with a trailing newline.
func Encode(b *kernelutils.VatBundle) ([]byte, error) {
	type file struct {
		ModuleFormat string   `json:"moduleFormat"`
		Code         string   `json:"code"`
		Exports      []string `json:"exports"`
		External     []string `json:"external"`
	}
	f := file{ModuleFormat: b.ModuleFormat, Code: b.Code, Exports: b.Exports, External: b.External}
	if f.Exports == nil {
		f.Exports = []string{}
	}
	if f.External == nil {
		f.External = []string{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// OutputPath is where BundleFile writes the bundle of path.
func OutputPath(path string) string {
	return strings.TrimSuffix(path, filepath.Ext(path)) + Extension
}

// Output is one bundle written by BundleDir.
type Output struct {
	Source string
	Path   string
	Size   int
}

// BundleDir bundles every .js and .ts file directly in dir (not in
// subdirectories), in name order. It stops at the first failure; the
// bundles written before it are returned with the error.
func BundleDir(ctx context.Context, dir string) ([]Output, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("bundle directory %s: %w", dir, err)
	}
	var out []Output
	for _, e := range entries {
		if !e.Type().IsRegular() || !isSource(e.Name()) {
			continue
		}
		src := filepath.Join(dir, e.Name())
		p, n, err := BundleFile(ctx, src)
		if err != nil {
			return out, err
		}
		out = append(out, Output{Source: src, Path: p, Size: n})
	}
	return out, nil
}

func isSource(name string) bool {
	if strings.HasSuffix(name, ".d.ts") {
		return false
	}
	ext := filepath.Ext(name)
	return ext == ".js" || ext == ".ts"
}

// writeFileAtomic writes through a temporary file and a rename, so a
// watcher or a kernel reading the bundle never sees half a file.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
