package bundler_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dop251/goja"

	kernelutils "github.com/ocap-kernel/ocap-go/kernel-utils"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/bundler"
)

// write creates files (name -> content) under dir.
func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// evaluate runs a bundle the way the kernel does, with a fake
// globalThis.__ocap, and returns the namespace.
func evaluate(t *testing.T, b *kernelutils.VatBundle) (*goja.Runtime, *goja.Object) {
	t.Helper()
	vm := goja.New()
	if _, err := vm.RunString(`globalThis.__ocap = {
		E: (x) => x, Far: (i, m) => m, makeDefaultExo: (i, m) => ({iface: i, ...m}),
		makeDiscoverableExo: (i, m) => m, getInterfaceOf: () => 'x', passStyleOf: () => 'x', Remotable: () => ({}) };`); err != nil {
		t.Fatal(err)
	}
	ns, err := vm.RunString("(function(){" + b.Code + "\n;return __vatExports__;})()")
	if err != nil {
		t.Fatalf("evaluate bundle: %v\n%s", err, b.Code)
	}
	return vm, ns.ToObject(vm)
}

func TestBundle(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"vat.js": `
import { E } from '@endo/eventual-send';
import { Far } from '@endo/far';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';
import { makeDiscoverableExo } from '@metamask/kernel-utils';
import { twice } from './lib/util.js';
// a comment that must not survive
/*! a legal comment that must not survive either */
export function buildRootObject() {
  return makeDefaultExo('root', { twice, env: () => process.env.NODE_ENV, e: () => E, far: () => typeof Far + typeof makeDiscoverableExo });
}
export const version = 2;
`,
		"lib/util.js": `export const twice = (x) => x * 2; class P { #x = 1n; get x() { return this.#x; } } export const p = new P();`,
	})
	b, err := bundler.Bundle(context.Background(), filepath.Join(dir, "vat.js"))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("format", func(t *testing.T) {
		if b.ModuleFormat != "iife" || !slices.Equal(b.Exports, []string{"buildRootObject", "version"}) || b.External == nil || len(b.External) != 0 {
			t.Fatalf("bundle = %q %v %v", b.ModuleFormat, b.Exports, b.External)
		}
		if !strings.HasPrefix(b.Code, "\"use strict\";\nvar __vatExports__ = ") {
			t.Fatalf("code starts %q", b.Code[:min(60, len(b.Code))])
		}
		for _, bad := range []string{"must not survive", dir, "process.env"} {
			if strings.Contains(b.Code, bad) {
				t.Errorf("code contains %q", bad)
			}
		}
		if err := b.Validate(); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("runs", func(t *testing.T) {
		vm, ns := evaluate(t, b)
		build, ok := goja.AssertFunction(ns.Get("buildRootObject"))
		if !ok {
			t.Fatal("no buildRootObject")
		}
		root, err := build(goja.Undefined())
		if err != nil {
			t.Fatal(err)
		}
		r := root.ToObject(vm)
		if got := r.Get("iface").String(); got != "root" {
			t.Errorf("iface = %q", got)
		}
		twice, _ := goja.AssertFunction(r.Get("twice"))
		if v, _ := twice(goja.Undefined(), vm.ToValue(21)); v.ToInteger() != 42 {
			t.Errorf("twice(21) = %v", v)
		}
		env, _ := goja.AssertFunction(r.Get("env"))
		if v, _ := env(goja.Undefined()); v.String() != "production" {
			t.Errorf("NODE_ENV = %v", v)
		}
		if ns.Get("version").ToInteger() != 2 {
			t.Errorf("version = %v", ns.Get("version"))
		}
	})
	t.Run("strict", func(t *testing.T) {
		write(t, dir, map[string]string{"strict.js": `export function buildRootObject() { const o = Object.freeze({a: 1}); o.a = 2; return o; }`})
		sb, err := bundler.Bundle(context.Background(), filepath.Join(dir, "strict.js"))
		if err != nil {
			t.Fatal(err)
		}
		_, ns := evaluate(t, sb)
		build, _ := goja.AssertFunction(ns.Get("buildRootObject"))
		if _, err := build(goja.Undefined()); err == nil || !strings.Contains(err.Error(), "TypeError") {
			t.Fatalf("assigning to a frozen object: err = %v, want a TypeError (strict mode)", err)
		}
	})
}

func TestBundleDeterministic(t *testing.T) {
	src := map[string]string{
		"a.js":       `import { b } from './sub/b.js'; export const buildRootObject = () => b;`,
		"sub/b.js":   `export const b = 'b';`,
		"extra.json": `{}`,
	}
	d1, d2 := t.TempDir(), filepath.Join(t.TempDir(), "deeper", "still")
	write(t, d1, src)
	write(t, d2, src)
	b1, err := bundler.Bundle(context.Background(), filepath.Join(d1, "a.js"))
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		b2, err := bundler.Bundle(context.Background(), filepath.Join(d2, "a.js"))
		if err != nil {
			t.Fatal(err)
		}
		e1, _ := bundler.Encode(b1)
		e2, _ := bundler.Encode(b2)
		if string(e1) != string(e2) {
			t.Fatalf("bundles differ:\n%s\n%s", e1, e2)
		}
	}
}

func TestBundleTypeScript(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"vat.ts": `import { makeDefaultExo } from '@metamask/kernel-utils/exo';
import type { Thing } from './types.ts';
import { label } from './label.ts';
export function buildRootObject(_p: unknown, params: { name?: string }): Thing {
  const n: string = params.name ?? 'ts';
  return makeDefaultExo('root', { hello: (from: string): string => label(n, from) });
}`,
		"types.ts": `export interface Thing { [k: string]: unknown }`,
		"label.ts": `export const label = (a: string, b: string): string => a + ':' + b;`,
	})
	b, err := bundler.Bundle(context.Background(), filepath.Join(dir, "vat.ts"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(b.Exports, []string{"buildRootObject"}) || strings.Contains(b.Code, ": string") {
		t.Fatalf("exports %v, code:\n%s", b.Exports, b.Code)
	}
	vm, ns := evaluate(t, b)
	build, _ := goja.AssertFunction(ns.Get("buildRootObject"))
	root, err := build(goja.Undefined(), goja.Undefined(), vm.ToValue(map[string]any{"name": "x"}))
	if err != nil {
		t.Fatal(err)
	}
	hello, _ := goja.AssertFunction(root.ToObject(vm).Get("hello"))
	if v, _ := hello(goja.Undefined(), vm.ToValue("y")); v.String() != "x:y" {
		t.Fatalf("hello = %v", v)
	}
}

func TestBundleErrors(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"bare.js":        `import _ from 'lodash'; export const buildRootObject = () => _;`,
		"deep.js":        `import { x } from './lib/uses-fs.js'; export const buildRootObject = () => x;`,
		"lib/uses-fs.js": `import { readFileSync } from 'node:fs'; export const x = readFileSync;`,
		"endo.js":        `import { M } from '@endo/patterns'; export const buildRootObject = () => M;`,
		"missing.js":     `import { y } from './nope.js'; export const buildRootObject = () => y;`,
		"syntax.js":      `export function buildRootObject( {`,
		"noexport.js":    `import { nothing } from '@endo/far'; export const buildRootObject = () => nothing;`,
	})
	tests := []struct {
		file string
		want []string
	}{
		{"bare.js", []string{`cannot import "lodash" from bare.js`, "bare.js:1:"}},
		{"deep.js", []string{`cannot import "node:fs" from lib/uses-fs.js`}},
		{"endo.js", []string{`cannot import "@endo/patterns" from endo.js`, "@endo/far"}},
		{"missing.js", []string{"./nope.js"}},
		{"syntax.js", []string{"syntax.js:1:"}},
		{"noexport.js", []string{`"nothing"`}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := bundler.Bundle(context.Background(), filepath.Join(dir, tt.file))
			var be *bundler.Error
			if !errors.As(err, &be) {
				t.Fatalf("err = %v, want *bundler.Error", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
	t.Run("no such file", func(t *testing.T) {
		if _, err := bundler.Bundle(context.Background(), filepath.Join(dir, "absent.js")); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := bundler.Bundle(ctx, filepath.Join(dir, "missing.js")); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestBundleFileAndDir(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"a.js":          `export const buildRootObject = () => 1;`,
		"b.ts":          `export const buildRootObject = (): number => 2;`,
		"types.d.ts":    `export type X = number;`,
		"notes.txt":     `not a vat`,
		"sub/c.js":      `export const buildRootObject = () => 3;`,
		"sub/deeper.js": `export const x = 1;`,
	})
	out, size, err := bundler.BundleFile(context.Background(), filepath.Join(dir, "a.js"))
	if err != nil {
		t.Fatal(err)
	}
	if out != filepath.Join(dir, "a.bundle") {
		t.Fatalf("out = %s", out)
	}
	data, err := os.ReadFile(out)
	if err != nil || len(data) != size {
		t.Fatalf("read %s: %d bytes, %v; size %d", out, len(data), err, size)
	}
	if _, err := kernelutils.ParseVatBundle(data); err != nil {
		t.Fatal(err)
	}
	outs, err := bundler.BundleDir(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range outs {
		names = append(names, filepath.Base(o.Path))
	}
	if !slices.Equal(names, []string{"a.bundle", "b.bundle"}) {
		t.Fatalf("BundleDir wrote %v", names)
	}
	if _, err := os.Stat(filepath.Join(dir, "sub", "c.bundle")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("BundleDir recursed: %v", err)
	}
}

// TestExampleVats bundles every example vat of the repository.
func TestExampleVats(t *testing.T) {
	outs := t.TempDir()
	matches, err := filepath.Glob(filepath.Join("..", "..", "examples", "vats", "*.js"))
	if err != nil || len(matches) == 0 {
		t.Fatalf("no example vats found: %v", err)
	}
	for _, src := range matches {
		t.Run(filepath.Base(src), func(t *testing.T) {
			b, err := bundler.Bundle(context.Background(), src)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(b.Exports, "buildRootObject") {
				t.Fatalf("exports = %v", b.Exports)
			}
			data, err := bundler.Encode(b)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(outs, filepath.Base(bundler.OutputPath(src))), data, 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
}
