package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ocap-kernel/ocap-go/cli/internal/relayhome"
	"github.com/ocap-kernel/ocap-go/kernel-agents/lmservice"
	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
	"github.com/ocap-kernel/ocap-go/nodejs-daemon/client"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
)

func init() { registerCommands(addDaemonCommands) }

const daemonLong = `Manage the ocap kernel daemon: a long-running kernel that keeps its state in
$OCAP_HOME (default ~/.ocap; --home overrides it for one invocation) and
answers kernel-control JSON-RPC calls on $OCAP_HOME/daemon.sock.

Files in the home (created 0700): daemon.sock (0600; only your user and root
may call it), daemon.lock (held by the running daemon: one daemon per home),
daemon.pid (informational), daemon.log (rotated at 10 MiB into daemon.log.1
to .3; SIGHUP rotates it), kernel.sqlite with its -wal and -shm files (the
kernel database), and config.json if you write one (the daemon only reads it).

Each crank is committed to kernel.sqlite whole: a writer goroutine writes it
while the kernel runs the next crank, and when cranks come faster than SQLite
takes them it merges the waiting ones into one transaction (group commit). A
crank's results (a queueMessage reply, a message to another kernel) are
released only once it is committed, so a result you have seen survives a
crash.

'ocap daemon' with no subcommand is 'ocap daemon start'. Status messages go to
stderr; only RPC results go to stdout.

As upstream: 'ocap daemon run' listens on $OCAP_SOCKET_PATH instead of the
home's daemon.sock when that is set; the other commands always call the
home's daemon.sock, and start their daemons with OCAP_SOCKET_PATH set to it.`

// exitAlreadyRunning is the exit status of `daemon run` when another
// daemon holds the home's lock; `daemon start` waits for that daemon.
const exitAlreadyRunning = 3

// Upstream timings.
const (
	pingTimeout       = 3 * time.Second
	shutdownTimeout   = 10 * time.Second
	startTimeout      = 30 * time.Second
	stopRPCWait       = 5 * time.Second
	stopTermWait      = 5 * time.Second
	stopKillWait      = 2 * time.Second
	daemonPollMin     = 2 * time.Millisecond
	daemonPollMax     = 100 * time.Millisecond
	daemonLockPollGap = 5 * time.Millisecond
	// The --local-relay calls (upstream #891).
	remoteStatusTimeout = 10 * time.Second
	remoteInitTimeout   = 30 * time.Second
)

func addDaemonCommands(root *cobra.Command) {
	root.PersistentFlags().String("home", "", "daemon home directory of the daemon and agent commands (default $OCAP_HOME, else ~/.ocap)")

	d := &cobra.Command{
		Use:   "daemon",
		Short: "Manage the ocap kernel daemon (default: start)",
		Long:  daemonLong,
		Example: `  ocap daemon start
  ocap daemon exec getStatus
  ocap daemon exec launchSubcluster '{"config":{"bootstrap":"alice","vats":{"alice":{"bundleSpec":"./sample-vat.bundle"}}}}'
  ocap daemon queueMessage ko4 hello '["me"]'
  ocap daemon stop`,
		Args: cobra.NoArgs,
	}
	var bareStart startOptions
	d.RunE = func(cmd *cobra.Command, _ []string) error { return runDaemonStart(cmd, &bareStart) }
	bindStartFlags(d, &bareStart)
	var startOpts startOptions
	start := &cobra.Command{
		Use:   "start",
		Short: "Start the daemon in the background if it is not running",
		Long: `Start the daemon in the background unless one already answers on the socket,
wait until it answers, and print where it listens. Safe to run concurrently:
the home's lock lets exactly one daemon run.

With --local-relay, --relay or --listen, remote comms are started too (the
initRemoteComms RPC) unless they are already connected. --local-relay uses the
relay that 'ocap relay start' runs on this machine: its address is read from
$LIBP2P_RELAY_HOME/relay.addr. Remote comms can also be configured in
$OCAP_HOME/config.json, which the daemon reads when it starts:
  {"remoteComms": {"relays": ["<multiaddr>"], "directListenAddresses": ["<multiaddr>"]}}
A kernel that ran remote comms before resumes them by itself after a restart.
The same file sets the memory cap of each JavaScript vat (MiB, default 256):
  {"vats": {"memoryLimitMiB": 512}}
and the model server behind the languageModelService kernel service:
  {"lm": {"baseUrl": "http://127.0.0.1:11434", "models": ["llama3.2"]}}
(see 'ocap daemon run --help' for its other members and --lm-* flags).`,
		Example: `  ocap relay start &
  ocap daemon start --local-relay
  ocap daemon start --relay /dns4/relay.example/tcp/9001/wss/p2p/12D3KooW... --listen /ip4/0.0.0.0/tcp/4001`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runDaemonStart(cmd, &startOpts) },
	}
	bindStartFlags(start, &startOpts)
	var detached bool
	var runOpts startOptions
	run := &cobra.Command{
		Use:   "run",
		Short: "Run the daemon in the foreground (for systemd and containers)",
		Long: `Run the daemon in the foreground until SIGINT, SIGTERM or a shutdown request.
The log goes to $OCAP_HOME/daemon.log and to stderr. Exits 3 if another daemon
already runs on the same home.

It listens on $OCAP_SOCKET_PATH if that is set (as upstream's daemon does),
else on $OCAP_HOME/daemon.sock. The other daemon commands only call
$OCAP_HOME/daemon.sock.

--relay and --listen start remote comms before the socket is served; they
override the relays and direct listen addresses of $OCAP_HOME/config.json.
A kernel that ran remote comms before resumes them with the options it was
first given, and these are then not applied.

--vat-memory-limit caps each JavaScript vat's heap (MiB, default 256, or
"vats": {"memoryLimitMiB": N} in config.json); a vat's own
creationOptions.memoryLimitMiB takes precedence. A vat that reaches its cap
is terminated.

--lm-url, --lm-model, --lm-api and --lm-api-key-file offer the
languageModelService kernel service to subclusters that list it in their
services, backed by an Ollama or OpenAI-compatible server; they override
config.json's "lm": {"backend": "ollama"|"openai", "baseUrl": "...",
"models": [...], "apiKeyFile": "...", "apiKeyEnv": "...",
"requestsPerMinute": N, "tokensPerMinute": N, "timeoutSeconds": N}. Only the
listed models may be asked for; quotas count per subcluster. Without either,
subclusters that list the service are refused at launch.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runDaemonRun(cmd, detached, &runOpts) },
	}
	run.Flags().BoolVar(&detached, "detached", false, "log to daemon.log only (set by 'daemon start')")
	run.Flags().Int64Var(&runOpts.vatMemoryMiB, "vat-memory-limit", 0, "memory cap of each JavaScript vat in MiB (default from config.json, else 256)")
	run.Flags().MarkHidden("detached")
	bindRemoteFlags(run, &runOpts)
	bindLMFlags(run, &runOpts)
	stop := &cobra.Command{
		Use:   "stop",
		Short: "Stop the daemon",
		Long: `Ask the daemon to shut down, then send SIGTERM (after 5 s) and SIGKILL (after
5 more) if it has not exited. Only the process holding the home's lock is
ever signalled. Exits 1 if the daemon did not stop.`,
		Args: cobra.NoArgs,
		RunE: runDaemonStop,
	}
	var force bool
	purge := &cobra.Command{
		Use:     "purge --force",
		Aliases: []string{"begone"},
		Short:   "Stop the daemon and delete all its state",
		Long: `Stop the daemon, then delete the kernel database (kernel.sqlite and its -wal,
-shm and -journal files), daemon.sock, daemon.pid, and daemon.log with its
rotated backups. The home directory, daemon.lock and config.json stay.
Refuses to delete anything while the daemon is still running.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runDaemonPurge(cmd, force) },
	}
	purge.Flags().BoolVar(&force, "force", false, "confirm deleting all daemon state (required)")
	purge.MarkFlagRequired("force")

	var execTimeout string
	execCmd := &cobra.Command{
		Use:   "exec [method] [params-json]",
		Short: "Call a kernel-control method (default getStatus), starting the daemon if needed",
		Long: `Call a kernel-control JSON-RPC method on the daemon and print its result on
stdout as JSON (indented on a terminal, one line otherwise). The daemon is started if
it is not running. For launchSubcluster, relative bundleSpec paths are
resolved against the current directory.

Methods: getStatus, launchSubcluster {config}, terminateSubcluster {id},
queueMessage [kref, method, args], pingVat {id}, restartVat {id},
terminateVat {id}, terminateAllVats, clearState, collectGarbage,
issueOcapURL {kref}, redeemOcapURL {url}, revoke {kref}, isRevoked {kref},
releaseKrefs {krefs}, initRemoteComms {relays, directListenAddresses, ...},
registerLocationHints {peerId, hints}, executeDBQuery {sql} (read-only),
shutdown.

The kernel keeps every object or promise whose kref it hands out (in a
queueMessage or launchSubcluster result, from redeemOcapURL, or named by an
issued OCAP URL) until releaseKrefs '{"krefs":["ko5",...]}' lets it go.

A JSON-RPC error prints "Error: <message> (code N)" and exits 1.`,
		Example: `  ocap daemon exec
  ocap daemon exec pingVat '{"id":"v1"}'
  ocap daemon exec queueMessage '["ko4","hello",["me"]]'
  ocap daemon exec executeDBQuery '{"sql":"SELECT key, value FROM kv LIMIT 5"}'`,
		Args: cobra.MaximumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error { return runDaemonExec(cmd, args, execTimeout) },
	}
	execCmd.Flags().StringVar(&execTimeout, "timeout", "", "seconds to wait for the result (default: no limit)")

	var qmTimeout string
	var raw bool
	qm := &cobra.Command{
		Use:   "queueMessage <target> <method> [args-json]",
		Short: "Send a message to an object and print the decoded result",
		Long: `Send method(args...) to the object target (a kref such as ko4) and print the
result on stdout as JSON (indented on a terminal, one line otherwise).
args-json must be a JSON array (default []). The daemon is started if it is
not running.

A CapData result ({"body", "slots"}) is shown as upstream's prettifySmallcaps
shows it: the body's JSON with slot references as "<ko5>" or
"<ko5> (Alleged: Counter)" ("<?N>" for a missing slot), promises as "<kp3>",
bigints as "12n", undefined, NaN, Infinity and -Infinity as "[undefined]",
"[NaN]", ..., symbols as "[Symbol: name]", errors as "[TypeError: boom]",
tagged values as {"[Tagged: tag]": payload}, and "!" escapes of strings and
keys removed. A body that does not start with '#' is an error (exit 1). With
--raw, or when the result is not CapData, it is printed as it is.`,
		Example: `  ocap daemon queueMessage ko4 hello '["me"]'
  ocap daemon queueMessage ko6 get --raw`,
		Args: cobra.RangeArgs(2, 3),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDaemonQueueMessage(cmd, args, raw, qmTimeout)
		},
	}
	qm.Flags().BoolVar(&raw, "raw", false, "print the raw CapData result")
	qm.Flags().StringVar(&qmTimeout, "timeout", "", "seconds to wait for the result (default: no limit)")

	var redeemTimeout string
	redeem := &cobra.Command{
		Use:   "redeem-url <url>",
		Short: "Redeem an OCAP URL and print the kref it designates",
		Long: `Redeem an OCAP URL (ocap:<oid>@<peer id>[,<hint>...]) and print on stdout, as
a JSON string on one line, the kref this kernel uses for the object. A URL issued by another
kernel needs remote comms (see 'daemon start --local-relay'): the issuing
kernel is reached through the URL's relay hints, and the kernel gives up after
30 s. The kref can then be used with 'daemon queueMessage'.`,
		Example: `  ocap daemon redeem-url 'ocap:zAb3...@12D3KooW...,/ip4/203.0.113.7/tcp/9001/ws/p2p/12D3KooW...'
  ocap daemon queueMessage ko12 hello '["me"]'`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDaemonCall(cmd, "redeemOcapURL", map[string]string{"url": args[0]}, redeemTimeout)
		},
	}
	redeem.Flags().StringVar(&redeemTimeout, "timeout", "", "seconds to wait for the result (default: no limit)")

	status := &cobra.Command{
		Use:   "status",
		Short: "Report whether the daemon is running",
		Long: `Print "Daemon is running (PID: n). Socket: <path>" on stderr and exit 0, or
"Daemon is not running." and exit 1. It never starts the daemon.`,
		Args: cobra.NoArgs,
		RunE: runDaemonStatus,
	}
	d.AddCommand(start, run, stop, purge, execCmd, qm, redeem, status, newDaemonUICmd())
	root.AddCommand(d)
}

// daemonHome resolves --home, then $OCAP_HOME, then ~/.ocap.
func daemonHome(cmd *cobra.Command) (string, error) {
	if f := cmd.Flags().Lookup("home"); f != nil && f.Changed && f.Value.String() == "" {
		// A script whose variable is unset must not act on ~/.ocap.
		return "", errors.New("--home must not be empty")
	}
	if h, _ := cmd.Flags().GetString("home"); h != "" {
		abs, err := filepath.Abs(h)
		if err != nil {
			return "", fmt.Errorf("--home: %w", err)
		}
		return abs, nil
	}
	return client.Home()
}

// tildePath shows p with the user's home directory as ~, as upstream does.
func tildePath(p string) string {
	u, err := os.UserHomeDir()
	if err != nil || u == "" || u == "/" {
		return p
	}
	if rel, err := filepath.Rel(u, p); err == nil && rel != ".." && !strings.HasPrefix(rel, "../") {
		return filepath.Join("~", rel)
	}
	return p
}

func runDaemonStart(cmd *cobra.Command, o *startOptions) error {
	stderr := cmd.ErrOrStderr()
	home, err := daemonHome(cmd)
	if err != nil {
		return err
	}
	var rc api.RemoteCommsOptions
	if o.localRelay {
		addr, msg := localRelayAddr()
		if msg != "" {
			fmt.Fprintln(stderr, msg)
			return exitWith(1)
		}
		rc.Relays = append(rc.Relays, addr)
	}
	rc.Relays = append(rc.Relays, o.relays...)
	rc.DirectListenAddrs = o.listen
	if err := daemon.ValidateRemoteComms(rc); err != nil {
		return err
	}
	lm := o.lmArgs()
	if len(lm) > 0 && ping(cmd.Context(), home, pingTimeout) {
		// The model server is the daemon process's own setting.
		fmt.Fprintln(stderr, "Error: a daemon already runs on this home; --lm-* apply when a daemon starts ('ocap daemon stop' first)")
		return exitWith(1)
	}
	if err := ensureDaemon(cmd.Context(), home, stderr, lm...); err != nil {
		return err
	}
	if len(rc.Relays) > 0 || len(rc.DirectListenAddrs) > 0 {
		if err := startRemoteComms(cmd.Context(), home, rc, o.localRelay, stderr); err != nil {
			return err
		}
	}
	fmt.Fprintf(stderr, "Daemon running. Socket: %s\n", tildePath(client.SocketPath(home)))
	return nil
}

// startRemoteComms is the remote-comms half of `daemon start` (upstream
// #891): nothing if getStatus already reports them connected, else
// initRemoteComms.
func startRemoteComms(ctx context.Context, home string, rc api.RemoteCommsOptions, local bool, stderr io.Writer) error {
	c := client.New(client.SocketPath(home))
	failed := func(err error) error {
		var rpcErr *client.RPCError
		if errors.As(err, &rpcErr) {
			fmt.Fprintf(stderr, "Failed to initialize remote comms: %s\n", rpcErr.Message)
		} else {
			fmt.Fprintf(stderr, "Failed to initialize remote comms: %v\n", err)
		}
		return exitWith(1)
	}
	sctx, cancel := context.WithTimeout(ctx, remoteStatusTimeout)
	raw, err := c.Call(sctx, "getStatus", nil)
	cancel()
	if err != nil {
		return failed(err)
	}
	var st api.Status
	if err := json.Unmarshal(raw, &st); err != nil {
		return failed(fmt.Errorf("getStatus: %w", err))
	}
	if st.RemoteComms.State == api.RemoteCommsConnected {
		fmt.Fprintln(stderr, "Remote comms already initialized.")
		return nil
	}
	ictx, cancel := context.WithTimeout(ctx, remoteInitTimeout)
	defer cancel()
	if _, err := c.Call(ictx, "initRemoteComms", rc); err != nil {
		return failed(err)
	}
	if local {
		fmt.Fprintln(stderr, "Remote comms initialized with local relay.")
	} else {
		fmt.Fprintln(stderr, "Remote comms initialized.")
	}
	return nil
}

// localRelayAddr reads the address of the relay that `ocap relay start`
// runs on this machine. A non-empty msg is the upstream error to print.
func localRelayAddr() (addr, msg string) {
	const notRunning = "Relay is not running. Start it with: ocap relay start"
	dir, err := relayhome.Dir()
	if err != nil {
		return "", err.Error()
	}
	if _, err := os.Stat(dir); err != nil {
		return "", notRunning // no relay home: no relay ever ran here
	}
	h, err := relayhome.Open(dir)
	if err != nil {
		return "", err.Error()
	}
	st, err := h.Probe()
	if err != nil {
		return "", err.Error()
	}
	if !st.Running {
		return "", notRunning
	}
	addr, err = h.ReadAddr()
	if err != nil || addr == "" {
		return "", "Relay address file not found. Restart the relay."
	}
	return addr, ""
}

// startOptions are the remote-comms flags of `daemon start` and `run`.
type startOptions struct {
	localRelay     bool
	relays, listen []string
	vatMemoryMiB   int64
	lm             daemon.LMConfig
}

func bindLMFlags(cmd *cobra.Command, o *startOptions) {
	cmd.Flags().StringVar(&o.lm.BaseURL, "lm-url", "", "base URL of the model server behind languageModelService, e.g. http://127.0.0.1:11434")
	cmd.Flags().StringArrayVar(&o.lm.Models, "lm-model", nil, "a model subclusters may use through languageModelService (repeatable: the allowlist)")
	cmd.Flags().StringVar(&o.lm.Backend, "lm-api", "", "model server API: ollama (default) or openai (any OpenAI-compatible server)")
	cmd.Flags().StringVar(&o.lm.APIKeyFile, "lm-api-key-file", "", "file holding the model server's API key (never logged)")
}

func bindStartFlags(cmd *cobra.Command, o *startOptions) {
	cmd.Flags().BoolVar(&o.localRelay, "local-relay", false, "start remote comms through the local relay ($LIBP2P_RELAY_HOME/relay.addr)")
	bindRemoteFlags(cmd, o)
	bindLMFlags(cmd, o)
}

// lmArgs are the --lm-* flags of o, for the 'daemon run' a start spawns.
func (o *startOptions) lmArgs() []string {
	var args []string
	if o.lm.BaseURL != "" {
		args = append(args, "--lm-url", o.lm.BaseURL)
	}
	for _, m := range o.lm.Models {
		args = append(args, "--lm-model", m)
	}
	if o.lm.Backend != "" {
		args = append(args, "--lm-api", o.lm.Backend)
	}
	if o.lm.APIKeyFile != "" {
		args = append(args, "--lm-api-key-file", o.lm.APIKeyFile)
	}
	return args
}

func bindRemoteFlags(cmd *cobra.Command, o *startOptions) {
	cmd.Flags().StringArrayVar(&o.relays, "relay", nil, "relay multiaddr ending in /p2p/<peer id> to start remote comms with (repeatable)")
	cmd.Flags().StringArrayVar(&o.listen, "listen", nil, "direct listen multiaddr for remote comms, e.g. /ip4/0.0.0.0/tcp/4001 (repeatable)")
}

func runDaemonRun(cmd *cobra.Command, detached bool, o *startOptions) error {
	home, err := daemonHome(cmd)
	if err != nil {
		return err
	}
	sock, err := client.DaemonSocketPath(home)
	if err != nil {
		return err
	}
	opts := daemon.RunOptions{Home: home, SocketPath: sock, VatMemoryLimitMiB: o.vatMemoryMiB}
	if len(o.relays) > 0 || len(o.listen) > 0 {
		opts.RemoteComms = &api.RemoteCommsOptions{Relays: o.relays, DirectListenAddrs: o.listen}
	}
	if o.lm.BaseURL != "" || len(o.lm.Models) > 0 || o.lm.Backend != "" || o.lm.APIKeyFile != "" {
		opts.LM = &o.lm
	}
	opts.LMService = lmservice.FromConfig
	if !detached {
		opts.Stderr = cmd.ErrOrStderr()
	}
	err = daemon.Run(cmd.Context(), opts)
	var running *daemon.AlreadyRunningError
	if errors.As(err, &running) {
		fmt.Fprintf(cmd.ErrOrStderr(), "Error: %v\n", err)
		return exitWith(exitAlreadyRunning)
	}
	return err
}

func runDaemonStop(cmd *cobra.Command, _ []string) error {
	home, err := daemonHome(cmd)
	if err != nil {
		return err
	}
	if !stopDaemon(cmd.Context(), home, cmd.ErrOrStderr()) {
		return exitWith(1)
	}
	return nil
}

func runDaemonPurge(cmd *cobra.Command, force bool) error {
	stderr := cmd.ErrOrStderr()
	if !force {
		fmt.Fprintln(stderr, "Usage: ocap daemon purge --force\nThis will delete all OCAP daemon state.")
		return exitWith(1)
	}
	home, err := daemonHome(cmd)
	if err != nil {
		return err
	}
	if !stopDaemon(cmd.Context(), home, stderr) {
		fmt.Fprintln(stderr, "Refusing to delete state while the daemon is still running.")
		return exitWith(1)
	}
	// stopDaemon saw the lock free; a daemon that started since would
	// hold it again, and its files must stay.
	if _, held, err := daemon.LockHolder(daemon.Layout{Home: home}.Lock()); err != nil || held {
		fmt.Fprintln(stderr, "Refusing to delete state while the daemon is still running.")
		return exitWith(1)
	}
	if err := daemon.DeleteDaemonState(daemon.DeleteStateOptions{Home: home}); err != nil {
		return err
	}
	fmt.Fprintln(stderr, "All daemon state deleted.")
	return nil
}

func runDaemonStatus(cmd *cobra.Command, _ []string) error {
	home, err := daemonHome(cmd)
	if err != nil {
		return err
	}
	stderr := cmd.ErrOrStderr()
	sock := client.SocketPath(home)
	ctx, cancel := context.WithTimeout(cmd.Context(), pingTimeout)
	defer cancel()
	if err := client.New(sock).Ping(ctx); err != nil {
		l := daemon.Layout{Home: home}
		if _, held, _ := daemon.LockHolder(l.Lock()); !held {
			if reason, ok := daemon.LastFatal(l.Log()); ok {
				fmt.Fprintf(stderr, "Daemon is not running. Its last run ended on an error: %s (see %s)\n", reason, tildePath(l.Log()))
				return exitWith(1)
			}
		}
		fmt.Fprintln(stderr, "Daemon is not running.")
		return exitWith(1)
	}
	pid, _, _ := daemon.LockHolder(daemon.Layout{Home: home}.Lock())
	if pid > 0 {
		fmt.Fprintf(stderr, "Daemon is running (PID: %d). Socket: %s\n", pid, tildePath(sock))
	} else {
		fmt.Fprintf(stderr, "Daemon is running. Socket: %s\n", tildePath(sock))
	}
	return nil
}

// parseTimeout parses --timeout: empty means none, else a positive number
// of seconds.
func parseTimeout(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("--timeout must be a positive integer, got: %s", s)
	}
	return time.Duration(n) * time.Second, nil
}

func runDaemonExec(cmd *cobra.Command, args []string, timeout string) error {
	stderr := cmd.ErrOrStderr()
	d, err := parseTimeout(timeout)
	if err != nil {
		return err
	}
	method := "getStatus"
	if len(args) > 0 {
		method = args[0]
	}
	var params any
	if len(args) > 1 {
		p, err := execParams(method, args[1])
		if err != nil {
			fmt.Fprintln(stderr, "Error: params-json must be valid JSON.")
			return exitWith(1)
		}
		params = p
	}
	return callAndPrint(cmd, method, params, d, nil, false)
}

// execParams parses params-json; for launchSubcluster it resolves
// relative bundleSpecs against the working directory, as upstream does,
// keeping every other byte of the params and the order of the vats.
func execParams(method, text string) (any, error) {
	var v any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		return nil, err
	}
	if v == nil {
		return nil, errors.New("params are null")
	}
	if method != "launchSubcluster" {
		return json.RawMessage(text), nil
	}
	var params orderedObject
	if json.Unmarshal([]byte(text), &params) != nil {
		return json.RawMessage(text), nil // not an object: the daemon says why
	}
	var cfg orderedObject
	if raw, ok := params.get("config"); !ok || json.Unmarshal(raw, &cfg) != nil {
		return json.RawMessage(text), nil
	}
	if _, ok := cfg.get("bootstrap"); !ok {
		return json.RawMessage(text), nil
	}
	rawVats, _ := cfg.get("vats")
	if string(rawVats) == "null" {
		return nil, errors.New("config.vats is null")
	}
	var vats orderedObject
	if json.Unmarshal(rawVats, &vats) != nil {
		return json.RawMessage(text), nil
	}
	for i, name := range vats.keys {
		var vc orderedObject
		if json.Unmarshal(vats.vals[i], &vc) != nil {
			continue
		}
		rawSpec, ok := vc.get("bundleSpec")
		var spec string
		if !ok || json.Unmarshal(rawSpec, &spec) != nil || !isRelativeSpec(spec) {
			continue
		}
		abs, err := filepath.Abs(spec)
		if err != nil {
			return nil, fmt.Errorf("resolve bundleSpec of vat %s: %w", name, err)
		}
		u, _ := json.Marshal(fileURL(abs))
		vc.set("bundleSpec", u)
		vats.vals[i], _ = json.Marshal(vc)
	}
	b, _ := json.Marshal(vats)
	cfg.set("vats", b)
	b, _ = json.Marshal(cfg)
	params.set("config", b)
	return params, nil
}

// isRelativeSpec reports whether a bundleSpec is a path to resolve: not a
// URL (upstream: no "://") and not a Go vat name ("go:<name>").
func isRelativeSpec(spec string) bool {
	return !strings.Contains(spec, "://") && !strings.HasPrefix(spec, "go:")
}

func runDaemonQueueMessage(cmd *cobra.Command, args []string, raw bool, timeout string) error {
	stderr := cmd.ErrOrStderr()
	d, err := parseTimeout(timeout)
	if err != nil {
		return err
	}
	argsJSON := "[]"
	if len(args) > 2 {
		argsJSON = args[2]
	}
	var callArgs any
	if err := json.Unmarshal([]byte(argsJSON), &callArgs); err != nil {
		fmt.Fprintln(stderr, "Error: args-json must be valid JSON.")
		return exitWith(1)
	}
	if _, ok := callArgs.([]any); !ok {
		fmt.Fprintln(stderr, "Error: args-json must be a JSON array.")
		return exitWith(1)
	}
	params := []any{args[0], args[1], json.RawMessage(argsJSON)}
	show := func(v any) (any, error) {
		if raw || !isCapData(v) {
			return v, nil
		}
		return prettifySmallcaps(v.(*jsObject))
	}
	return callAndPrint(cmd, "queueMessage", params, d, show, false)
}

// runDaemonCall calls method and prints its result on one line, as
// upstream's redeem-url does whatever stdout is.
func runDaemonCall(cmd *cobra.Command, method string, params any, timeout string) error {
	d, err := parseTimeout(timeout)
	if err != nil {
		return err
	}
	return callAndPrint(cmd, method, params, d, nil, true)
}

// callAndPrint ensures the daemon runs, calls method and prints the result
// on stdout as upstream does: JSON.stringify of the parsed result (after
// show, if any), indented by two spaces on a terminal unless compact.
func callAndPrint(cmd *cobra.Command, method string, params any, timeout time.Duration, show func(any) (any, error), compact bool) error {
	home, err := daemonHome(cmd)
	if err != nil {
		return err
	}
	ctx := cmd.Context()
	if err := ensureDaemon(ctx, home, cmd.ErrOrStderr()); err != nil {
		return err
	}
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	res, err := client.New(client.SocketPath(home)).Call(ctx, method, params)
	var rpcErr *client.RPCError
	if errors.As(err, &rpcErr) {
		fmt.Fprintf(cmd.ErrOrStderr(), "Error: %s (code %d)\n", rpcErr.Message, rpcErr.Code)
		return exitWith(1)
	}
	if err != nil {
		return err
	}
	return printResult(cmd.OutOrStdout(), res, show, compact)
}

// printResult writes JSON.stringify(show(JSON.parse(raw))) and a newline;
// an absent result is JavaScript's undefined.
func printResult(w io.Writer, raw json.RawMessage, show func(any) (any, error), compact bool) error {
	var v any = jsUndefined{}
	if len(raw) > 0 {
		var err error
		if v, err = parseJS(string(raw)); err != nil {
			return fmt.Errorf("daemon result: %w", err)
		}
	}
	if show != nil {
		var err error
		if v, err = show(v); err != nil {
			return err
		}
	}
	indent := ""
	if !compact && isTerminal(w) {
		indent = "  "
	}
	out, ok := stringifyJS(v, indent)
	if !ok {
		out = "undefined" // what `${JSON.stringify(undefined)}` prints
	}
	_, err := io.WriteString(w, out+"\n")
	return err
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
