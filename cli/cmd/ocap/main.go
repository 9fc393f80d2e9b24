// Command ocap is the command-line tool of the Go ocap kernel. See
// internal/cli for the command tree and README.md for usage.
package main

import (
	"os"

	"github.com/ocap-kernel/ocap-go/cli/internal/cli"
)

func main() { os.Exit(Main()) }

// Main runs ocap with the process arguments and returns its exit status;
// the script tests register it as the "ocap" command.
func Main() int { return cli.Main(os.Args[1:], os.Stdout, os.Stderr) }
