// Package api holds the kernel's public data types: cluster and vat
// configurations, the status report, launch results and the kernel's
// typed errors. The kernel, its JSON-RPC layer and clients all share these
// types; the package depends only on the standard library and smallcaps.
//
// JSON shapes follow the upstream kernel-control protocol so that an
// upstream `ocap` client and ocap-go understand each other.
package api
