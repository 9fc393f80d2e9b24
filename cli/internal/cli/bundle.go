package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/bundler"
)

func init() { registerCommands(addBundleCommands) }

const bundleLong = `Bundle vat source code into vat bundles that the kernel can launch.

Each target is a source file or a directory. A file is bundled to
<same directory>/<name without extension>.bundle (a.js -> a.bundle); a
directory bundles every .js and .ts file directly inside it (not in
subdirectories; .d.ts files are skipped). Targets are bundled in parallel.

A bundle is the upstream JSON format {moduleFormat:"iife", code, exports,
external}, built with esbuild; it runs on this kernel and on upstream's.
Imports resolve as Node resolves them: relative files (.js, .ts, .json, ...)
and packages from node_modules, searched from the importing file's directory
upward, with package.json "exports" and its conditions ("browser", "module",
"import", "default"). Packages no node_modules provides are taken from copies
built into ocap: @endo/far, @endo/eventual-send, @endo/promise-kit,
@endo/exo, @endo/patterns, @agoric/store and @metamask/kernel-utils (with
/exo, /discoverable and /described), and the packages they import
(@endo/marshal, @endo/pass-style, @endo/errors, @endo/nat, @endo/common,
@endo/env-options), so a vat that imports only those needs no node_modules
at all. As upstream's bundler does, import('literal') becomes
Promise.resolve({}) and comments are removed. A package that cannot be found
is an error naming the import, the importing file and where it was looked
for.

Progress lines ("Bundling directory: <dir>", "Wrote <path>: <n> bytes") go to
stdout, errors to stderr. Every target is attempted; if any fails the exit
status is 1.`

const bundleExample = `  # One vat
  ocap bundle vats/counter.js

  # Every .js/.ts file in a directory, plus one more file
  ocap bundle vats/ extra/alice.ts`

func addBundleCommands(root *cobra.Command) {
	root.AddCommand(&cobra.Command{
		Use:     "bundle <targets..>",
		Short:   "Bundle vat source files or directories into .bundle files",
		Long:    bundleLong,
		Example: bundleExample,
		Args:    cobra.MinimumNArgs(1),
		RunE:    runBundle,
	})
}

func runBundle(cmd *cobra.Command, targets []string) error {
	stderr := cmd.ErrOrStderr()
	logger := newCLILogger(cmd.OutOrStdout(), stderr)

	var sources []string
	seen := make(map[string]bool)
	failed := false
	for _, target := range targets {
		files, err := bundleTargetSources(target, logger)
		if err != nil {
			fmt.Fprintf(stderr, "Error: %v\n", err)
			failed = true
			continue
		}
		for _, f := range files {
			if !seen[f] {
				seen[f] = true
				sources = append(sources, f)
			}
		}
	}

	errs := bundleSources(cmd.Context(), sources, logger)
	for _, err := range errs {
		fmt.Fprintf(stderr, "Error: %v\n", err)
	}
	if failed || len(errs) > 0 {
		return exitWith(1)
	}
	return nil
}

// bundleTargetSources expands one `ocap bundle` target into absolute source
// paths: the file itself, or the sources directly inside a directory (the
// "Bundling directory" line is logged then).
func bundleTargetSources(target string, logger *slog.Logger) ([]string, error) {
	abs, err := filepath.Abs(target)
	if err != nil {
		return nil, fmt.Errorf("bundle %s: %w", target, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("bundle %s: %w", target, err)
	}
	if !st.IsDir() {
		return []string{abs}, nil
	}
	logger.Info("Bundling directory: " + target)
	files, err := dirSources(abs)
	if err != nil {
		return nil, fmt.Errorf("bundle directory %s: %w", target, err)
	}
	if len(files) == 0 {
		logger.Warn("No .js or .ts files in " + target)
	}
	return files, nil
}

// dirSources lists the files that `ocap bundle <dir>` bundles: .js and .ts
// files directly in dir (symbolic links followed), .d.ts excluded, sorted.
// It is the rule bundler.BundleDir applies; the CLI lists the files itself
// so that it can bundle them in parallel and report every failure.
func dirSources(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if !isBundleSource(e.Name()) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if e.Type()&os.ModeSymlink != 0 {
			st, err := os.Stat(p)
			if err != nil || !st.Mode().IsRegular() {
				continue // dangling link or link to a directory
			}
		} else if !e.Type().IsRegular() {
			continue
		}
		out = append(out, p)
	}
	sort.Strings(out)
	return out, nil
}

// isBundleSource reports whether name is a source file that `ocap bundle`
// picks from a directory.
func isBundleSource(name string) bool {
	if strings.HasSuffix(name, ".d.ts") {
		return false
	}
	ext := filepath.Ext(name)
	return ext == ".js" || ext == ".ts"
}

// bundleSources bundles each source next to itself, at most GOMAXPROCS at a
// time, logging "Wrote <path>: <n> bytes" for each bundle written. It
// returns every failure, in source order; once ctx is done the remaining
// sources are not started and ctx's error is among the failures.
func bundleSources(ctx context.Context, sources []string, logger *slog.Logger) []error {
	errs := make([]error, len(sources))
	complete := forEachBounded(ctx, sources, func(i int, src string) {
		out, n, err := bundler.BundleFile(ctx, src)
		if err != nil {
			errs[i] = err
			return
		}
		logger.Info(fmt.Sprintf("Wrote %s: %d bytes", out, n))
	})
	var out []error
	for _, err := range errs {
		if err != nil {
			out = append(out, err)
		}
	}
	if !complete {
		out = append(out, fmt.Errorf("bundling interrupted: %w", ctx.Err()))
	}
	return out
}

// forEachBounded calls fn for every item with at most GOMAXPROCS calls in
// flight, and returns when all started calls have returned. Items not yet
// started when ctx is done are skipped; it reports whether none was.
func forEachBounded[T any](ctx context.Context, items []T, fn func(i int, item T)) (complete bool) {
	sem := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	var wg sync.WaitGroup
	defer wg.Wait()
	for i, item := range items {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return false
		}
		wg.Go(func() {
			defer func() { <-sem }()
			fn(i, item)
		})
	}
	return true
}

// newCLILogger returns the logger of the bundle, watch, serve and start
// commands. Like upstream's console transport it prints info lines to
// stdout and warnings and errors to stderr.
func newCLILogger(stdout, stderr io.Writer) *slog.Logger {
	return slog.New(&levelSplitHandler{
		low:  newConsoleLogger(stdout).Handler(),
		high: newConsoleLogger(stderr).Handler(),
	})
}

// levelSplitHandler sends records below Warn to low and the others to high.
type levelSplitHandler struct{ low, high slog.Handler }

func (h *levelSplitHandler) pick(l slog.Level) slog.Handler {
	if l >= slog.LevelWarn {
		return h.high
	}
	return h.low
}

func (h *levelSplitHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.pick(l).Enabled(ctx, l)
}

func (h *levelSplitHandler) Handle(ctx context.Context, r slog.Record) error {
	return h.pick(r.Level).Handle(ctx, r)
}

func (h *levelSplitHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &levelSplitHandler{low: h.low.WithAttrs(attrs), high: h.high.WithAttrs(attrs)}
}

func (h *levelSplitHandler) WithGroup(name string) slog.Handler {
	return &levelSplitHandler{low: h.low.WithGroup(name), high: h.high.WithGroup(name)}
}
