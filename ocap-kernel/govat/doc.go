// Package govat runs vats written in Go: system vats, and the vats the
// kernel's own tests use. A Go vat is a function that builds the vat's root
// object; its objects are Go method tables, its promises are vat-local
// promises, and E sends eventual messages to presences.
//
// The package is a small liveslots: it keeps the vat's export table
// (o+N), its imported presences (o-N), its promise table (p±N), marshals
// values with smallcaps, and returns the syscalls and the vatstore
// checkpoint of each delivery. Every delivery runs to quiescence: promise
// callbacks scheduled during a delivery run before it returns.
//
// Go vats are selected by a bundleSpec of the form "go:<name>", where name
// is registered with Runtime.Register. Their configs may carry parameters;
// the members only JavaScript vats have (globals, network, platformConfig,
// creationOptions) are refused. Vat.Discoverable makes an object that
// answers __getDescription__() as upstream's makeDiscoverableExo does.
//
// Lifetimes: Go has no way to observe that a vat lost its last reference
// to a presence, so imports are dropped explicitly with Vat.Drop (and all
// of them when the vat is terminated). Exports dropped by the kernel
// (dropExports/retireExports) are removed from the export table.
package govat
