package kernelutils

import "sync/atomic"

// MakeCounter returns a function that yields start+1, start+2, … on
// successive calls, like upstream makeCounter. The function is safe for
// concurrent use: each call gets a distinct number. It wraps around on int
// overflow.
func MakeCounter(start int) func() int {
	var n atomic.Int64
	n.Store(int64(start))
	return func() int { return int(n.Add(1)) }
}
