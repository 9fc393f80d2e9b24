package jsvat_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/kernel"
)

// TestUpstreamRejection ports upstream's rejection test: a method that
// throws rejects its result, and the caller goes on.
func TestUpstreamRejection(t *testing.T) {
	t.Parallel()
	h := newScenarioKernel(t)
	if _, err := h.launchCluster(map[string]any{
		"bootstrap": "main",
		"vats": map[string]any{
			"main":     vatCfg(scenario(t, "rejection-main"), map[string]any{}),
			"rejector": vatCfg(scenario(t, "rejection-rejector"), map[string]any{}),
		},
	}); err != nil {
		t.Fatalf("launchSubcluster: %v", err)
	}
	wantStrings(t, "vat ids", h.vatIDs(), []string{"v1", "v2"})
	h.settle()
	wantStrings(t, "v1's test log", h.testLogs("v1"), []string{"bar", "err", "bar"})
	wantStrings(t, "v2's test log", h.testLogs("v2"), []string{"resolve", "reject", "resolve"})
}

// TestUpstreamClusterLaunchErrors ports upstream's cluster-launch test
// ("cluster initialization"), which launches the error-* vats: a vat whose
// global scope, buildRootObject or bootstrap throws. Upstream's
// launchSubcluster rejects with an Error whose message is "Failed to
// launch vat <id> (main)" and whose cause says what failed; in Go the
// cause is the wrapped error (errors.Unwrap), and err.Error() carries the
// cause after the prefix, as Go wrapping does. The console lines each vat
// printed must be upstream's.
func TestUpstreamClusterLaunchErrors(t *testing.T) {
	t.Parallel()
	launch := func(t *testing.T, scenarioName string) (*scenarioKernel, api.LaunchResult, error) {
		t.Helper()
		h := newScenarioKernel(t)
		var cfg api.ClusterConfig
		cfg.Bootstrap = "main"
		cfg.Vats.Set("main", api.VatConfig{BundleSpec: scenario(t, "error-"+scenarioName), Parameters: []byte(`{}`)})
		ctx, cancel := context.WithTimeout(context.Background(), pollDeadline)
		defer cancel()
		res, err := h.k.LaunchSubcluster(ctx, cfg)
		return h, res, err
	}
	failedToLaunch := regexp.MustCompile(`^Failed to launch vat \S+ \(main\)$`)
	// wantLaunchFailure checks upstream's toMatchObject({message, cause}).
	wantLaunchFailure := func(t *testing.T, err error, cause *regexp.Regexp) {
		t.Helper()
		if err == nil {
			t.Fatal("launchSubcluster succeeded")
		}
		inner := errors.Unwrap(err)
		if inner == nil {
			t.Fatalf("error %q has no cause", err)
		}
		outer := strings.TrimSuffix(err.Error(), ": "+inner.Error())
		if !failedToLaunch.MatchString(outer) {
			t.Fatalf("error %q does not start with \"Failed to launch vat <id> (main)\"", err)
		}
		if !cause.MatchString(inner.Error()) {
			t.Fatalf("cause %q does not match %s", inner, cause)
		}
	}

	t.Run("throws if globals scope throws", func(t *testing.T) {
		t.Parallel()
		h, _, err := launch(t, "global-throw")
		wantLaunchFailure(t, err, regexp.MustCompile(`from global scope`))
		// ocap-go's cause, for the record: the vat's initVat failure.
		if want := "Failed to initialize vat v1: [KERNEL:VAT_FATAL:INTERNAL_ERROR] thrown from global scope"; errors.Unwrap(err).Error() != want {
			t.Errorf("cause = %q, want %q", errors.Unwrap(err), want)
		}
		wantStrings(t, "console log", h.taggedLogs("console"), []string{"global throw"})
		wantStrings(t, "vats", h.vatIDs(), []string{})
	})

	t.Run("throws if buildRootObject throws", func(t *testing.T) {
		t.Parallel()
		h, _, err := launch(t, "build-throw")
		wantLaunchFailure(t, err, regexp.MustCompile(`from buildRootObject`))
		wantStrings(t, "console log", h.taggedLogs("console"), []string{"build throw", "buildRootObject"})
		wantStrings(t, "vats", h.vatIDs(), []string{})
	})

	t.Run("throws if bootstrap throws", func(t *testing.T) {
		t.Parallel()
		h, _, err := launch(t, "bootstrap-throw")
		// upstream: rejects.toThrow(/from bootstrap/)
		var rej *kernel.RejectionError
		if !errors.As(err, &rej) || !strings.Contains(err.Error(), "from bootstrap") {
			t.Fatalf("err = %v, want the bootstrap rejection \"from bootstrap\"", err)
		}
		// liveslots' own serialisation of the thrown error
		wantBody(t, rej.Value.Body, `#{"#error":"from bootstrap","errorId":"error:liveSlots:v1#70001","name":"Error"}`)
		wantStrings(t, "console log", h.taggedLogs("console"), []string{"bootstrap throw", "buildRootObject", "bootstrap"})
	})

	// Upstream has the three uncaught-rejection cases as it.todo: they are
	// meant to fail the launch with "Subcluster initialization failed" and a
	// cause matching /[Uu]nknown(.)+uncaught promise rejection/, which
	// upstream does not do yet either. What ocap-go does: an unhandled
	// rejection is not a vat failure, the launch succeeds. The console lines
	// are those of upstream's todo expectations (the global case has no
	// 'bootstrap' line there only because upstream expects the launch to
	// fail before bootstrap).
	for _, tc := range []struct {
		name, scenario string
		console        []string
	}{
		{"global scope has an uncaught rejection (upstream: it.todo)", "global-uncaught-rejection", []string{"global uncaught rejection", "bootstrap"}},
		{"buildRootObject has an uncaught rejection (upstream: it.todo)", "build-uncaught-rejection", []string{"build uncaught rejection", "buildRootObject", "bootstrap"}},
		{"bootstrap has an uncaught rejection (upstream: it.todo)", "bootstrap-uncaught-rejection", []string{"bootstrap uncaught rejection", "buildRootObject", "bootstrap"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h, res, err := launch(t, tc.scenario)
			if err != nil {
				t.Fatalf("launchSubcluster: %v", err)
			}
			wantBody(t, res.BootstrapResult.Body, `#"#undefined"`)
			wantStrings(t, "console log", h.taggedLogs("console"), tc.console)
		})
	}
}
