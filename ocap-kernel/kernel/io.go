package kernel

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/smallcaps"
)

// IOChannel is a named, line-oriented byte pipe owned by the kernel and
// offered to a subcluster's vats as a service with read() and write().
type IOChannel interface {
	// Read returns the next line; ok is false at end of input (the client
	// disconnected or the channel closed).
	Read(ctx context.Context) (line string, ok bool, err error)
	// Write writes one line.
	Write(ctx context.Context, line string) error
	// Close releases the channel; it is idempotent.
	Close() error
}

// IOChannelFactory creates the channel called name for a subcluster.
type IOChannelFactory func(subclusterID, name string, cfg api.IOConfig) (IOChannel, error)

// ioServiceName is the service name of a subcluster's IO channel.
func ioServiceName(subclusterID, name string) string {
	return "io:" + subclusterID + ":" + name
}

var errNoIOFactory = errors.New("Cluster config declares IO channels but no IO channel factory was provided to the kernel")

// openIOChannels creates the IO channels of a subcluster and registers each
// as a kernel service named io:<subcluster>:<name>; bootstrap gets them
// under their bare names (subclusterServices).
func (k *Kernel) openIOChannels(subclusterID string, cfg api.ClusterConfig) error {
	if cfg.IO == nil || cfg.IO.Len() == 0 {
		return nil
	}
	if k.opts.IOChannelFactory == nil {
		return errNoIOFactory
	}
	for _, e := range cfg.IO.Entries {
		ch, err := k.opts.IOChannelFactory(subclusterID, e.Name, e.Value)
		if err != nil {
			k.closeIOChannels(subclusterID)
			return fmt.Errorf("IO channel %q: %w", e.Name, err)
		}
		svcName := ioServiceName(subclusterID, e.Name)
		k.ioChannels[svcName] = ch
		k.registerService(svcName, false, ioMethods(svcName, e.Value.Direction, ch))
	}
	return nil
}

// closeIOChannels closes and unregisters a subcluster's channels.
func (k *Kernel) closeIOChannels(subclusterID string) {
	prefix := "io:" + subclusterID + ":"
	var names []string
	for name := range k.ioChannels {
		if strings.HasPrefix(name, prefix) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		k.ioChannels[name].Close()
		delete(k.ioChannels, name)
		if kref, ok := k.serviceNames[name]; ok {
			delete(k.services, kref)
			delete(k.serviceNames, name)
			k.st.del(prefixKernelService + name)
			k.unpin(kref)
			k.decRef(kref) // the kernel's hold on its service
		}
	}
}

// restoreIOChannels reopens the IO channels of persisted subclusters after
// a restart, keeping their service krefs.
func (k *Kernel) restoreIOChannels() {
	for _, s := range k.subclusters() {
		if err := k.openIOChannels(s.ID, s.Config); err != nil {
			k.log.Error("restore IO channels failed", "subcluster", s.ID, "err", err)
		}
	}
}

// maxIOPending bounds the reads (and, separately, the writes) a channel's
// vats may have waiting.
const maxIOPending = 256

// ioQueue runs a channel's reads, or its writes, one at a time in the
// order the vats asked for them, off the kernel goroutine: a write's line
// reaches the socket after the lines written before it.
type ioQueue struct {
	what string // "reads" or "writes", for the error
	mu   sync.Mutex
	q    []func()
	busy bool
}

// add queues fn; it is called on the kernel goroutine.
func (q *ioQueue) add(k *Kernel, svcName string, fn func()) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.q) >= maxIOPending {
		return fmt.Errorf("IO channel %q: too many %s waiting (%d)", svcName, q.what, maxIOPending)
	}
	q.q = append(q.q, fn)
	if !q.busy {
		q.busy = k.bg.Go(func() { q.drain(k) })
		if !q.busy {
			q.q = q.q[:0]
			return ErrStopped
		}
	}
	return nil
}

func (q *ioQueue) drain(k *Kernel) {
	for {
		q.mu.Lock()
		if len(q.q) == 0 {
			q.busy = false
			q.mu.Unlock()
			return
		}
		fn := q.q[0]
		q.q = q.q[1:]
		q.mu.Unlock()
		fn()
	}
}

func ioMethods(svcName, direction string, ch IOChannel) map[string]serviceMethod {
	reads, writes := &ioQueue{what: "reads"}, &ioQueue{what: "writes"}
	return map[string]serviceMethod{
		"read": func(k *Kernel, _ []any, reply func(any, error)) (any, bool, error) {
			if direction == "out" {
				return nil, false, fmt.Errorf("IO channel %q is write-only", svcName)
			}
			err := reads.add(k, svcName, func() {
				line, ok, err := ch.Read(k.runCtx)
				switch {
				case err != nil:
					reply(nil, err)
				case !ok:
					reply(nil, nil) // null: end of input
				default:
					reply(line, nil)
				}
			})
			return nil, err == nil, err
		},
		"write": func(k *Kernel, args []any, reply func(any, error)) (any, bool, error) {
			if direction == "in" {
				return nil, false, fmt.Errorf("IO channel %q is read-only", svcName)
			}
			line, err := stringArg(args, 0, "line")
			if err != nil {
				return nil, false, err
			}
			err = writes.add(k, svcName, func() {
				reply(smallcaps.Undefined, ch.Write(k.runCtx, line))
			})
			return nil, err == nil, err
		},
	}
}
