// Package cli implements the `ocap` command tree with cobra.
//
// Each command group lives in its own file and registers itself from an
// init function with registerCommands, so that adding a group does not
// touch this file:
//
//	func init() { registerCommands(addDaemonCommands) }
//	func addDaemonCommands(root *cobra.Command) { root.AddCommand(...) }
//
// Output streams follow the upstream CLI. Results go to stdout: the JSON
// of `daemon exec`, `daemon queueMessage` and `daemon redeem-url`, an
// agent's answer, `version`. The daemon commands' status lines ("Starting
// daemon...", "Daemon running. Socket: ...", "Daemon stopped.") and an
// agent's transcript go to stderr. The relay commands print their log and
// status lines on stdout; bundle, watch, serve and start log progress to
// stdout and warnings to stderr. Errors go to stderr as "Error: ...".
// Commands write through cmd.OutOrStdout()/cmd.ErrOrStderr(), which Main
// wires to the writers it is given, and signal a non-zero exit status
// without extra output by returning an *ExitError.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// commandAdders attach command groups to a new root, in registration order.
var commandAdders []func(root *cobra.Command)

// registerCommands adds a command group to every root built by
// NewRootCommand. Call it from an init function.
func registerCommands(add func(root *cobra.Command)) {
	commandAdders = append(commandAdders, add)
}

// ExitError makes Main exit with Code after the command has already
// reported the problem itself; Main prints nothing more.
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// exitWith returns an *ExitError for code.
func exitWith(code int) error { return &ExitError{Code: code} }

// NewRootCommand builds the `ocap` command tree writing to stdout and stderr.
func NewRootCommand(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "ocap",
		Short: "The ocap kernel: daemon, vat bundles, relay and agents",
		Long: `ocap is the command-line tool of the Go ocap kernel. It runs the kernel as a
background daemon and calls it ('daemon'); bundles, watches and serves vat
source code ('bundle', 'watch', 'serve', 'start'); runs the libp2p relay that
kernels on different machines meet through ('relay'); and runs language-model
agents whose tools are capabilities ('agent').

Results go to stdout. The daemon commands' status lines, an agent's
transcript and all errors go to stderr. The relay prints its log and status
lines on stdout; bundle, watch, serve and start log progress to stdout and
warnings to stderr.`,
		SilenceErrors: true, // Main prints errors once, in one format
		SilenceUsage:  true, // runtime errors are not usage errors
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return fmt.Errorf("%w (see '%s --help')", err, cmd.CommandPath())
	})
	for _, add := range commandAdders {
		add(root)
	}
	return root
}

// Main runs the ocap command line with args (without the program name) and
// returns the process exit status. cmd/ocap and the script tests call it.
func Main(args []string, stdout, stderr io.Writer) int {
	root := NewRootCommand(stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	if err == nil {
		return 0
	}
	var exit *ExitError
	if errors.As(err, &exit) {
		return exit.Code
	}
	fmt.Fprintf(stderr, "Error: %v\n", err)
	return 1
}
