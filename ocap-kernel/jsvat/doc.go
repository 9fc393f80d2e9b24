// Package jsvat runs vats written in JavaScript in upstream's own vat
// environment: each vat is one QuickJS engine (modernc.org/quickjs, pure
// Go) on a goroutine of its own, holding SES after lockdown(), the
// @endo/eventual-send shim, the real @agoric/swingset-liveslots and a vat
// supervisor with the semantics of upstream's VatSupervisor. It implements
// vat.Runtime for bundleSpecs that are file:// or http(s):// URLs of vat
// bundles (see package bundler); MultiRuntime composes it with other
// runtimes such as govat.
//
// # The vat environment
//
// The JavaScript that runs in every vat is built by make vat-runtime from
// the npm packages pinned in runtime/package-lock.json (ses 1.15.0,
// @agoric/swingset-liveslots 0.10.3-u21.0.1 and the Endo packages
// upstream pins) and the sources in runtime/src, then committed in
// runtime/dist and embedded: building and running needs no Node.
// runtime/dist/prelude.js repairs what QuickJS does differently from the
// engines SES is tested on (a console, Iterator.prototype's accessors
// made data properties, a WeakMap whose values the engine collects with
// their keys, a native harden, the long sorts below), loads SES and the eventual-send shim and calls
// lockdown() with upstream's options; runtime/dist/supervisor.js is the
// supervisor, liveslots and the endowments. Both are compiled to bytecode
// once per process.
//
// A bundle's code is evaluated in a Compartment whose globals are the
// endowments, upstream's way (bundle-loader), and buildRootObject gets
// vatPowers ({ logger }, plus liveslots' exitVat, exitVatWithFailure,
// VatData and the rest), the parameters and the baggage. VatData gives
// kinds, durable kinds, virtual objects, collections and watchPromise;
// the vatstore is liveslots' own, so kv_vatstore holds what an upstream
// kernel's does. Garbage collection is liveslots': WeakRef and
// FinalizationRegistry observe what vat code drops, and the kernel's
// bringOutYourDead deliveries (scheduled when it is idle, and every
// kernel.Options.ReapInterval deliveries) make the vat drop and retire
// imports and exports itself.
//
// # Endowments
//
// A vat config's globals may name the host APIs of upstream's
// endowments (api.AllowedGlobalNames), with upstream's attenuations:
// timers that only clear their own handles and are torn down with the
// vat; Date whose now() is jittered and monotonic; Math whose random()
// comes from the host's cryptographic source; crypto and SubtleCrypto
// (getRandomValues, randomUUID, digest, HMAC, PBKDF2, HKDF; other
// algorithms are refused with NotSupportedError); fetch, Request, Headers
// and Response limited to network.allowedHosts ("host" allows every port
// of that host, as upstream; "host:port" only that port), checked again
// by the host for every redirect (a network config without fetch is
// refused: nothing else would use it); TextEncoder, TextDecoder, URL,
// URLSearchParams, atob, btoa, AbortController and AbortSignal. Without
// them, Date.now() and Math.random() throw, as SES makes them in a
// Compartment. An unknown name is a launch error; Options.AllowedGlobals
// restricts the names further. platformConfig.fs is upstream's fs
// capability (existsSync, promises.readFile, promises.access), confined to
// its rootDir with no symbolic links. creationOptions.memoryLimitMiB sets
// the vat's memory cap. Anything else in those members is refused.
//
// Timers firing and responses arriving are host events: the worker asks
// the kernel for a crank of the vat's own (vat.Waker, vat.DeliverWake),
// in which the callbacks run and whose syscalls the kernel applies like a
// delivery's.
//
// # Isolation
//
// A vat cannot take the daemon down. Its heap is capped (Options.
// MemoryLimit, DefaultMemoryLimit, or creationOptions.memoryLimitMiB): a
// vat that reaches the cap is terminated with a *MemoryLimitError; one
// that catches the engine's out-of-memory error and lets go of what it
// held goes on. A delivery past its deadline, and a delivery to a vat
// that a control call ends (terminateVat, terminateSubcluster,
// restartVat, clearState, the kernel stopping), is interrupted at once.
// The engine checks for interrupts only between JavaScript operations, so
// the builtins that run long in one native call are replaced: sorts
// without a comparator of more than a few thousand elements, and every
// typed-array sort, are made by the host (sort.go) in the standard's
// order, checking the interrupt, and long joins are made of short ones.
// What other native call still runs long (JSON.stringify of millions of
// objects, about a second at the default cap) is abandoned by the worker
// after a short grace (ErrStuck); its cost is bounded by the memory cap. Only methods an object defines can
// be invoked by eventual send: those inherited from Object.prototype or
// Function.prototype are missing. A panic in the engine costs the vat,
// not the process.
package jsvat
