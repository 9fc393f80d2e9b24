package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
	"github.com/ocap-kernel/ocap-go/nodejs-daemon/client"
)

// ping reports whether a daemon answers getStatus on home's socket.
func ping(ctx context.Context, home string, timeout time.Duration) bool {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return client.New(client.SocketPath(home)).Ping(ctx) == nil
}

// ensureDaemon makes sure a daemon answers on home's socket: if none
// does, it starts `ocap daemon run` detached (its own session, stdin
// /dev/null, output appended to daemon.log) and waits until one answers.
// While the home's lock is held by a daemon that does not answer (one
// starting, or one stopping), it waits, and starts its own once the lock
// is free, so a start that meets a stop ends with a running daemon.
// Concurrent callers may each spawn one; the lock lets only one run and
// the others exit, so every caller ends up with the same daemon.
// runArgs are extra flags for the 'daemon run' it spawns.
func ensureDaemon(ctx context.Context, home string, stderr io.Writer, runArgs ...string) error {
	if ping(ctx, home, pingTimeout) {
		return nil
	}
	l := daemon.Layout{Home: home}
	fmt.Fprintln(stderr, "Starting daemon...")
	ctx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	var child *spawned // ours, while it runs
	delay := daemonPollMin
	for {
		if ping(ctx, home, pingTimeout) {
			child.waitIfLoser(l)
			fmt.Fprintln(stderr, "Daemon ready.")
			return nil
		}
		if child == nil {
			_, held, err := daemon.LockHolder(l.Lock())
			if err != nil {
				return err
			}
			if !held { // nobody runs, starts or stops a daemon here
				if child, err = spawnDaemon(home, runArgs...); err != nil {
					return err
				}
			}
		}
		var exited <-chan error
		if child != nil {
			exited = child.exited
		}
		select {
		case err := <-exited:
			var ee *exec.ExitError
			if errors.As(err, &ee) && ee.ExitCode() == exitAlreadyRunning {
				child = nil // another daemon holds the lock: wait for it, or for it to go
				continue
			}
			return fmt.Errorf("daemon exited during start-up (%v); see %s", err, l.Log())
		case <-ctx.Done():
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return fmt.Errorf("Daemon did not start within %v; see %s", startTimeout, l.Log())
			}
			return ctx.Err()
		case <-time.After(delay):
		}
		delay = min(2*delay, daemonPollMax)
	}
}

// spawned is a daemon process this command started.
type spawned struct {
	pid    int
	exited chan error
}

// waitIfLoser waits (briefly) for a spawned daemon that lost the lock to
// another to exit, so that no stray process outlives the command.
func (c *spawned) waitIfLoser(l daemon.Layout) {
	if c == nil {
		return
	}
	if pid, held, err := daemon.LockHolder(l.Lock()); err == nil && held && pid == c.pid {
		return // ours is the daemon
	}
	select {
	case <-c.exited:
	case <-time.After(pingTimeout):
	}
}

// spawnDaemon starts `<this executable> daemon run --detached [args]` for
// home in a new session; its exited channel receives its exit status.
func spawnDaemon(home string, args ...string) (*spawned, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find the ocap executable: %w", err)
	}
	if err := daemon.EnsureHome(home); err != nil {
		return nil, err
	}
	logFile, err := daemon.AppendLogFile(daemon.Layout{Home: home}.Log())
	if err != nil {
		return nil, fmt.Errorf("open daemon log: %w", err)
	}
	defer logFile.Close()
	devNull, err := os.Open(os.DevNull)
	if err != nil {
		return nil, err
	}
	defer devNull.Close()
	cmd := exec.Command(exe, append([]string{"daemon", "run", "--detached", "--home", home}, args...)...)
	// As upstream, the daemon is told to listen where this CLI calls,
	// whatever OCAP_SOCKET_PATH the caller has.
	env := withoutEnv(withoutEnv(os.Environ(), client.EnvHome), client.EnvSocketPath)
	cmd.Env = append(env, client.EnvHome+"="+home, client.EnvSocketPath+"="+client.SocketPath(home))
	cmd.Stdin, cmd.Stdout, cmd.Stderr = devNull, logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start daemon: %w", err)
	}
	c := &spawned{pid: cmd.Process.Pid, exited: make(chan error, 1)}
	go func() { c.exited <- cmd.Wait() }()
	return c, nil
}

func withoutEnv(env []string, name string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, name+"=") {
			out = append(out, kv)
		}
	}
	return out
}

// stopDaemon stops home's daemon: a shutdown request, then SIGTERM, then
// SIGKILL, with upstream's waits. Whether the daemon is gone is judged by
// its lock (released only when the process exits or is done), and only
// the process holding the lock is ever signalled, never a pid from a file.
// It reports whether no daemon runs at the end.
func stopDaemon(ctx context.Context, home string, stderr io.Writer) bool {
	l := daemon.Layout{Home: home}
	_, held, err := daemon.LockHolder(l.Lock())
	if err != nil {
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return false
	}
	answers := held && ping(ctx, home, pingTimeout)
	if !held {
		// Nothing holds the lock: any pid file or socket is stale.
		os.Remove(l.PID())
		fmt.Fprintln(stderr, "Daemon is not running.")
		return true
	}
	fmt.Fprintln(stderr, "Stopping daemon...")
	stopped := func(wait time.Duration) bool {
		deadline := time.Now().Add(wait)
		for {
			if _, held, err := daemon.LockHolder(l.Lock()); err == nil && !held {
				return true
			}
			if time.Now().After(deadline) {
				return false
			}
			time.Sleep(daemonLockPollGap)
		}
	}
	done := false
	if answers {
		sctx, cancel := context.WithTimeout(ctx, shutdownTimeout)
		client.New(client.SocketPath(home)).Call(sctx, "shutdown", nil) // errors: escalate below
		cancel()
		done = stopped(stopRPCWait)
	}
	for _, step := range []struct {
		sig  syscall.Signal
		wait time.Duration
	}{{syscall.SIGTERM, stopTermWait}, {syscall.SIGKILL, stopKillWait}} {
		if done {
			break
		}
		pid, held, err := daemon.LockHolder(l.Lock())
		if err == nil && !held {
			done = true
			break
		}
		if pid <= 0 {
			break // the lock holder cannot be identified: signal nobody
		}
		if err := syscall.Kill(pid, step.sig); err != nil && !errors.Is(err, syscall.ESRCH) {
			fmt.Fprintf(stderr, "Error: signal daemon (pid %d): %v\n", pid, err)
		}
		done = stopped(step.wait)
	}
	if !done {
		fmt.Fprintln(stderr, "Daemon did not stop within timeout.")
		return false
	}
	os.Remove(l.PID())
	fmt.Fprintln(stderr, "Daemon stopped.")
	return true
}
