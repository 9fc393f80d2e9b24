// Package bundler turns a vat's JavaScript or TypeScript source into the
// upstream vat bundle format ({moduleFormat:"iife", code, exports,
// external}) with esbuild's Go API, so that vats bundle without Node.
//
// The bundle's code is one strict-mode script that defines
// `var __vatExports__`, the entry module's namespace; the kernel evaluates
// it as `(function(){ <code>; return __vatExports__; })()`. Relative
// imports are bundled. Imports of @endo/far, @endo/eventual-send,
// @metamask/kernel-utils, @metamask/kernel-utils/exo and
// @metamask/kernel-utils/discoverable resolve to small built-in shims that
// re-export what the vat runtime (package jsvat) provides on
// globalThis.__ocap, so vat source written for the upstream kernel bundles
// unchanged. Any other bare import fails, naming the import and the file
// that imports it: a vat bundle is self-contained.
//
// Output is deterministic: the same sources give byte-identical bundles
// wherever they live on disk (esbuild's per-file marker comments name files
// relative to the entry's directory; other comments are stripped).
package bundler

import (
	"bytes"
	"context"
	"embed"
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

//go:embed shims/*.js
var shimFS embed.FS

// shimNamespace is esbuild's namespace for the built-in shim modules.
const shimNamespace = "vat-shim"

// shims maps the import specifiers a vat may use to their built-in source.
var shims = map[string]string{
	"@endo/far":                           "shims/far.js",
	"@endo/eventual-send":                 "shims/eventual-send.js",
	"@metamask/kernel-utils":              "shims/kernel-utils.js",
	"@metamask/kernel-utils/exo":          "shims/kernel-utils-exo.js",
	"@metamask/kernel-utils/discoverable": "shims/kernel-utils-discoverable.js",
}

// Shims returns the bare import specifiers that resolve to built-in shims,
// sorted.
func Shims() []string {
	out := make([]string, 0, len(shims))
	for k := range shims {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

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
func options(abs string, format api.Format) api.BuildOptions {
	return api.BuildOptions{
		EntryPoints:   []string{abs},
		AbsWorkingDir: filepath.Dir(abs),
		Bundle:        true,
		Write:         false,
		Metafile:      format == api.FormatESModule,
		Format:        format,
		GlobalName:    GlobalName,
		// ES modules are strict; esbuild's IIFE output is not unless told.
		Banner:        map[string]string{"js": `"use strict";`},
		Platform:      api.PlatformNeutral,
		Target:        api.ESNext,
		Supported:     map[string]bool{"async-generator": false, "for-await": false}, // what goja lacks
		LegalComments: api.LegalCommentsNone,
		Define:        map[string]string{"process.env.NODE_ENV": `"production"`},
		Charset:       api.CharsetUTF8,
		LogLevel:      api.LogLevelSilent,
		Plugins:       []api.Plugin{shimPlugin(filepath.Dir(abs))},
	}
}

// build runs esbuild, honouring ctx, and returns the single output file.
func build(ctx context.Context, entry, abs string, format api.Format) (string, error) {
	res, err := run(ctx, entry, options(abs, format))
	if err != nil {
		return "", err
	}
	if len(res.OutputFiles) != 1 {
		return "", fmt.Errorf("bundle %s: esbuild produced %d outputs, want 1", entry, len(res.OutputFiles))
	}
	return string(res.OutputFiles[0].Contents), nil
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
	res, err := run(ctx, entry, options(abs, api.FormatESModule))
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
		out = append(out, text)
	}
	return out
}

// shimPlugin resolves the shimmed packages to the embedded shims and
// refuses every other bare import.
func shimPlugin(root string) api.Plugin {
	return api.Plugin{Name: "vat-shims", Setup: func(b api.PluginBuild) {
		// Anything that is not relative or absolute is a package import.
		b.OnResolve(api.OnResolveOptions{Filter: `^[^./]`}, func(a api.OnResolveArgs) (api.OnResolveResult, error) {
			if _, ok := shims[a.Path]; ok {
				return api.OnResolveResult{Path: a.Path, Namespace: shimNamespace}, nil
			}
			return api.OnResolveResult{}, fmt.Errorf("cannot import %q from %s: a vat bundle may only import relative modules and the built-in shims %s",
				a.Path, importerName(root, a.Importer), strings.Join(Shims(), ", "))
		})
		b.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: shimNamespace}, func(a api.OnLoadArgs) (api.OnLoadResult, error) {
			src, err := shimFS.ReadFile(shims[a.Path])
			if err != nil {
				return api.OnLoadResult{}, fmt.Errorf("shim %s: %w", a.Path, err)
			}
			s := string(src)
			return api.OnLoadResult{Contents: &s, Loader: api.LoaderJS}, nil
		})
	}}
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
