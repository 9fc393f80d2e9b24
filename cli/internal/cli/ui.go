package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/ocap-kernel/ocap-go/cli/internal/ui"
	"github.com/ocap-kernel/ocap-go/nodejs-daemon/client"
)

const daemonUILong = `Serve a control panel for the daemon in the browser: vats and subclusters
(ping, restart, terminate), launching a subcluster (a pasted config, or one
bundle by path), sending a message and reading the decoded result, each vat's
object registry (its c-list, paged), a graph of which vats import whose
objects with their promises' states, remote comms and OCAP URLs, a read-only
database inspector, kernel controls (collect garbage, terminate all vats,
clear state; the last two ask for confirmation), the daemon's log filtered by
vat, and sparklines of cranks and run-queue length.

The daemon is started if it is not running. The panel calls it only through
the kernel-control methods on $OCAP_HOME/daemon.sock, as the other daemon
commands do, and stays live through one subscribeKernelEvents subscription
(reconnecting when the daemon restarts); with a daemon without that method
the page refreshes only after its own actions and when a view is shown. The
assets are built into ocap: nothing is fetched from elsewhere.

The URL to open is printed on stdout; --open also opens it with xdg-open.
The panel runs until SIGINT or SIGTERM.

Security model:
  - It listens on a loopback address only (127.0.0.1, ::1 or localhost);
    any other --addr is refused. There is no option to expose it.
  - Each start makes a new random token. The printed URL carries it once:
    the panel sets an HttpOnly, SameSite=Strict cookie and redirects to an
    address without it. Requests without the cookie (or an
    "Authorization: Bearer <token>" header) get 401, and a wrong token 403.
  - A Host header other than localhost or a loopback address with the
    panel's port gets 403, so a web page cannot reach the panel through DNS
    rebinding.
  - Requests other than GET and HEAD also need an Origin header naming the
    panel and the header X-Ocap-UI: 1, which only the panel's own page
    sends; a request from another origin gets 403 (no CSRF). GET requests
    change nothing.
  Anyone who can read the printed URL can drive the kernel until the panel
  stops.`

// newDaemonUICmd is `ocap daemon ui`.
func newDaemonUICmd() *cobra.Command {
	var addr string
	var open bool
	cmd := &cobra.Command{
		Use:   "ui",
		Short: "Serve a control panel for the daemon in the browser",
		Long:  daemonUILong,
		Example: `  ocap daemon ui
  ocap daemon ui --addr 127.0.0.1:8090 --open`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runDaemonUI(cmd, addr, open) },
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:0", "loopback address to listen on (port 0: any free port)")
	cmd.Flags().BoolVar(&open, "open", false, "open the panel in the browser (xdg-open)")
	return cmd
}

func runDaemonUI(cmd *cobra.Command, addr string, open bool) error {
	stderr := cmd.ErrOrStderr()
	home, err := daemonHome(cmd)
	if err != nil {
		return err
	}
	srv, err := ui.Listen(uiOptions(addr, home, stderr))
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := ensureDaemon(ctx, home, stderr); err != nil {
		srv.Close()
		return err
	}
	fmt.Fprintf(stderr, "Panel for the daemon at %s. Stop it with Ctrl-C.\n", tildePath(client.SocketPath(home)))
	fmt.Fprintln(cmd.OutOrStdout(), srv.URL())
	if open {
		opener := exec.CommandContext(ctx, "xdg-open", srv.URL())
		opener.Stdout, opener.Stderr = stderr, stderr
		if err := opener.Start(); err != nil {
			fmt.Fprintf(stderr, "Could not open a browser (%v); open the URL above.\n", err)
		} else {
			go opener.Wait() // reaps xdg-open, which exits once the browser is asked
		}
	}
	return srv.Serve(ctx)
}

// uiOptions are the panel's options for the daemon of home: results
// shown and launch configs resolved as the other daemon commands do.
func uiOptions(addr, home string, stderr io.Writer) ui.Options {
	return ui.Options{
		Addr:          addr,
		SocketPath:    client.SocketPath(home),
		Prettify:      prettifyResult,
		ResolveLaunch: resolveLaunchParams,
		Logger:        slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
	}
}

// prettifyResult shows a queueMessage result as `daemon queueMessage`
// prints it: CapData through prettifySmallcaps, anything else as it is.
func prettifyResult(raw json.RawMessage) (json.RawMessage, error) {
	v, err := parseJS(string(raw))
	if err != nil {
		return nil, fmt.Errorf("daemon result: %w", err)
	}
	if !isCapData(v) {
		return raw, nil
	}
	p, err := prettifySmallcaps(v.(*jsObject))
	if err != nil {
		return nil, err
	}
	out, ok := stringifyJS(p, "")
	if !ok {
		return json.RawMessage("null"), nil
	}
	return json.RawMessage(out), nil
}

// resolveLaunchParams resolves relative bundleSpecs of launchSubcluster
// params against the working directory, as `daemon exec` does.
func resolveLaunchParams(params json.RawMessage) (json.RawMessage, error) {
	p, err := execParams("launchSubcluster", string(params))
	if err != nil {
		return nil, fmt.Errorf("launchSubcluster params: %w", err)
	}
	b, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("launchSubcluster params: %w", err)
	}
	return b, nil
}
