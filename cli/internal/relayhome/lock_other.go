//go:build !unix

package relayhome

import "os"

func (h *Home) tryLock(bool) (*os.File, bool, error) { return nil, false, ErrUnsupported }
