package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

func init() { registerCommands(addStartCommands) }

const startLong = `Watch a directory like 'ocap watch' and serve its bundles like 'ocap serve',
until SIGINT or SIGTERM.

The existing .js files are bundled first; then the server starts listening
and logs "Bundling and serving <abs dir> on localhost:<port>" with the actual
port (also with -p 0). Sources are rebundled as they change, so a vat
launched from http://localhost:<port>/<name>.bundle always gets the latest
code. If either the watcher or the server fails, both stop and the command
exits 1.`

const startExample = `  # Develop the vats in vats/, served on http://localhost:3000
  ocap start vats

  # Loopback only, OS-chosen port
  ocap start vats --host 127.0.0.1 -p 0`

func addStartCommands(root *cobra.Command) {
	var flags serveFlags
	start := &cobra.Command{
		Use:     "start <dir>",
		Short:   "Bundle, watch and serve a directory of vat sources",
		Long:    startLong,
		Example: startExample,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runStart(cmd, args[0], &flags)
		},
	}
	bindServeFlags(start, &flags)
	root.AddCommand(start)
}

func runStart(cmd *cobra.Command, dir string, flags *serveFlags) error {
	if err := flags.validate(); err != nil {
		return err
	}
	logger := newCLILogger(cmd.OutOrStdout(), cmd.ErrOrStderr())
	sigCtx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// Cancelled when either half fails, so the other stops too.
	ctx, cancel := context.WithCancel(sigCtx)
	defer cancel()

	srv, err := newBundleServer(dir, logger)
	if err != nil {
		return err
	}
	w, err := newSourceWatcher(srv.dir, logger)
	if err != nil {
		return err
	}

	ready := make(chan struct{})
	watchDone := make(chan error, 1)
	go func() {
		watchDone <- w.Run(ctx, func() { close(ready) })
		cancel()
	}()
	// waitWatcher collects the watcher's result after cancel.
	waitWatcher := func(err error) error {
		cancel()
		if werr := <-watchDone; werr != nil && err == nil {
			err = werr
		}
		return err
	}

	select {
	case <-ready:
	case err := <-watchDone:
		return err // failed or interrupted before the initial pass completed
	}

	ln, err := srv.Listen(flags.host, flags.port)
	if err != nil {
		return waitWatcher(err)
	}
	logger.Info(fmt.Sprintf("Bundling and serving %s on %s", srv.dir, displayHostPort(flags.host, ln.Addr())))
	return waitWatcher(srv.Serve(ctx, ln))
}
