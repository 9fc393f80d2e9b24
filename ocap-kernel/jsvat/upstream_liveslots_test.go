package jsvat_test

import (
	"testing"
)

// TestUpstreamLiveslotsPromises ports upstream's liveslots test
// ("liveslots promise handling"): a subcluster of three vats from one
// bundle (alice, bob, carol; alice bootstraps and is told which test to
// run), whose bootstrap result and the test logs of each vat must be
// exactly upstream's.
func TestUpstreamLiveslotsPromises(t *testing.T) {
	t.Parallel()
	type logs = map[string][]string
	tests := []struct {
		name, vat, test string
		result          string // the bootstrap result's body
		logs            logs
	}{
		{
			name: "promiseArg1: send promise parameter, resolve after send", vat: "promise-arg", test: "promiseArg1",
			result: `#"bobPSucc"`,
			logs: logs{
				"Alice": {
					`running test promiseArg1`,
					`sending the promise to Bob`,
					`resolving the promise that was sent to Bob`,
					`awaiting Bob's response`,
					`Bob's response to hereIsAPromise: 'Bob.hereIsAPromise done'`,
				},
				"Bob": {`the promise parameter resolved to 'Alice said hi after send'`},
			},
		},
		{
			name: "promiseArg2: send promise parameter, resolved before send", vat: "promise-arg", test: "promiseArg2",
			result: `#"bobPSucc"`,
			logs: logs{
				"Alice": {
					`running test promiseArg2`,
					`resolving the promise that will be sent to Bob`,
					`sending the promise to Bob`,
					`awaiting Bob's response`,
					`Bob's response to hereIsAPromise: 'Bob.hereIsAPromise done'`,
				},
				"Bob": {`the promise parameter resolved to 'Alice said hi before send'`},
			},
		},
		{
			name: "promiseArg3: send promise parameter, resolve after reply to send", vat: "promise-arg", test: "promiseArg3",
			result: `#"bobPSucc"`,
			logs: logs{
				"Alice": {
					`running test promiseArg3`,
					`sending the promise to Bob`,
					`awaiting Bob's response`,
					`Bob's response to hereIsAPromise: 'Bob.hereIsAPromise done'`,
					`resolving the promise that was sent to Bob`,
				},
				"Bob": {`the promise parameter resolved to 'Alice said hi after Bob's reply'`},
			},
		},
		{
			name: "promiseChain: resolve a chain of promises", vat: "promise-chain", test: "promiseChain",
			result: `#"end of chain"`,
			logs: logs{
				"Alice": {
					`running test promiseChain`,
					`waitFor start`,
					`count 0 < 3, recurring...`,
					`waitFor start`,
					`count 1 < 3, recurring...`,
					`waitFor start`,
					`count 2 < 3, recurring...`,
					`waitFor start`,
					`finishing chain`,
				},
				"Bob": {
					`bobGen set value to 1`,
					`bobGen set value to 2`,
					`bobGen set value to 3`,
					`bobGen set value to 4`,
				},
			},
		},
		{
			name: "promiseCycle: mutually referential promise resolutions", vat: "promise-cycle", test: "promiseCycle",
			result: `#"done"`,
			logs: logs{
				"Alice": {
					`running test promiseCycle`,
					`isPromise(resolutionX[0]): true`,
					`isPromise(resolutionY[0]): true`,
				},
				"Bob": {`genPromise1`, `genPromise2`, `resolveBoth`},
			},
			// Bob's resolveBoth ends with one resolve syscall of two
			// resolutions that name each other: [p-2, ["&0"], [p+5]] and
			// [p+5, ["&0"], [p-2]]. The kernel translates the whole call
			// before it resolves either, as upstream does.
		},
		{
			name: "promiseCycleMultiCrank: mutually referential promise resolutions across cranks", vat: "promise-cycle", test: "promiseCycleMultiCrank",
			result: `#"done"`,
			logs: logs{
				"Alice": {
					`running test promiseCycleMultiCrank`,
					`isPromise(resolutionX[0]): true`,
					`isPromise(resolutionY[0]): true`,
				},
				"Bob": {`genPromise1`, `genPromise2`, `resolve1`, `resolve2`},
			},
		},
		{
			name: "promiseCrosswise: mutually referential promise resolutions across cranks", vat: "promise-crosswise", test: "promiseCrosswise",
			result: `#"done"`,
			logs: logs{
				"Alice": {
					`running test promiseCrosswise`,
					`isPromise(resolutionX[0]): true`,
					`isPromise(resolutionY[0]): true`,
				},
				"Bob":   {`genPromise`, `resolve`},
				"Carol": {`genPromise`, `resolve`},
			},
		},
		{
			name: "promiseIndirect: resolution of a resolution of a promise", vat: "promise-indirect", test: "promiseIndirect",
			result: `#"done"`,
			logs: logs{
				"Alice": {`running test promiseIndirect`, `resolution == hello`},
				"Bob":   {`genPromise1`, `genPromise2`, `resolve`},
			},
		},
		{
			name: "passResult: pass a method result as a parameter", vat: "pass-result", test: "passResult",
			result: `#["p1succ","p2succ"]`,
			logs: logs{
				"Alice": {
					`running test passResult`,
					`first result resolved to Bob's first answer`,
					`second result resolved to Bob's second answer`,
				},
				"Bob": {`first`, `second`, `parameter to second resolved to Bob's first answer`},
			},
		},
		{
			name: "passResultPromise: pass a method promise as a parameter", vat: "pass-result-promise", test: "passResultPromise",
			result: `#["p1succ","p2succ"]`,
			logs: logs{
				"Alice": {
					`running test passResultPromise`,
					`first result resolved to Bob answers first in second`,
					`second result resolved to Bob's second answer`,
				},
				"Bob": {`first`, `second`, `parameter to second resolved to Bob answers first in second`},
			},
		},
		{
			name: "resolvePipeline: send to promise resolution", vat: "resolve-pipelined", test: "resolvePipelined",
			result: `#["p1succ","p2succ"]`,
			logs: logs{
				"Alice": {
					`running test resolvePipelined`,
					`first result resolved to [object Alleged: thing]`,
					`second result resolved to Bob's second answer`,
				},
				"Bob": {`first`, `thing.second`},
			},
		},
		{
			name: "messageToPromise: send to promise before resolution", vat: "message-to-promise", test: "messageToPromise",
			result: `#"p2succ"`,
			logs: logs{
				"Alice": {
					`running test messageToPromise`,
					`invoking loopback`,
					`second result resolved to 'deferred something'`,
					`loopback done`,
				},
				"Bob": {`setup`, `doResolve`, `thing.doSomething`, `loopback`},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newScenarioKernel(t)
			spec := scenario(t, tc.vat)
			// upstream's makeTestSubcluster
			res, err := h.launchCluster(map[string]any{
				"bootstrap":  "alice",
				"forceReset": true,
				"vats": map[string]any{
					"alice": vatCfg(spec, map[string]any{"name": "Alice", "test": tc.test}),
					"bob":   vatCfg(spec, map[string]any{"name": "Bob"}),
					"carol": vatCfg(spec, map[string]any{"name": "Carol"}),
				},
			})
			if err != nil {
				t.Fatalf("launchSubcluster: %v", err)
			}
			h.settle() // upstream: waitUntilQuiescent(1000)
			wantBody(t, res.BootstrapResult.Body, tc.result)
			for _, who := range []string{"Alice", "Bob", "Carol"} {
				want := tc.logs[who]
				if want == nil {
					want = []string{}
				}
				wantStrings(t, who+"'s test log", h.testLogs(who), want)
			}
		})
	}
}
