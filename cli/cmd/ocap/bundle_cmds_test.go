package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// Script commands for the bundle, watch, serve and start scripts
// (registered in script_test.go). Those scripts run long-lived commands in
// the background with their output sent to a log file
// (`exec sh -c 'exec ocap serve ... >serve.log 2>&1' &srv&`), because
// testscript shows a background command's output only after it has exited,
// and these commands wait on that output.

// serverPortRE matches the listening lines of `ocap serve` ("... on
// http://localhost:<port>") and `ocap start` ("... on localhost:<port>").
var serverPortRE = regexp.MustCompile(`(?m) on (?:http://)?localhost:([0-9]+)$`)

// waitGrep polls file until its content matches re, for at most
// waitForTimeout, and returns the match's submatches.
func waitGrep(ts *testscript.TestScript, file string, re *regexp.Regexp) []string {
	path := ts.MkAbs(file)
	deadline := time.Now().Add(waitForTimeout)
	for {
		data, err := os.ReadFile(path)
		if err == nil {
			if m := re.FindStringSubmatch(string(data)); m != nil {
				return m
			}
		}
		if time.Now().After(deadline) {
			ts.Logf("%s:\n%s", file, data)
			ts.Fatalf("%s did not match %q within %v", file, re, waitForTimeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// cmdWaitGrep implements `waitgrep file regexp`: poll until file exists and
// matches regexp (multi-line mode, so ^ and $ match at line boundaries).
// With `!`, poll until file is missing or does not match.
func cmdWaitGrep(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: waitgrep file regexp")
	}
	re, err := regexp.Compile("(?m)" + args[1])
	ts.Check(err)
	if !neg {
		waitGrep(ts, args[0], re)
		return
	}
	path := ts.MkAbs(args[0])
	deadline := time.Now().Add(waitForTimeout)
	for {
		data, err := os.ReadFile(path)
		if err != nil || !re.Match(data) {
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("%s still matches %q after %v", args[0], args[1], waitForTimeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// cmdServerPort implements `serverport logfile VAR`: wait until logfile
// holds the listening line of `ocap serve` or `ocap start` and set $VAR to
// the port it names.
func cmdServerPort(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! serverport")
	}
	if len(args) != 2 {
		ts.Fatalf("usage: serverport logfile VAR")
	}
	m := waitGrep(ts, args[0], serverPortRE)
	if m[1] == "0" {
		ts.Fatalf("server logged port 0, not the port it listens on")
	}
	ts.Setenv(args[1], m[1])
}

// cmdHTTPGet implements `httpget url`: GET url and print the status code,
// the headers that the bundle server promises, and the body:
//
//	status 200
//	Access-Control-Allow-Origin: *
//	Cache-Control: no-cache
//	Content-Type: application/json
//
//	<body>
//
// The request path is sent exactly as written, ".." included.
func cmdHTTPGet(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! httpget")
	}
	if len(args) != 1 {
		ts.Fatalf("usage: httpget url")
	}
	req, err := http.NewRequest(http.MethodGet, args[0], nil)
	ts.Check(err)
	client := &http.Client{Timeout: waitForTimeout}
	resp, err := client.Do(req)
	ts.Check(err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	ts.Check(err)
	out := ts.Stdout()
	fmt.Fprintf(out, "status %d\n", resp.StatusCode)
	for _, h := range []string{"Access-Control-Allow-Origin", "Cache-Control", "Content-Type"} {
		if v := resp.Header.Get(h); v != "" {
			fmt.Fprintf(out, "%s: %s\n", h, v)
		}
	}
	fmt.Fprintf(out, "\n%s", body)
}
