package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/spf13/cobra"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/bundler"
)

func init() { registerCommands(addWatchCommands) }

// Watcher timing. watchDebounce is the quiet period after the last event
// for a file before it is rebundled (editors save in several steps);
// watchMaxDelay bounds the wait for a file that keeps changing.
const (
	watchDebounce = 100 * time.Millisecond
	watchMaxDelay = time.Second
)

const watchLong = `Bundle every .js file under a directory tree, then rebundle each file when
it changes, until SIGINT or SIGTERM.

The whole tree is watched, including subdirectories created later; paths
with a node_modules component and files not ending in .js are ignored. For
every source file a.js the watcher keeps a.bundle next to it:

  - existing and new files log "Source file added: <path>" and are bundled;
  - changed files log "Source file changed: <path>" and are rebundled;
  - removed or renamed files log "Source file removed: <path>", and their
    bundle is deleted ("Removed: <bundle path>").

Bursts of events for the same file are coalesced (100 ms quiet period), so an
editor's multi-step save rebundles once. A file that fails to bundle logs
"Failed to bundle file: <path>: <error>" and the watcher carries on.

"Watching <dir>..." is printed once the existing files have been bundled.
Log lines go to stdout, warnings and errors to stderr.`

const watchExample = `  # Keep the bundles of vats/ up to date while editing
  ocap watch vats

  # Watch and serve at the same time
  ocap start vats`

func addWatchCommands(root *cobra.Command) {
	root.AddCommand(&cobra.Command{
		Use:     "watch <dir>",
		Short:   "Bundle the .js files of a directory tree and rebundle them on change",
		Long:    watchLong,
		Example: watchExample,
		Args:    cobra.ExactArgs(1),
		RunE:    runWatch,
	})
}

func runWatch(cmd *cobra.Command, args []string) error {
	dir := args[0]
	logger := newCLILogger(cmd.OutOrStdout(), cmd.ErrOrStderr())
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	w, err := newSourceWatcher(dir, logger)
	if err != nil {
		return err
	}
	return w.Run(ctx, func() { logger.Info("Watching " + dir + "...") })
}

// sourceWatcher keeps the bundle of every .js file under a directory tree up
// to date. All its state is owned by the goroutine running Run.
type sourceWatcher struct {
	root     string // absolute; event and log paths are under it
	log      *slog.Logger
	debounce time.Duration
	maxDelay time.Duration

	fsw     *fsnotify.Watcher
	dirs    map[string]bool         // watched directories
	known   map[string]fileStamp    // sources seen and not since removed
	pending map[string]*pendingFile // sources with unsettled events
}

// fileStamp identifies a version of a file well enough to skip events that
// changed only its metadata.
type fileStamp struct {
	mod  time.Time
	size int64
}

func stampOf(st fs.FileInfo) fileStamp { return fileStamp{st.ModTime(), st.Size()} }

// pendingFile is a source with events that have not settled yet.
type pendingFile struct {
	first, due time.Time
	// content is set when an event may have changed the file's content
	// (anything but Chmod); otherwise it is rebundled only if its
	// modification time or size changed.
	content bool
}

func newSourceWatcher(dir string, logger *slog.Logger) (*sourceWatcher, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", dir, err)
	}
	return &sourceWatcher{
		root:     abs,
		log:      logger,
		debounce: watchDebounce,
		maxDelay: watchMaxDelay,
	}, nil
}

// Run watches the tree until ctx is done (returning nil) or the watcher
// fails. It bundles the existing sources first and then calls ready, if
// non-nil. Bundling failures are logged, not returned.
func (w *sourceWatcher) Run(ctx context.Context, ready func()) error {
	st, err := os.Stat(w.root)
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	if !st.IsDir() {
		return fmt.Errorf("watch %s: not a directory", w.root)
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch %s: %w", w.root, err)
	}
	defer fsw.Close()
	w.fsw = fsw
	w.dirs = make(map[string]bool)
	w.known = make(map[string]fileStamp)
	w.pending = make(map[string]*pendingFile)

	// Watch first, then list, so that no file created meanwhile is missed;
	// files both listed and reported settle once through w.pending's stamp
	// check.
	sources, err := w.addTree(w.root)
	if err != nil {
		return err
	}
	var initial []string
	for _, src := range sources {
		if st, err := os.Stat(src); err == nil {
			w.known[src] = stampOf(st)
			w.log.Info("Source file added: " + src)
			initial = append(initial, src)
		}
	}
	w.bundle(ctx, initial)
	if ctx.Err() != nil {
		return nil
	}
	if ready != nil {
		ready()
	}

	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-fsw.Events:
			if !ok {
				return fmt.Errorf("watch %s: watcher closed", w.root)
			}
			w.handleEvent(ev, time.Now())
		case err, ok := <-fsw.Errors:
			if !ok {
				return fmt.Errorf("watch %s: watcher closed", w.root)
			}
			if !errors.Is(err, fsnotify.ErrEventOverflow) {
				return fmt.Errorf("watch %s: %w", w.root, err)
			}
			w.log.Warn("File events were lost (" + err.Error() + "); rescanning " + w.root)
			if err := w.rescan(time.Now()); err != nil {
				return err
			}
		case <-timer.C:
			w.bundle(ctx, w.settle(time.Now()))
		}
		if due, ok := w.nextDue(); ok {
			timer.Reset(time.Until(due))
		}
	}
}

// ignored reports whether p is outside the tree or has a node_modules
// component below the root.
func (w *sourceWatcher) ignored(p string) bool {
	rel, err := filepath.Rel(w.root, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return true
	}
	return slices.Contains(strings.Split(filepath.ToSlash(rel), "/"), "node_modules")
}

// isWatchedSource reports whether p names a file the watcher bundles.
// Upstream watches only .js files.
func isWatchedSource(p string) bool { return strings.HasSuffix(p, ".js") }

// addTree watches dir and every directory below it that is not ignored,
// and returns the sources found. Only a failure to watch the root itself is
// an error; unreadable subdirectories are logged and skipped.
func (w *sourceWatcher) addTree(dir string) ([]string, error) {
	var sources []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == w.root {
				return fmt.Errorf("watch %s: %w", p, err)
			}
			if !errors.Is(err, fs.ErrNotExist) { // gone already: its Remove event follows
				w.log.Warn("Cannot watch " + p + ": " + err.Error())
			}
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if w.ignored(p) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if err := w.fsw.Add(p); err != nil {
				if p == w.root {
					return fmt.Errorf("watch %s: %w", p, err)
				}
				if !errors.Is(err, fs.ErrNotExist) {
					w.log.Warn("Cannot watch " + p + ": " + err.Error())
				}
				return fs.SkipDir
			}
			w.dirs[p] = true
			return nil
		}
		if isWatchedSource(p) && isRegularFollow(p, d) {
			sources = append(sources, p)
		}
		return nil
	})
	return sources, err
}

// isRegularFollow reports whether d is a regular file or a symbolic link to
// one.
func isRegularFollow(p string, d fs.DirEntry) bool {
	if d.Type().IsRegular() {
		return true
	}
	if d.Type()&fs.ModeSymlink == 0 {
		return false
	}
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// handleEvent records ev in w.pending. A new directory is watched at once
// and its sources become pending; a removed one makes its known sources
// pending.
func (w *sourceWatcher) handleEvent(ev fsnotify.Event, now time.Time) {
	p := ev.Name
	if w.ignored(p) {
		return
	}
	if ev.Has(fsnotify.Create) {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			sources, _ := w.addTree(p) // p is never the root here
			for _, src := range sources {
				w.mark(src, true, now)
			}
			return
		}
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		w.forgetDirs(p)
		prefix := p + string(filepath.Separator)
		for src := range w.known {
			if strings.HasPrefix(src, prefix) {
				w.mark(src, true, now)
			}
		}
	}
	if isWatchedSource(p) {
		w.mark(p, ev.Op != fsnotify.Chmod, now)
	}
}

// forgetDirs stops watching p and the directories below it (after a
// removal or rename), so that a directory later created under the same
// name is watched afresh.
func (w *sourceWatcher) forgetDirs(p string) {
	prefix := p + string(filepath.Separator)
	for d := range w.dirs {
		if d == p || strings.HasPrefix(d, prefix) {
			delete(w.dirs, d)
			_ = w.fsw.Remove(d) // usually gone with the directory already
		}
	}
}

// mark makes p pending: it settles after a quiet period of w.debounce, but
// no later than w.maxDelay after its first unsettled event.
func (w *sourceWatcher) mark(p string, content bool, now time.Time) {
	pf := w.pending[p]
	if pf == nil {
		pf = &pendingFile{first: now}
		w.pending[p] = pf
	}
	pf.content = pf.content || content
	pf.due = now.Add(w.debounce)
	if limit := pf.first.Add(w.maxDelay); pf.due.After(limit) {
		pf.due = limit
	}
}

// nextDue is the earliest time a pending file settles.
func (w *sourceWatcher) nextDue() (time.Time, bool) {
	var next time.Time
	for _, pf := range w.pending {
		if next.IsZero() || pf.due.Before(next) {
			next = pf.due
		}
	}
	return next, !next.IsZero()
}

// settle resolves the pending files that are due against the file system:
// it logs additions, changes and removals, deletes the bundles of removed
// sources, and returns the sources to bundle.
func (w *sourceWatcher) settle(now time.Time) []string {
	var due []string
	for p, pf := range w.pending {
		if !pf.due.After(now) {
			due = append(due, p)
		}
	}
	slices.Sort(due)
	var rebuild []string
	for _, p := range due {
		pf := w.pending[p]
		delete(w.pending, p)
		prev, seen := w.known[p]
		st, err := os.Stat(p)
		switch {
		case err == nil && st.Mode().IsRegular():
			if seen && !pf.content && prev == stampOf(st) {
				continue // metadata-only event
			}
			w.known[p] = stampOf(st)
			if seen {
				w.log.Info("Source file changed: " + p)
			} else {
				w.log.Info("Source file added: " + p)
			}
			rebuild = append(rebuild, p)
		case err == nil || errors.Is(err, fs.ErrNotExist):
			// Gone, or replaced by something that is not a file.
			if seen {
				delete(w.known, p)
				w.removeBundle(p)
			}
		default:
			w.log.Warn("Cannot read " + p + ": " + err.Error())
		}
	}
	return rebuild
}

// removeBundle logs the removal of source p and deletes its bundle; a
// bundle that does not exist is fine.
func (w *sourceWatcher) removeBundle(p string) {
	w.log.Info("Source file removed: " + p)
	out := bundler.OutputPath(p)
	switch err := os.Remove(out); {
	case err == nil:
		w.log.Info("Removed: " + out)
	case errors.Is(err, fs.ErrNotExist):
	default:
		w.log.Error("Failed to remove bundle: " + out + ": " + err.Error())
	}
}

// rescan re-walks the whole tree after lost events: every source found
// becomes pending (rebundled if its stamp changed) and so does every known
// source that was not found (removed).
func (w *sourceWatcher) rescan(now time.Time) error {
	sources, err := w.addTree(w.root)
	if err != nil {
		return err
	}
	found := make(map[string]bool, len(sources))
	for _, src := range sources {
		found[src] = true
		w.mark(src, false, now)
	}
	for src := range w.known {
		if !found[src] {
			w.mark(src, true, now)
		}
	}
	return nil
}

// bundle bundles sources in parallel, logging each outcome. Failures are
// not fatal: the watcher keeps running and retries on the next change.
func (w *sourceWatcher) bundle(ctx context.Context, sources []string) {
	forEachBounded(ctx, sources, func(_ int, src string) {
		out, n, err := bundler.BundleFile(ctx, src)
		if err != nil {
			if ctx.Err() == nil {
				w.log.Error("Failed to bundle file: " + src + ": " + bundleErrorText(err))
			}
			return
		}
		w.log.Info(fmt.Sprintf("Wrote %s: %d bytes", out, n))
	})
}

// bundleErrorText is err without the "bundle <entry>:" prefix of a
// *bundler.Error, for messages that name the file already.
func bundleErrorText(err error) string {
	var be *bundler.Error
	if errors.As(err, &be) && len(be.Messages) > 0 {
		return strings.Join(be.Messages, "; ")
	}
	return err.Error()
}
