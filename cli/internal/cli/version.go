package cli

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

func init() { registerCommands(addVersionCommand) }

// versionText is what `ocap --version` and `ocap version` print: the main
// module's version alone on the first line, as upstream's `ocap --version`
// prints its package version, then the commit the binary was built from
// and whether that checkout had local changes. The Go toolchain stamps
// these (vcs.revision, vcs.modified) when it builds inside a git checkout
// with -buildvcs on; what it did not record is said to be unknown.
func versionText(bi *debug.BuildInfo, ok bool) string {
	version, revision, modified := "unknown", "unknown", "unknown"
	if ok && bi != nil {
		version = bi.Main.Version
		if version == "" {
			version = "(devel)"
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
	}
	return fmt.Sprintf("%s\ncommit: %s\nmodified: %s\n", version, revision, modified)
}

func buildVersion() string { return versionText(debug.ReadBuildInfo()) }

func addVersionCommand(root *cobra.Command) {
	root.Version = buildVersion()
	root.SetVersionTemplate("{{.Version}}")
	// Declared here so that cobra does not add a -v shorthand.
	root.Flags().Bool("version", false, "print the version and commit of ocap")
	root.AddCommand(&cobra.Command{
		Use:   "version",
		Short: "Print the version and commit of ocap",
		Long: `Print the version of the ocap module on the first line (what 'ocap --version'
prints too), then the git commit it was built from and whether that checkout
had uncommitted changes ("unknown" when the binary was built without VCS
information, for example with -buildvcs=false or outside a git checkout).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprint(cmd.OutOrStdout(), cmd.Root().Version)
			return err
		},
	})
}
