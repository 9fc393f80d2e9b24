package cli

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	ma "github.com/multiformats/go-multiaddr"
	"github.com/ocap-kernel/ocap-go/cli/internal/relayhome"
	relaylib "github.com/ocap-kernel/ocap-go/kernel-utils/libp2p"
)

// EnvRelayPublicIP is the upstream environment fallback for --public-ip.
const EnvRelayPublicIP = "LIBP2P_RELAY_PUBLIC_IP"

// Upstream stop timings: SIGTERM then 5 s, SIGKILL (--force) then 2 s.
const (
	relayTermWait = 5 * time.Second
	relayKillWait = 2 * time.Second
	relayPollStep = 50 * time.Millisecond
)

func init() { registerCommands(addRelayCommands) }

type relayStartOptions struct {
	identity             string
	devIdentity          bool
	listen               []string
	announce             []string
	wsPort, tcpPort      int
	publicIP             string
	maxReservations      int
	maxCircuits          int
	maxReservationsPerIP int
	circuitDataLimit     int64
	circuitDurationLimit time.Duration
	reservationTTL       time.Duration
}

const relayLong = `Run and manage the libp2p circuit relay that ocap kernels use to reach each
other (upstream: ocap relay).

The relay state lives in $LIBP2P_RELAY_HOME (default ~/.libp2p-relay, created
0700): relay.lock (held by the running relay), relay.pid, relay.addr (the
WebSocket multiaddr kernels should use, read by 'ocap daemon start
--local-relay') and identity.key (the relay's persistent private key).

'ocap relay' with no subcommand is 'ocap relay start'.`

const relayStartLong = `Start the relay in the foreground and keep it running until SIGINT or SIGTERM
(for example from 'ocap relay stop').

By default it listens on /ip4/0.0.0.0/tcp/9001/ws and /ip4/0.0.0.0/tcp/9002,
grants unlimited reservations and puts no data or time limit on relayed
connections (the JS kernel cannot use limited connections), exactly like the
upstream relay. Only one relay runs per relay home.

Identity: a random Ed25519 key is created in $LIBP2P_RELAY_HOME/identity.key
(mode 0600) on first start and reused afterwards, so the peer ID is stable.
A key file readable by group or other is refused. --dev-identity uses the
upstream development key instead (peer ID
12D3KooWJBDqsyHQF2MWiCdU4kdqx4zTsSTLRdShg7Ui6CRWB4uc): its private key is
public knowledge, so use it only on trusted networks.

relay.addr gets the /tcp/<ws-port>/ws address: a public IPv4 one first, then
any non-loopback one, then the first; with --public-ip it is
/ip4/<public-ip>/tcp/<ws-port>/ws/p2p/<peer-id>.

Log lines go to stdout, errors to stderr.`

const relayStartExample = `  # Upstream-compatible relay on ports 9001 (ws) and 9002 (tcp)
  ocap relay start

  # Behind a NAT with a known public address
  ocap relay start --public-ip 203.0.113.7

  # Loopback only, OS-chosen ports
  ocap relay start --listen /ip4/127.0.0.1/tcp/0/ws --listen /ip4/127.0.0.1/tcp/0

  # A bounded relay for Go peers only (limited circuits break JS kernels)
  ocap relay start --max-reservations 1024 --max-circuits 32`

func addRelayCommands(root *cobra.Command) {
	var bare relayStartOptions
	relay := &cobra.Command{
		Use:     "relay",
		Short:   "Run and manage the libp2p relay (default: start)",
		Long:    relayLong,
		Example: relayStartExample,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runRelayStart(cmd, &bare)
		},
	}
	bindRelayStartFlags(relay, &bare)

	var opts relayStartOptions
	start := &cobra.Command{
		Use:     "start",
		Short:   "Start the relay in the foreground",
		Long:    relayStartLong,
		Example: relayStartExample,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runRelayStart(cmd, &opts)
		},
	}
	bindRelayStartFlags(start, &opts)

	status := &cobra.Command{
		Use:   "status",
		Short: "Report whether the relay is running",
		Long: `Report whether a relay holds the lock in $LIBP2P_RELAY_HOME.

Prints "Relay is running (PID: n)." and exits 0, or "Relay is not running."
and exits 1. Stale relay.pid and relay.addr files are removed.`,
		Example: "  ocap relay status && cat ~/.libp2p-relay/relay.addr",
		Args:    cobra.NoArgs,
		RunE:    runRelayStatus,
	}

	var force bool
	stop := &cobra.Command{
		Use:   "stop",
		Short: "Stop the running relay",
		Long: `Send SIGTERM to the running relay and wait up to 5 s for it to exit.
With --force, send SIGKILL if it is still running and wait 2 more seconds.

Only the process holding the relay lock is ever signalled. A relay that is
not running is not an error. Exits 1 with "Relay did not stop within
timeout." if the relay is still running at the end.`,
		Example: "  ocap relay stop\n  ocap relay stop --force",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runRelayStop(cmd, force)
		},
	}
	stop.Flags().BoolVar(&force, "force", false, "send SIGKILL if the relay ignores SIGTERM for 5 s")

	relay.AddCommand(start, status, stop)
	root.AddCommand(relay)
}

func bindRelayStartFlags(cmd *cobra.Command, o *relayStartOptions) {
	fs := cmd.Flags()
	fs.StringVar(&o.identity, "identity", "", "private key file (default $LIBP2P_RELAY_HOME/identity.key; created 0600 if missing)")
	fs.BoolVar(&o.devIdentity, "dev-identity", false, "use the fixed, publicly known upstream development identity")
	fs.StringArrayVar(&o.listen, "listen", nil, "multiaddr to listen on (repeatable; default /ip4/0.0.0.0/tcp/<ws-port>/ws and /ip4/0.0.0.0/tcp/<tcp-port>)")
	fs.IntVar(&o.wsPort, "ws-port", relaylib.DefaultWSPort, "WebSocket port of the default listen addresses")
	fs.IntVar(&o.tcpPort, "tcp-port", relaylib.DefaultTCPPort, "TCP port of the default listen addresses")
	fs.StringArrayVar(&o.announce, "announce", nil, "extra multiaddr to advertise (repeatable)")
	fs.StringVar(&o.publicIP, "public-ip", "", "public IPv4 address to advertise (default $"+EnvRelayPublicIP+")")
	fs.IntVar(&o.maxReservations, "max-reservations", 0, "maximum active reservations (0 = unlimited)")
	fs.IntVar(&o.maxCircuits, "max-circuits", 0, "maximum relayed connections per peer (0 = unlimited)")
	fs.IntVar(&o.maxReservationsPerIP, "max-reservations-per-ip", 0, "maximum reservations per IP address (0 = unlimited)")
	fs.Int64Var(&o.circuitDataLimit, "circuit-data-limit", 0, "bytes relayed per connection and direction (0 = unlimited; any limit breaks JS kernels)")
	fs.DurationVar(&o.circuitDurationLimit, "circuit-duration-limit", 0, "lifetime of a relayed connection (0 = unlimited; any limit breaks JS kernels)")
	fs.DurationVar(&o.reservationTTL, "reservation-ttl", relaylib.DefaultReservationTTL, "reservation lifetime")
	cmd.MarkFlagsMutuallyExclusive("identity", "dev-identity")
	cmd.MarkFlagsMutuallyExclusive("listen", "ws-port")
	cmd.MarkFlagsMutuallyExclusive("listen", "tcp-port")
}

// relayConfig turns flags into a relay configuration and validates them.
func (o *relayStartOptions) relayConfig(fs *pflag.FlagSet, home *relayhome.Home) (relaylib.Config, error) {
	cfg := relaylib.Config{
		ListenAddrs:    o.listen,
		AnnounceAddrs:  o.announce,
		DevIdentity:    o.devIdentity,
		ReservationTTL: o.reservationTTL,
	}
	if len(cfg.ListenAddrs) == 0 {
		for _, p := range []int{o.wsPort, o.tcpPort} {
			if p < 0 || p > 65535 {
				return cfg, fmt.Errorf("invalid port %d", p)
			}
		}
		cfg.ListenAddrs = []string{
			"/ip4/0.0.0.0/tcp/" + strconv.Itoa(o.wsPort) + "/ws",
			"/ip4/0.0.0.0/tcp/" + strconv.Itoa(o.tcpPort),
		}
	}
	if !o.devIdentity {
		cfg.IdentityFile = o.identity
		if cfg.IdentityFile == "" {
			cfg.IdentityFile = home.Path(relayhome.IdentityFile)
		}
	}
	if !fs.Changed("public-ip") {
		o.publicIP = os.Getenv(EnvRelayPublicIP)
	}
	if o.publicIP != "" {
		ip, err := netip.ParseAddr(o.publicIP)
		if err != nil || !ip.Is4() {
			return cfg, fmt.Errorf("--public-ip must be an IPv4 address, got %q", o.publicIP)
		}
		cfg.PublicIP = o.publicIP
	}
	if o.maxReservations != 0 || o.maxCircuits != 0 || o.maxReservationsPerIP != 0 ||
		o.circuitDataLimit != 0 || o.circuitDurationLimit != 0 {
		cfg.Limits = &relaylib.Limits{
			MaxReservations:      o.maxReservations,
			MaxCircuits:          o.maxCircuits,
			MaxReservationsPerIP: o.maxReservationsPerIP,
			CircuitDataLimit:     o.circuitDataLimit,
			CircuitDurationLimit: o.circuitDurationLimit,
		}
	}
	return cfg, nil
}

// wsListenPort is the port named in the "no ws multiaddr" error: that of
// the first WebSocket listen address, else the --ws-port value.
func wsListenPort(cfg relaylib.Config, fallback int) string {
	for _, s := range cfg.ListenAddrs {
		a, err := ma.NewMultiaddr(s)
		if err != nil {
			continue
		}
		if _, err := a.ValueForProtocol(ma.P_WS); err != nil {
			continue
		}
		if p, err := a.ValueForProtocol(ma.P_TCP); err == nil {
			return p
		}
	}
	return strconv.Itoa(fallback)
}

func openRelayHome() (*relayhome.Home, error) {
	dir, err := relayhome.Dir()
	if err != nil {
		return nil, err
	}
	return relayhome.Open(dir)
}

func runRelayStart(cmd *cobra.Command, o *relayStartOptions) error {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	home, err := openRelayHome()
	if err != nil {
		return err
	}
	cfg, err := o.relayConfig(cmd.Flags(), home)
	if err != nil {
		return err
	}

	lock, err := home.Acquire(os.Getpid())
	var running *relayhome.RunningError
	if errors.As(err, &running) {
		if running.PID > 0 {
			fmt.Fprintf(stderr, "Relay is already running (PID: %d).\n", running.PID)
		} else {
			fmt.Fprintln(stderr, "Relay is already running.")
		}
		return exitWith(1)
	}
	if err != nil {
		return err
	}
	defer lock.Release()

	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	logger := newConsoleLogger(stdout)
	cfg.Logger = logger
	r, err := relaylib.StartRelay(ctx, cfg)
	if err != nil {
		if ctx.Err() != nil {
			return nil // interrupted while starting
		}
		return fmt.Errorf("start relay: %w", err)
	}
	defer r.Close()

	addr, err := relaylib.SelectRelayAddr(r.Addrs(), cfg.PublicIP, r.ID())
	if errors.Is(err, relaylib.ErrNoWSAddr) {
		fmt.Fprintf(stderr, "Relay started but no /tcp/%s/ws multiaddr found\n", wsListenPort(cfg, o.wsPort))
		return exitWith(1) // deferred Close and Release remove the files
	}
	if err != nil {
		return err
	}
	if err := lock.WriteAddr(addr.String()); err != nil {
		return err
	}
	logger.Info("Relay address: " + addr.String())

	<-ctx.Done()
	logger.Info("Shutting down relay...")
	if err := r.Close(); err != nil {
		return err
	}
	if err := lock.Release(); err != nil {
		return err
	}
	logger.Info("Relay stopped.")
	return nil
}

func runRelayStatus(cmd *cobra.Command, _ []string) error {
	home, err := openRelayHome()
	if err != nil {
		return err
	}
	st, err := home.Probe()
	if err != nil {
		return err
	}
	if !st.Running {
		fmt.Fprintln(cmd.OutOrStdout(), "Relay is not running.")
		return exitWith(1)
	}
	if st.PID > 0 {
		fmt.Fprintf(cmd.OutOrStdout(), "Relay is running (PID: %d).\n", st.PID)
	} else {
		fmt.Fprintln(cmd.OutOrStdout(), "Relay is running.")
	}
	return nil
}

func runRelayStop(cmd *cobra.Command, force bool) error {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	ctx := cmd.Context()
	home, err := openRelayHome()
	if err != nil {
		return err
	}
	st, err := home.Probe()
	if err != nil {
		return err
	}
	if !st.Running {
		fmt.Fprintln(stdout, "Relay is not running.")
		return nil
	}
	if st.PID == 0 {
		return fmt.Errorf("relay lock is held but %s names no process; is a relay still starting?", relayhome.PIDFile)
	}
	fmt.Fprintf(stdout, "Stopping relay (PID: %d)...\n", st.PID)

	type stopStep struct {
		sig  os.Signal
		wait time.Duration
	}
	steps := []stopStep{{syscall.SIGTERM, relayTermWait}}
	if force {
		steps = append(steps, stopStep{syscall.SIGKILL, relayKillWait})
	}
	for _, step := range steps {
		// Signal only the process named while the lock is held; re-probe
		// before each signal so a relay that exited meanwhile is not
		// confused with a process that reused its PID.
		st, err := home.Probe()
		if err != nil {
			return err
		}
		if !st.Running {
			break
		}
		if st.PID == 0 {
			return fmt.Errorf("relay lock is held but %s names no process", relayhome.PIDFile)
		}
		if err := signalPID(st.PID, step.sig); err != nil {
			return fmt.Errorf("signal relay (PID %d): %w", st.PID, err)
		}
		stopped, err := waitRelayStopped(ctx, home, step.wait)
		if err != nil {
			return err
		}
		if stopped {
			fmt.Fprintln(stdout, "Relay stopped.")
			return nil
		}
	}
	if st, err := home.Probe(); err == nil && !st.Running {
		fmt.Fprintln(stdout, "Relay stopped.")
		return nil
	}
	fmt.Fprintln(stderr, "Relay did not stop within timeout.")
	return exitWith(1)
}

// waitRelayStopped polls the lock until it is free or timeout elapses.
func waitRelayStopped(ctx context.Context, home *relayhome.Home, timeout time.Duration) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	t := time.NewTicker(relayPollStep)
	defer t.Stop()
	for {
		st, err := home.Probe()
		if err != nil {
			return false, err
		}
		if !st.Running {
			return true, nil
		}
		select {
		case <-ctx.Done():
			return false, nil
		case <-t.C:
		}
	}
}

// signalPID sends sig to pid; a process that is already gone is not an
// error.
func signalPID(pid int, sig os.Signal) error {
	p, err := os.FindProcess(pid)
	if err != nil {
		return err
	}
	defer p.Release()
	if err := p.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	return nil
}
