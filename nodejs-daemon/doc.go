// Package daemon hosts an ocap kernel as a long-running local daemon: the
// Go counterpart of upstream's @ocap/nodejs daemon module.
//
// MakeKernel opens the kernel database and starts a kernel with the
// default vat runtimes (Go vats and JavaScript vats) and IO channels of
// the upstream "socket" type. StartDaemon serves the kernel-control
// JSON-RPC methods on a Unix socket (JSON-RPC 2.0, one request per line,
// connections kept open for further requests; upstream's one-shot clients
// get their one answer). Run is the whole daemon process as `ocap daemon run` executes
// it, with the hardening upstream lacks:
//
//   - the socket is 0600 inside a 0700 home, and every connection's peer
//     credentials are checked (only the daemon's uid and root may call);
//   - one daemon per home, enforced by an flock on daemon.lock held for the
//     daemon's lifetime; daemon.pid is informational;
//   - request lines are capped (MaxRequestSize) and a silent client is
//     dropped after ReadTimeout;
//   - logs go to daemon.log through log/slog with size-capped rotation,
//     SIGHUP rotates, and a panic is written with its stack to the log;
//   - executeDBQuery is read-only (kernel-store enforces it);
//   - a live socket is never unlinked: it is probed first.
//
// The kernel gets the libp2p transport of package remotes, so the
// initRemoteComms RPC puts it on the network; Run also starts remote comms
// from RunOptions.RemoteComms and <home>/config.json (ReadConfig), and a
// kernel that ran them before resumes them by itself.
//
// The client half, for CLIs and agents, is package client.
package daemon
