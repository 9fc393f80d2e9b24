// Package examples holds Go vats used by the kernel's tests, benchmarks
// and the demo: a greeter subcluster (alice/bob/carol), a counter with
// durable state, an exporter/importer pair for garbage collection, a vat
// that pipelines sends to a promise, a ping-pong pair, a vat that uses its
// subcluster's IO channel "repl", and a discoverable notebook.
package examples

import "github.com/ocap-kernel/ocap-go/ocap-kernel/govat"

// Register adds every example vat to rt as go:<name>.
func Register(rt *govat.Runtime) {
	rt.Register("greeter", Greeter)
	rt.Register("counter", Counter)
	rt.Register("exporter", Exporter)
	rt.Register("importer", Importer)
	rt.Register("pipeliner", Pipeliner)
	rt.Register("maker", Maker)
	rt.Register("pinger", Pinger)
	rt.Register("thrower", Thrower)
	rt.Register("chain", Chain)
	rt.Register("remote", Remote)
	rt.Register("io", IO)
	rt.Register("notebook", Notebook)
}
