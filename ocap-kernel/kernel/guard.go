package kernel

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// deliveryGuard remembers, outside the database, which vat the kernel is
// delivering to, so that after the process died in a delivery the next
// start knows whose delivery it was. Without it a delivery that kills the
// process (it is rolled back, so it stays first on the run queue) would be
// replayed into a crash on every start.
//
// The mark lives in a small file next to the database, mapped into memory:
// marking a delivery is a memory write, no syscall, and the page survives
// the death of the process (not of the machine, which is not the failure
// this guards against). It reads "<vatID> <deaths>", where deaths is how
// many times in a row the process already died delivering to that vat.
type deliveryGuard struct {
	page   []byte
	file   *os.File
	deaths map[string]int // vat -> consecutive deaths so far
	// crashed is the vat whose delivery the previous process died in, and
	// how many times in a row that happened, read at open.
	crashed      string
	crashedTimes int
}

const guardPageSize = 128

// openDeliveryGuard opens the guard of the database at dbPath; for an
// in-memory database the guard does nothing.
func openDeliveryGuard(dbPath string) (*deliveryGuard, error) {
	g := &deliveryGuard{deaths: map[string]int{}}
	if dbPath == "" || strings.HasPrefix(dbPath, ":memory:") || strings.HasPrefix(dbPath, "file::memory:") || strings.Contains(dbPath, "mode=memory") {
		return g, nil
	}
	f, err := os.OpenFile(dbPath+"-delivery", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open delivery guard: %w", err)
	}
	if err := f.Truncate(guardPageSize); err != nil {
		f.Close()
		return nil, fmt.Errorf("size delivery guard: %w", err)
	}
	page, err := syscall.Mmap(int(f.Fd()), 0, guardPageSize, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("map delivery guard: %w", err)
	}
	g.page, g.file = page, f
	fields := strings.Fields(string(bytes.TrimRight(page, "\x00")))
	if len(fields) == 2 {
		if n, err := strconv.Atoi(fields[1]); err == nil && n >= 0 {
			g.crashed, g.crashedTimes = fields[0], n+1
			g.deaths[g.crashed] = g.crashedTimes
		}
	}
	g.clear()
	return g, nil
}

// enter marks a delivery to vatID as in progress.
func (g *deliveryGuard) enter(vatID string) {
	if g.page == nil {
		return
	}
	g.write(vatID + " " + strconv.Itoa(g.deaths[vatID]))
}

// leave marks the delivery to vatID as finished: whatever killed the
// process before, this vat has survived a delivery since.
func (g *deliveryGuard) leave(vatID string) {
	if g.page == nil {
		return
	}
	delete(g.deaths, vatID)
	g.clear()
}

// forget drops what is known about vatID (it was terminated).
func (g *deliveryGuard) forget(vatID string) { delete(g.deaths, vatID) }

func (g *deliveryGuard) write(s string) {
	n := copy(g.page, s)
	clear(g.page[n:])
}

func (g *deliveryGuard) clear() { clear(g.page) }

func (g *deliveryGuard) close() {
	if g.page == nil {
		return
	}
	g.clear()
	syscall.Munmap(g.page)
	g.file.Close()
	g.page, g.file = nil, nil
}
