package daemon_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"testing"

	kernelstore "github.com/ocap-kernel/ocap-go/kernel-store"
	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
	"github.com/ocap-kernel/ocap-go/nodejs-daemon/client"
)

// BenchmarkStateSize runs a daemon on a file database holding 1,000 and
// 1,000,000 kv entries of kernel state and reports, for each, the
// latency of a getStatus and of a queueMessage round trip to a vat (ns/op)
// and the process's resident memory after a GC (RSS-MiB). The kernel's
// costs should follow the work done, not the size of the state.
func BenchmarkStateSize(b *testing.B) {
	for _, entries := range []int{1_000, 1_000_000} {
		b.Run(fmt.Sprintf("entries=%d", entries), func(b *testing.B) {
			benchState(b, entries)
		})
	}
}

func benchState(b *testing.B, entries int) {
	ctx := context.Background()
	path := filepath.Join(shortTempDir(b), "kernel.sqlite")
	fillState(b, path, entries)
	_, sock := serveKernel(b, daemon.KernelOptions{DBFilename: path}, daemon.ServerOptions{})
	conn, err := client.Dial(ctx, sock)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	root := launchRoot(b, conn, "go:counter")
	// The vat gets the first id past the filled state's vats.
	raw, err := conn.Call(ctx, "getStatus", nil)
	if err != nil {
		b.Fatal(err)
	}
	var status struct {
		Vats []struct {
			ID string `json:"id"`
		} `json:"vats"`
	}
	if err := json.Unmarshal(raw, &status); err != nil || len(status.Vats) != 1 || status.Vats[0].ID != "v101" {
		b.Fatalf("getStatus %s: %v; want the one vat v101", raw, err)
	}
	calls := []struct {
		name   string
		method string
		params any
	}{
		{"getStatus", "getStatus", nil},
		{"queueMessage", "queueMessage", []any{root, "inc", []any{}}},
	}
	for _, c := range calls {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := conn.Call(ctx, c.method, c.params); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(rssMiB(b), "RSS-MiB")
		})
	}
}

// fillState writes entries kv rows that look like a kernel's: 100 vats
// exporting and importing objects (c-list entries both ways, owners and
// reference counts), with the counters past them so that the kernel
// allocates fresh ids. It writes through kernelstore before the kernel
// opens the database, in transactions of 10,000 rows.
func fillState(b *testing.B, path string, entries int) {
	b.Helper()
	db, err := kernelstore.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	const vats = 100
	objects := entries / 4
	batch := kernelstore.Batch{Sets: [][2]string{
		{"nextObjectId", strconv.Itoa(objects + 1)},
		{"nextVatId", strconv.Itoa(vats + 1)},
	}}
	flush := func() {
		if err := db.Apply(batch); err != nil {
			b.Fatal(err)
		}
		batch.Sets = batch.Sets[:0]
	}
	for n := 1; n <= objects; n++ {
		ko := "ko" + strconv.Itoa(n)
		owner := "v" + strconv.Itoa(1+n%vats)
		importer := "v" + strconv.Itoa(1+(n+1)%vats)
		batch.Sets = append(batch.Sets,
			[2]string{ko + ".owner", owner},
			[2]string{ko + ".refCount", "1,1"},
			[2]string{owner + ".c." + ko, "R o+" + strconv.Itoa(n)},
			[2]string{importer + ".c.o-" + strconv.Itoa(n), ko},
		)
		if len(batch.Sets) >= 10_000 {
			flush()
		}
	}
	flush()
	got, err := db.ExecuteQuery(context.Background(), "SELECT COUNT(*) AS n FROM kv")
	if err != nil {
		b.Fatal(err)
	}
	if n, _ := got[0]["n"].(int64); n < int64(entries) {
		b.Fatalf("filled %d rows, want %d", n, entries)
	}
}
