package kernel

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

// TestRecoveredErrorHasNoStack: a panic in a crank becomes an error a
// client may be shown, so its text is one line; the stack goes to the log.
func TestRecoveredErrorHasNoStack(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name     string
		panicked any
		want     string
		logged   bool
	}{
		{"error", boom, "kernel panic: boom", true},
		{"value", 42, "kernel panic: 42", true},
		{"kernel invariant", &kernelError{msg: "bad kref"}, "bad kref", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var log bytes.Buffer
			k := &Kernel{log: slog.New(slog.NewTextHandler(&log, nil))}
			err := k.recoveredError(tc.panicked)
			if err.Error() != tc.want {
				t.Errorf("error %q, want %q", err, tc.want)
			}
			if e, ok := tc.panicked.(error); ok && tc.logged && !errors.Is(err, e) {
				t.Errorf("error does not wrap the panic value")
			}
			if got := strings.Contains(log.String(), "goroutine "); got != tc.logged {
				t.Errorf("stack logged = %v, want %v:\n%s", got, tc.logged, log.String())
			}
		})
	}
}
