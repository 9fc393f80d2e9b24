// Package jsvat runs vats written in JavaScript, in goja: one goja
// runtime and one goroutine per vat. It implements vat.Runtime for
// bundleSpecs that are file:// or http(s):// URLs of vat bundles (see
// package bundler), and MultiRuntime composes it with other runtimes such
// as govat.
//
// # What vat code sees
//
// A bundle exports buildRootObject(vatPowers, parameters, baggage), which
// may be async and must return a Far object (makeDefaultExo or Far); it
// becomes the vat's root, o+0. Vat code has the usual upstream API through
// the bundler's shims and a few globals: E (also E.sendOnly, E.when), Far,
// makeDefaultExo, makeDiscoverableExo, harden, console. vatPowers holds
// logger (log/info/warn/error/debug/subLogger), exitVat(completion),
// exitVatWithFailure(reason) and dropImport(presence). parameters is the
// vat config's parameters, hardened ({} if none). baggage is a durable map
// (has/get/init/set/delete/keys/values/entries/getSize) of string keys to
// passable data, presences and the root object, kept in the vatstore.
//
// # Realm
//
// Each realm is locked down before vat code runs: every intrinsic is
// frozen, with SES-style override-mistake taming so that assigning to a
// property that a frozen prototype defines (err.name = ...) still works on
// the instance; the global object is frozen. Bundles run in strict mode.
// Math.random returns a constant and Date reports the epoch unless the vat
// config's globals lists "Date" (the only global upstream honours). There
// are no timers.
//
// # Liveslots
//
// The vat-side tables live in Go: exports (o+N), imports (presences, o-N)
// and promises (p+N allocated by the vat, p-N by the kernel). Marshalling
// to and from smallcaps is done in Go by walking goja values. Promise ids
// are single-use, as the kernel requires: once the vat resolves a vpid, or
// learns of its resolution through a notify, it forgets it. Results of
// outgoing sends are p+N promises the vat subscribes to; E() on an
// unresolved kernel promise pipelines the send to the kernel. The vat's
// id counters live in the vatstore, so a restarted vat never reuses a
// vref. Each delivery returns its syscalls and the vatstore checkpoint.
//
// # Garbage collection of imports
//
// goja has no WeakRef or FinalizationRegistry, so the vat cannot observe
// that its code dropped the last reference to a presence. Imports are
// therefore kept for the vat's lifetime: the kernel's reference count
// never falls while the vat might still use the presence, which keeps GC
// safe (nothing still referenced is ever dropped) at the price of
// retaining imports until the vat is terminated or restarted, when the
// kernel releases all of them. Vat code that knows it is done with a
// presence may call vatPowers.dropImport(presence): the vat issues
// dropImports and retireImports and forgets the presence; any later use of
// that presence object fails locally. A presence stored in baggage cannot
// be dropped. Exports are removed from the table when the kernel retires
// them (retireExports); the root object is never removed.
//
// # Scheduling and failures
//
// Init, Deliver and Ping run on the vat's goroutine and return at
// quiescence: goja drains the promise job queue whenever the outermost
// Go-to-JavaScript call returns. A delivery that outlives its context's
// deadline is interrupted (vm.Interrupt) and returns an error wrapping the
// context's error, so the kernel terminates the vat. A long-running native
// builtin (a huge sort) cannot be interrupted; after a grace period the
// delivery is abandoned and the worker is marked broken. Recursion is
// bounded by Options.MaxCallStackSize; exceeding it, like an interrupt,
// is fatal to the delivery because goja does not let JavaScript catch it.
// Exceptions thrown by vat code are not delivery failures: they reject the
// result promise of the message (buildRootObject throwing fails Init with
// the error's message in Result.Error).
package jsvat
