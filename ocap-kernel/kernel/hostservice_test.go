package kernel_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	kernelstore "github.com/ocap-kernel/ocap-go/kernel-store"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/govat"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/internal/kerneltest"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/kernel"
)

// hostCaller keeps bootstrap's services and calls them: call(name,
// method, ...args), callWithSelf(name, method) passes its root (a
// remotable) as the argument.
func hostCaller(v *govat.Vat, _ map[string]any, _ *govat.Baggage) (*govat.Object, error) {
	services := map[string]any{}
	var root *govat.Object
	svc := func(name string) (any, error) {
		s, ok := services[name]
		if !ok {
			return nil, fmt.Errorf("no service %q in bootstrap's services", name)
		}
		return s, nil
	}
	root = v.Far("root", map[string]govat.Method{
		"bootstrap": func(args []any) (any, error) {
			if len(args) > 1 {
				services, _ = args[1].(map[string]any)
			}
			return nil, nil
		},
		"call": func(args []any) (any, error) {
			s, err := svc(args[0].(string))
			if err != nil {
				return nil, err
			}
			return v.E(s, args[1].(string), args[2:]...), nil
		},
		"callWithSelf": func(args []any) (any, error) {
			s, err := svc(args[0].(string))
			if err != nil {
				return nil, err
			}
			return v.E(s, args[1].(string), root), nil
		},
	})
	return root, nil
}

// hostKernel is a kernel with the example vats, hostCaller and svcs.
func hostKernel(t *testing.T, path string, svcs ...kernel.HostService) *kerneltest.Harness {
	t.Helper()
	rt := newRuntime()
	rt.Register("hostcaller", hostCaller)
	return kerneltest.New(t, path, kernel.Options{Runtime: rt, DeliveryTimeout: 5 * time.Second, Services: svcs})
}

// echoService answers echo(args...) with {args, caller} and fail(msg)
// with an error; wait blocks until release is closed.
func echoService(release <-chan struct{}, started chan<- struct{}) kernel.HostService {
	return kernel.HostService{Name: "echoService", MaxConcurrent: 1, Methods: map[string]kernel.HostMethod{
		"echo": func(_ context.Context, c kernel.HostCall) (any, error) {
			return map[string]any{"args": c.Args, "caller": c.Caller.String(), "method": c.Method}, nil
		},
		"fail": func(_ context.Context, c kernel.HostCall) (any, error) {
			var msg string
			if err := json.Unmarshal(c.Args[0], &msg); err != nil {
				return nil, err
			}
			return nil, errors.New(msg)
		},
		"wait": func(ctx context.Context, _ kernel.HostCall) (any, error) {
			started <- struct{}{}
			select {
			case <-release:
				return "released", nil
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		},
		"badResult": func(context.Context, kernel.HostCall) (any, error) {
			return func() {}, nil
		},
		"boom": func(context.Context, kernel.HostCall) (any, error) {
			panic("boom")
		},
	}}
}

func hostCallerVats() map[string]any {
	return map[string]any{"a": map[string]any{"bundleSpec": "go:hostcaller"}}
}

func TestHostServiceCalls(t *testing.T) {
	release, started := make(chan struct{}), make(chan struct{}, 1)
	h := hostKernel(t, "", echoService(release, started))
	res := h.MustLaunch("a", hostCallerVats(), "echoService")
	root := res.RootKref
	tests := []struct {
		name    string
		method  string
		args    []any
		want    string // the result body
		wantErr string
	}{
		{"plain data in and out", "call", []any{"echoService", "echo", map[string]any{"model": "m", "n": 2, "tags": []any{"x", true, nil}}},
			`#{"args":[{"model":"m","n":2,"tags":["x",true,null]}],"caller":"subcluster s1 (vat v1)","method":"echo"}`, ""},
		{"no arguments", "call", []any{"echoService", "echo"}, `#{"args":[],"caller":"subcluster s1 (vat v1)","method":"echo"}`, ""},
		{"an error rejects", "call", []any{"echoService", "fail", "model unavailable"}, "", "model unavailable"},
		{"a remotable is refused", "callWithSelf", []any{"echoService", "echo"}, "", "argument 0: not plain data"},
		{"a result that is not plain data", "call", []any{"echoService", "badResult"}, "", "echoService.badResult: result is not plain data"},
		{"a panic is an error without its stack", "call", []any{"echoService", "boom"}, "", "echoService.boom failed"},
		{"an unknown method", "call", []any{"echoService", "nope"}, "", `target has no method "nope"`},
		{"a subcluster that does not list it", "call", []any{"other", "echo"}, "", `no service "other"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cd, err := h.Send(root, tc.method, tc.args...)
			if tc.wantErr != "" {
				wantErr(t, err, tc.wantErr)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cd.Body != tc.want {
				t.Fatalf("body = %s\nwant   %s", cd.Body, tc.want)
			}
		})
	}

	// The kernel itself is a caller too (queueMessage straight to the
	// service's kref).
	svcKref := h.KV("kernelService.echoService")["kernelService.echoService"]
	if cd := h.MustSend(svcKref, "echo", "hi"); cd.Body != `#{"args":["hi"],"caller":"the kernel","method":"echo"}` {
		t.Fatalf("direct call = %s", cd.Body)
	}
	if cd := h.MustSend(svcKref, "__getMethodNames__"); cd.Body != `#["__getMethodNames__","badResult","boom","echo","fail","wait"]` {
		t.Fatalf("__getMethodNames__ = %s", cd.Body)
	}

	// A call in progress does not hold the kernel: other subclusters are
	// served, and a call beyond MaxConcurrent is refused at once.
	done := make(chan error, 1)
	go func() {
		cd, err := h.Send(root, "call", "echoService", "wait")
		if err == nil && cd.Body != `#"released"` {
			err = fmt.Errorf("wait = %s", cd.Body)
		}
		done <- err
	}()
	<-started
	g := h.MustLaunch("g", map[string]any{"g": map[string]any{"bundleSpec": "go:greeter", "parameters": map[string]any{"name": "g"}}})
	if cd := h.MustSend(g.RootKref, "hello", "you"); !strings.Contains(cd.Body, "you") {
		t.Fatalf("greeter during a host call = %s", cd.Body)
	}
	_, err := h.Send(root, "call", "echoService", "echo")
	wantErr(t, err, "echoService.echo: the service is busy (1 calls in progress)")
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := h.Send(root, "call", "echoService", "echo"); err != nil {
		t.Fatalf("after the slow call: %v", err)
	}
}

func TestHostServiceLaunchRefusal(t *testing.T) {
	h := hostKernel(t, "")
	_, err := h.Launch("a", hostCallerVats(), "echoService")
	wantErr(t, err, "no registered kernel service 'echoService'")
}

func TestHostServiceAcrossClearStateAndRestart(t *testing.T) {
	path := t.TempDir() + "/kernel.sqlite"
	h := hostKernel(t, path, echoService(nil, nil))
	res := h.MustLaunch("a", hostCallerVats(), "echoService")
	h.MustCall("clearState", []any{})
	res = h.MustLaunch("a", hostCallerVats(), "echoService")
	if _, err := h.Send(res.RootKref, "call", "echoService", "echo"); err != nil {
		t.Fatalf("after clearState: %v", err)
	}
	// A kernel opened without the service keeps its kref, and calls to it
	// name the missing service.
	svcKref := h.KV("kernelService.echoService")["kernelService.echoService"]
	if err := h.K.Stop(); err != nil {
		t.Fatal(err)
	}
	h.Opts.Services = nil
	h.Open()
	_, err := h.Send(svcKref, "echo")
	wantErr(t, err, `kernel service "echoService" is not registered in this kernel`)
}

func TestHostServiceOptionsChecked(t *testing.T) {
	ok := func(context.Context, kernel.HostCall) (any, error) { return nil, nil }
	m := map[string]kernel.HostMethod{"m": ok}
	tests := []struct {
		name string
		svcs []kernel.HostService
		want string
	}{
		{"no name", []kernel.HostService{{Methods: m}}, "a host service needs a name"},
		{"a built-in name", []kernel.HostService{{Name: kernel.ServiceKernelFacet, Methods: m}}, `host service name "kernelFacet" is reserved`},
		{"an IO name", []kernel.HostService{{Name: "io:s1:x", Methods: m}}, `host service name "io:s1:x" is reserved`},
		{"twice", []kernel.HostService{{Name: "a", Methods: m}, {Name: "a", Methods: m}}, `host service "a" is given twice`},
		{"no methods", []kernel.HostService{{Name: "a"}}, `host service "a" has no methods`},
		{"a nil method", []kernel.HostService{{Name: "a", Methods: map[string]kernel.HostMethod{"m": nil}}}, `method "m" is not allowed`},
		{"a reserved method", []kernel.HostService{{Name: "a", Methods: map[string]kernel.HostMethod{"__getMethodNames__": ok}}}, `method "__getMethodNames__" is not allowed`},
		{"negative concurrency", []kernel.HostService{{Name: "a", Methods: m, MaxConcurrent: -1}}, "MaxConcurrent -1 is negative"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db, err := kernelstore.Open(":memory:")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			_, err = kernel.New(context.Background(), db, kernel.Options{Runtime: newRuntime(), Services: tc.svcs})
			wantErr(t, err, tc.want)
		})
	}
}
