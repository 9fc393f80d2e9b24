package rpc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
)

func TestMethodsTable(t *testing.T) {
	want := []string{
		"getStatus", "launchSubcluster", "queueMessage", "pingVat", "terminateVat",
		"restartVat", "terminateSubcluster", "terminateAllVats", "collectGarbage",
		"clearState", "executeDBQuery", "issueOcapURL", "redeemOcapURL", "revoke", "isRevoked",
		"initRemoteComms", "registerLocationHints", "releaseKrefs",
	}
	ms := Methods()
	var got []string
	for _, m := range ms {
		got = append(got, m.Name)
		if m.Validate == nil || m.Call == nil {
			t.Errorf("%s: incomplete Method", m.Name)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Methods() = %v\nwant %v", got, want)
	}
	ms[0].Name = "mutated"
	if Methods()[0].Name != "getStatus" {
		t.Error("Methods() shares its backing array")
	}
	for _, name := range []string{"toString", "constructor", "hasOwnProperty", "__proto__", "shutdown", "shutdown ", "GetStatus", "initVat", ""} {
		if _, ok := LookupMethod(name); ok {
			t.Errorf("LookupMethod(%q) found a method", name)
		}
	}
}

// TestExecuteDispatch checks the plumbing only: each method reaches the
// matching Kernel method with the decoded arguments.
func TestExecuteDispatch(t *testing.T) {
	tests := []struct {
		method string
		params string
		want   recordedCall
	}{
		{"getStatus", ``, recordedCall{Method: "GetStatus"}},
		{"launchSubcluster", `{"config":{"bootstrap":"a","vats":{"a":{"bundleSpec":"file:///a"}}}}`, recordedCall{Method: "LaunchSubcluster", Args: []any{api.ClusterConfig{
			Bootstrap: "a",
			Vats:      api.NamedMap[api.VatConfig]{Entries: []api.Named[api.VatConfig]{{Name: "a", Value: api.VatConfig{BundleSpec: "file:///a"}}}},
		}}}},
		{"queueMessage", `["ko4","hello",["golden",2]]`, recordedCall{Method: "QueueMessage", Args: []any{"ko4", "hello", []any{"golden", 2.0}}}},
		{"pingVat", `{"id":"v1"}`, recordedCall{Method: "PingVat", Args: []any{"v1"}}},
		{"terminateVat", `{"id":"v2"}`, recordedCall{Method: "TerminateVat", Args: []any{"v2"}}},
		{"restartVat", `{"id":"v3"}`, recordedCall{Method: "RestartVat", Args: []any{"v3"}}},
		{"terminateSubcluster", `{"id":"s1"}`, recordedCall{Method: "TerminateSubcluster", Args: []any{"s1"}}},
		{"terminateAllVats", `[]`, recordedCall{Method: "TerminateAllVats"}},
		{"collectGarbage", `null`, recordedCall{Method: "CollectGarbage"}},
		{"clearState", ``, recordedCall{Method: "ClearState"}},
		{"executeDBQuery", `{"sql":"SELECT 1"}`, recordedCall{Method: "ExecuteDBQuery", Args: []any{"SELECT 1"}}},
		{"issueOcapURL", `{"kref":"ko4"}`, recordedCall{Method: "IssueOcapURL", Args: []any{"ko4"}}},
		{"redeemOcapURL", `{"url":"ocap:a@b"}`, recordedCall{Method: "RedeemOcapURL", Args: []any{"ocap:a@b"}}},
		{"revoke", `{"kref":"ko5"}`, recordedCall{Method: "Revoke", Args: []any{"ko5"}}},
		{"isRevoked", `{"kref":"ko5"}`, recordedCall{Method: "IsRevoked", Args: []any{"ko5"}}},
		{"releaseKrefs", `{"krefs":["ko5","kp2","ko5"]}`, recordedCall{Method: "ReleaseKrefs", Args: []any{[]string{"ko5", "kp2", "ko5"}}}},
	}
	for _, tc := range tests {
		t.Run(tc.method, func(t *testing.T) {
			rec := &callRecorder{}
			var raw json.RawMessage
			if tc.params != "" {
				raw = json.RawMessage(tc.params)
			}
			if _, err := NewService(rec).Execute(context.Background(), tc.method, raw); err != nil {
				t.Fatal(err)
			}
			calls := rec.Calls()
			if len(calls) != 1 || !reflect.DeepEqual(calls[0], tc.want) {
				t.Errorf("calls = %#v\nwant [%#v]", calls, tc.want)
			}
		})
	}
}

func TestExecuteResults(t *testing.T) {
	svc := NewService(&callRecorder{})
	// executeDBQuery never reports null rows: an empty result is [].
	rows, err := svc.Execute(context.Background(), "executeDBQuery", json.RawMessage(`{"sql":"SELECT 1 WHERE 0"}`))
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(rows); string(b) != "[]" {
		t.Errorf("executeDBQuery result = %s, want []", b)
	}
	// Methods without a result answer null.
	if res, err := svc.Execute(context.Background(), "revoke", json.RawMessage(`{"kref":"ko1"}`)); err != nil || res != nil {
		t.Errorf("revoke = %v, %v; want nil, nil", res, err)
	}
}

func TestExecuteErrors(t *testing.T) {
	ctx := context.Background()
	rec := &callRecorder{err: api.ErrVatNotFound}
	svc := NewService(rec)

	_, err := svc.Execute(ctx, "pingVat", json.RawMessage(`{"id":"v9"}`))
	if !errors.Is(err, api.ErrVatNotFound) {
		t.Errorf("kernel error not returned unchanged: %v", err)
	}
	if e := ToError(err); e.Code != CodeInternalError || e.Message != "Vat does not exist." {
		t.Errorf("ToError(kernel error) = %+v", e)
	}

	_, err = svc.Execute(ctx, "hasOwnProperty", nil)
	var re *Error
	if !errors.As(err, &re) || re.Code != CodeMethodNotFound || re.Message != MethodNotFoundMessage {
		t.Errorf("unknown method error = %v", err)
	}

	_, err = svc.Execute(ctx, "pingVat", json.RawMessage(`{"id":"x"}`))
	var pe *ParamsError
	if !errors.As(err, &pe) || !reflect.DeepEqual(pe.Path, []string{"id"}) {
		t.Errorf("invalid params error = %#v", err)
	}
	if len(rec.Calls()) != 1 {
		t.Errorf("kernel calls = %v, want only the first pingVat", rec.Calls())
	}
}

func TestCallWithForeignParams(t *testing.T) {
	for _, m := range Methods() {
		if _, err := m.Call(context.Background(), &callRecorder{}, struct{}{}); err == nil {
			t.Errorf("%s: Call accepted params of the wrong type", m.Name)
		}
	}
}

func TestNewServiceNil(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("NewService(nil) did not panic")
		}
	}()
	NewService(nil)
}

func TestToError(t *testing.T) {
	rpcErr := &Error{Code: -32001, Message: "custom"}
	tests := []struct {
		name string
		err  error
		want *Error
	}{
		{"nil", nil, nil},
		{"rpc error", rpcErr, rpcErr},
		{"wrapped rpc error", fmt.Errorf("ctx: %w", rpcErr), rpcErr},
		{"params", &ParamsError{Path: []string{"config", "vats", "main"}, Detail: "Expected x"},
			&Error{Code: CodeInvalidParams, Message: "Invalid params: At path: config.vats.main -- Expected x"}},
		{"params no path", &ParamsError{Detail: "Expected y"}, &Error{Code: CodeInvalidParams, Message: "Invalid params: Expected y"}},
		{"kernel", api.ErrSubclusterNotFound, &Error{Code: CodeInternalError, Message: "Subcluster does not exist."}},
		{"plain", errors.New(`"ko6" underflow -1,-1`), &Error{Code: CodeInternalError, Message: `"ko6" underflow -1,-1`}},
		{"canceled", context.Canceled, &Error{Code: CodeInternalError, Message: "context canceled"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ToError(tc.err); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ToError = %#v, want %#v", got, tc.want)
			}
		})
	}
}
