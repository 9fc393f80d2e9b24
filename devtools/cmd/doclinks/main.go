// Command doclinks fails when a comment or a document of this repository
// names a file or directory that the repository does not hold (see package
// doclinks for what counts as a citation). make lint runs it from the
// repository root:
//
//	go run ./devtools/cmd/doclinks [root]
package main

import (
	"fmt"
	"os"

	"github.com/ocap-kernel/ocap-go/devtools/doclinks"
)

func main() {
	root := "."
	if len(os.Args) > 1 {
		root = os.Args[1]
	}
	findings, err := doclinks.Run(root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "doclinks:", err)
		os.Exit(2)
	}
	for _, f := range findings {
		fmt.Printf("%s:%d: names %s, which is not in the repository\n", f.File, f.Line, f.Name)
	}
	if len(findings) > 0 {
		os.Exit(1)
	}
}
