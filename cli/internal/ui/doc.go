// Package ui is the web control panel of `ocap daemon ui`: an HTTP server on
// a loopback address that serves an embedded, dependency-free page and a
// small JSON API, and drives the daemon only through its kernel-control
// JSON-RPC methods on the Unix socket (the calls the CLI makes).
//
// Security model. The server listens on loopback addresses only. Every start
// makes a random token; the printed URL carries it once, the server answers
// with an HttpOnly, SameSite=Strict cookie and redirects to a URL without
// it. Every request needs the cookie (or "Authorization: Bearer <token>"),
// else 401; a Host header other than localhost or a loopback address with
// the server's port is refused (403), which defeats DNS rebinding; a request that is not GET or
// HEAD also needs an Origin header naming this server and the header
// X-Ocap-UI: 1, which only the page's own scripts send (CSRF). GET requests
// change nothing.
//
// Live view. The server keeps one subscribeKernelEvents subscription to the
// daemon, reconnecting with backoff when the daemon goes away, and fans its
// notifications out to every open tab as server-sent events (/api/events).
// Each tab has a bounded backlog: a slow tab gets the changes merged and the
// newest statistics, and log records beyond its bound are counted as
// dropped, so no tab can make the server's memory grow.
package ui
