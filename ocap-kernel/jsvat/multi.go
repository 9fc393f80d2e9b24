package jsvat

import (
	"context"
	"errors"
	"fmt"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/vat"
)

// MultiRuntime is a vat.Runtime made of several: Launch tries each in
// order and uses the first that does not answer vat.ErrUnsupportedSpec, so
// a kernel can run Go vats ("go:" specs) and JavaScript vats side by side:
//
//	jsvat.MultiRuntime{goRuntime, jsvat.NewRuntime(opts)}
type MultiRuntime []vat.Runtime

// Launch implements vat.Runtime.
func (m MultiRuntime) Launch(ctx context.Context, vatID string, cfg api.VatConfig) (vat.Worker, error) {
	for _, rt := range m {
		w, err := rt.Launch(ctx, vatID, cfg)
		if errors.Is(err, vat.ErrUnsupportedSpec) {
			continue
		}
		return w, err
	}
	return nil, fmt.Errorf("%w: no runtime runs vat %s with bundleSpec %q", vat.ErrUnsupportedSpec, vatID, cfg.BundleSpec)
}
