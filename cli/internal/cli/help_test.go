package cli

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

var updateHelp = flag.Bool("update", false, "rewrite the golden help files in testdata/help")

// helpCommands is every command of the tree, cobra's own help and
// completion commands included, root first.
func helpCommands() []*cobra.Command {
	root := NewRootCommand(&bytes.Buffer{}, &bytes.Buffer{})
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	var out []*cobra.Command
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		out = append(out, c)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return out
}

// TestHelpGolden renders the help of every command, as `<cmd> --help` and
// as `ocap help <cmd>`, and compares it with testdata/help/<path>.txt, so
// that help text cannot change, or go missing, unnoticed. Run
// `go test -run TestHelpGolden -update` after changing a help text, and
// read the diff.
func TestHelpGolden(t *testing.T) {
	dir := filepath.Join("testdata", "help")
	if *updateHelp {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]bool{}
	for _, c := range helpCommands() {
		path := strings.Fields(c.CommandPath())[1:]
		name := strings.Join(append([]string{"ocap"}, path...), "_") + ".txt"
		want[name] = true
		t.Run(strings.Join(append([]string{"ocap"}, path...), " "), func(t *testing.T) {
			var out, errOut bytes.Buffer
			if code := Main(append(append([]string{}, path...), "--help"), &out, &errOut); code != 0 || errOut.Len() != 0 {
				t.Fatalf("exit %d, stderr %q", code, errOut.String())
			}
			if c.Name() != "help" {
				var viaHelp bytes.Buffer
				if code := Main(append([]string{"help"}, path...), &viaHelp, &errOut); code != 0 {
					t.Fatalf("ocap help: exit %d, stderr %q", code, errOut.String())
				}
				if viaHelp.String() != out.String() {
					t.Errorf("'ocap help %s' differs from '--help':\n%s", strings.Join(path, " "), viaHelp.String())
				}
			}
			file := filepath.Join(dir, name)
			if *updateHelp {
				if err := os.WriteFile(file, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			golden, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -run TestHelpGolden -update)", err)
			}
			if string(golden) != out.String() {
				t.Errorf("help differs from %s (run go test -run TestHelpGolden -update and read the diff):\n%s", file, out.String())
			}
		})
	}
	// A golden file of a command that no longer exists is stale.
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !want[e.Name()] {
			t.Errorf("%s names no command", filepath.Join(dir, e.Name()))
		}
	}
}
