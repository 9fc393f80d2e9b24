package main

import (
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/ocap-kernel/ocap-go/cli/internal/relayhome"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"ocap":       func() { os.Exit(Main()) },
		"fake-relay": func() { os.Exit(fakeRelay(os.Args[1:])) },
	})
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"waitfor":          cmdWaitFor,
			"waitgrep":         cmdWaitGrep,
			"serverport":       cmdServerPort,
			"httpget":          cmdHTTPGet,
			"fake-ollama":      cmdFakeOllama,
			"fake-ollama-chat": cmdFakeOllamaChat,
			"stdoutenv":        cmdStdoutEnv,
		},
		Setup: func(env *testscript.Env) error {
			// Never touch the real ~/.libp2p-relay or the caller's settings.
			env.Setenv("LIBP2P_RELAY_HOME", env.WorkDir+"/relayhome")
			env.Setenv("LIBP2P_RELAY_PUBLIC_IP", "")
			return nil
		},
	})
}

// waitForTimeout bounds waitfor; it is a failure deadline, not a pacing
// assumption: waitfor returns as soon as the file appears.
const waitForTimeout = 30 * time.Second

// cmdWaitFor implements `waitfor file`: poll until file exists (e.g.
// relay.addr, written once a background relay is listening).
func cmdWaitFor(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! waitfor")
	}
	if len(args) != 1 {
		ts.Fatalf("usage: waitfor file")
	}
	path := ts.MkAbs(args[0])
	deadline := time.Now().Add(waitForTimeout)
	for {
		if _, err := os.Stat(path); err == nil {
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("%s did not appear within %v", args[0], waitForTimeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// fakeRelay stands in for misbehaving relays in the stop tests. It signals
// readiness by creating $LIBP2P_RELAY_HOME/ready.
//
//	fake-relay stubborn  holds the relay lock and ignores SIGTERM, so only
//	                     `relay stop --force` (SIGKILL) ends it.
//	fake-relay imposter  writes its PID to relay.pid WITHOUT the lock; it
//	                     creates "signalled" and exits 1 on SIGTERM, and exits
//	                     0 on SIGINT.
func fakeRelay(args []string) int {
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "usage: fake-relay stubborn|imposter")
		return 2
	}
	dir, err := relayhome.Dir()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	home, err := relayhome.Open(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ready := func() error { return os.WriteFile(home.Path("ready"), nil, 0o644) }
	switch args[0] {
	case "stubborn":
		signal.Ignore(syscall.SIGTERM)
		lock, err := home.Acquire(os.Getpid())
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer lock.Release()
		if err := ready(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		select {} // until SIGKILL
	case "imposter":
		sigs := make(chan os.Signal, 1)
		signal.Notify(sigs, syscall.SIGTERM, os.Interrupt)
		if err := os.WriteFile(home.Path(relayhome.PIDFile), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if err := ready(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if <-sigs == os.Interrupt {
			return 0
		}
		os.WriteFile(home.Path("signalled"), nil, 0o644)
		return 1
	default:
		fmt.Fprintf(os.Stderr, "fake-relay: unknown mode %q\n", args[0])
		return 2
	}
}
