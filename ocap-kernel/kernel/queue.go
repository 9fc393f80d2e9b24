package kernel

import (
	"encoding/json"
	"strconv"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
)

// Run-queue item types (upstream section 6.3).
const (
	itemSend             = "send"
	itemNotify           = "notify"
	itemDropExports      = "dropExports"
	itemRetireExports    = "retireExports"
	itemRetireImports    = "retireImports"
	itemBringOutYourDead = "bringOutYourDead"
)

// message is a kernel-space message: methargs slots are krefs.
type message struct {
	Methargs api.CapData `json:"methargs"`
	Result   *string     `json:"result,omitempty"`
}

func (m message) result() string {
	if m.Result == nil {
		return ""
	}
	return *m.Result
}

// runItem is one entry of the run queue, stored as JSON in queue.run.<n>.
type runItem struct {
	Type       string   `json:"type"`
	Target     string   `json:"target,omitempty"`
	Message    *message `json:"message,omitempty"`
	EndpointID string   `json:"endpointId,omitempty"`
	Kpid       string   `json:"kpid,omitempty"`
	Krefs      []string `json:"krefs,omitempty"`
}

func promiseQueueHead(kpid string) string { return "queue." + kpid + ".head" }
func promiseQueueTail(kpid string) string { return "queue." + kpid + ".tail" }

func (k *Kernel) enqueueRun(item runItem) {
	head := k.st.getInt(keyRunHead)
	k.st.set("queue.run."+strconv.Itoa(head), mustJSON(item))
	k.st.setInt(keyRunHead, head+1)
}

// dequeueRun removes and returns the oldest run-queue item.
func (k *Kernel) dequeueRun() (runItem, bool) {
	tail := k.st.getInt(keyRunTail)
	if tail >= k.st.getInt(keyRunHead) {
		return runItem{}, false
	}
	key := "queue.run." + strconv.Itoa(tail)
	raw, ok := k.st.get(key)
	if !ok {
		panic(kernelBug("no record matching key '%s'", key))
	}
	k.st.del(key)
	k.st.setInt(keyRunTail, tail+1)
	var item runItem
	if err := json.Unmarshal([]byte(raw), &item); err != nil {
		panic(kernelBug("%s is corrupt: %v", key, err))
	}
	return item, true
}

// enqueueSend queues a message to target, taking references to everything
// it names; they are released when the message is delivered or splatted.
func (k *Kernel) enqueueSend(target string, msg message) {
	k.incRef(target)
	k.incSlots(msg.Methargs.Slots)
	if r := msg.result(); r != "" {
		k.incRef(r)
	}
	k.enqueueRun(runItem{Type: itemSend, Target: target, Message: &msg})
}

// enqueueNotify tells endpoint that kpid is settled.
func (k *Kernel) enqueueNotify(endpoint, kpid string) {
	k.incRef(kpid)
	k.enqueueRun(runItem{Type: itemNotify, EndpointID: endpoint, Kpid: kpid})
}

// queueOnPromise parks a message on an unresolved promise; the message
// keeps the references it took when it was enqueued. The queue's head and
// tail keys exist only while messages are parked (upstream writes them for
// every promise; most promises never have a parked message).
func (k *Kernel) queueOnPromise(kpid string, msg message) {
	if !k.st.has(promiseQueueHead(kpid)) {
		k.st.set(promiseQueueHead(kpid), "1")
		k.st.set(promiseQueueTail(kpid), "1")
	}
	head := k.st.getInt(promiseQueueHead(kpid))
	k.st.set("queue."+kpid+"."+strconv.Itoa(head), mustJSON(msg))
	k.st.setInt(promiseQueueHead(kpid), head+1)
}

// drainPromiseQueue moves the messages parked on kpid back to the run queue
// (still targeting kpid, which now routes to its resolution) and deletes
// the promise's queue.
func (k *Kernel) drainPromiseQueue(kpid string) {
	if !k.st.has(promiseQueueHead(kpid)) {
		return
	}
	head := k.st.getInt(promiseQueueHead(kpid))
	for i := k.st.getInt(promiseQueueTail(kpid)); i < head; i++ {
		key := "queue." + kpid + "." + strconv.Itoa(i)
		raw, ok := k.st.get(key)
		if !ok {
			continue
		}
		k.st.del(key)
		var msg message
		if err := json.Unmarshal([]byte(raw), &msg); err != nil {
			panic(kernelBug("%s is corrupt: %v", key, err))
		}
		// The references move with the message: no new counts.
		k.enqueueRun(runItem{Type: itemSend, Target: kpid, Message: &msg})
	}
	k.st.del(promiseQueueHead(kpid))
	k.st.del(promiseQueueTail(kpid))
}
