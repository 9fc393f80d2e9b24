package examples

import (
	"errors"
	"fmt"
	"sort"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/govat"
)

func name(params map[string]any) string {
	if n, ok := params["name"].(string); ok {
		return n
	}
	return "unknown"
}

func str(args []any, i int) string {
	if i < len(args) {
		if s, ok := args[i].(string); ok {
			return s
		}
		return fmt.Sprint(args[i])
	}
	return "undefined"
}

// Greeter is the Go twin of upstream's sample-vat: hello(from) answers
// `vat <name> got "hello" from <from>`; bootstrap greets every other vat of
// the subcluster and returns their answers.
func Greeter(v *govat.Vat, params map[string]any, _ *govat.Baggage) (*govat.Object, error) {
	me := name(params)
	return v.Far("root", map[string]govat.Method{
		"hello": func(args []any) (any, error) {
			return fmt.Sprintf("vat %s got \"hello\" from %s", me, str(args, 0)), nil
		},
		"bootstrap": func(args []any) (any, error) {
			vats, _ := args[0].(map[string]any)
			names := make([]string, 0, len(vats))
			for n := range vats {
				names = append(names, n)
			}
			sort.Strings(names)
			var replies []*govat.Promise
			for _, n := range names {
				replies = append(replies, v.E(vats[n], "hello", me))
			}
			return all(v, replies), nil
		},
		"greet": func(args []any) (any, error) {
			return v.E(args[0], "hello", me), nil
		},
	}), nil
}

// all waits for every promise and fulfils with their values in order.
func all(v *govat.Vat, ps []*govat.Promise) *govat.Promise {
	out := v.NewPromise()
	vals := make([]any, len(ps))
	left := len(ps)
	if left == 0 {
		out.Resolve([]any{})
	}
	for i, p := range ps {
		p.Then(func(val any) (any, error) {
			vals[i] = val
			left--
			if left == 0 {
				out.Resolve(vals)
			}
			return nil, nil
		}, func(err error) (any, error) {
			out.Reject(err)
			return nil, nil
		})
	}
	return out
}

// Counter keeps a count in baggage: it survives vat and kernel restarts.
func Counter(v *govat.Vat, _ map[string]any, baggage *govat.Baggage) (*govat.Object, error) {
	if !baggage.Has("count") {
		if err := baggage.Init("count", float64(0)); err != nil {
			return nil, err
		}
	}
	return v.Far("counter", map[string]govat.Method{
		"bootstrap": func([]any) (any, error) { return nil, nil },
		"inc": func([]any) (any, error) {
			n, err := baggage.Get("count")
			if err != nil {
				return nil, err
			}
			c := n.(float64) + 1
			return c, baggage.Set("count", c)
		},
		"get": func([]any) (any, error) { return baggage.Get("count") },
	}), nil
}

// Exporter creates objects on request and reports whether the kernel has
// retired them (GC). With the ocapURLIssuerService it also issues OCAP URLs
// for new objects, which it does not keep itself.
func Exporter(v *govat.Vat, _ map[string]any, _ *govat.Baggage) (*govat.Object, error) {
	objects := map[string]*govat.Object{}
	var issuer any
	create := func(id string) *govat.Object {
		obj := v.Far("SharedObject", map[string]govat.Method{
			"getValue": func([]any) (any, error) { return "value of " + id, nil },
		})
		objects[id] = obj
		return obj
	}
	root := v.Far("exporter", map[string]govat.Method{
		"bootstrap": func(args []any) (any, error) {
			if len(args) > 1 {
				services, _ := args[1].(map[string]any)
				issuer = services["ocapURLIssuerService"]
			}
			return nil, nil
		},
		"createObject": func(args []any) (any, error) { return create(str(args, 0)), nil },
		"createURL": func(args []any) (any, error) {
			return v.E(issuer, "issue", create(str(args, 0))), nil
		},
		"isObjectPresent": func(args []any) (any, error) {
			return v.IsExported(objects[str(args, 0)]), nil
		},
	})
	return root, nil
}

// Importer imports objects from the exporter of its subcluster, uses
// them, and drops them on request.
func Importer(v *govat.Vat, _ map[string]any, _ *govat.Baggage) (*govat.Object, error) {
	held := map[string]*govat.Presence{}
	var exporter any
	return v.Far("importer", map[string]govat.Method{
		"bootstrap": func(args []any) (any, error) {
			vats, _ := args[0].(map[string]any)
			exporter = vats["exporter"]
			return nil, nil
		},
		"importFrom": func(args []any) (any, error) {
			id := str(args, 0)
			return v.E(exporter, "createObject", id).Then(func(obj any) (any, error) {
				p, ok := obj.(*govat.Presence)
				if !ok {
					return nil, errors.New("createObject did not return a presence")
				}
				held[id] = p
				return true, nil
			}, nil), nil
		},
		"useImport": func(args []any) (any, error) {
			p := held[str(args, 0)]
			if p == nil {
				return nil, errors.New("no such import")
			}
			return v.E(p, "getValue"), nil
		},
		"forgetImport": func(args []any) (any, error) {
			if p := held[str(args, 0)]; p != nil {
				delete(held, str(args, 0))
				v.Drop(p)
			}
			return true, nil
		},
	}), nil
}

// Maker hands out counters: makeCounter() returns a new object. It also
// answers late: hold() returns a promise that settle(value) fulfils later.
func Maker(v *govat.Vat, _ map[string]any, _ *govat.Baggage) (*govat.Object, error) {
	var held []*govat.Promise
	return v.Far("maker", map[string]govat.Method{
		"bootstrap": func([]any) (any, error) { return nil, nil },
		"makeCounter": func(args []any) (any, error) {
			n := 0.0
			if len(args) > 0 {
				n, _ = args[0].(float64)
			}
			return v.Far("counter", map[string]govat.Method{
				"inc": func([]any) (any, error) { n++; return n, nil },
			}), nil
		},
		// hold returns a promise settled only by settle(): sends to it
		// are parked on the kernel promise until then.
		"hold": func([]any) (any, error) {
			p := v.NewPromise()
			held = append(held, p)
			return p, nil
		},
		"holding": func([]any) (any, error) { return float64(len(held)), nil },
		// settle(value) fulfils every held promise with value and answers
		// how many there were.
		"settle": func(args []any) (any, error) {
			var val any
			if len(args) > 0 {
				val = args[0]
			}
			n := len(held)
			for _, p := range held {
				p.Resolve(val)
			}
			held = nil
			return float64(n), nil
		},
	}), nil
}

// Pipeliner sends to the result of a send before it resolves:
// E(E(maker).makeCounter(10)).inc().
func Pipeliner(v *govat.Vat, _ map[string]any, _ *govat.Baggage) (*govat.Object, error) {
	var maker any
	return v.Far("pipeliner", map[string]govat.Method{
		"bootstrap": func(args []any) (any, error) {
			vats, _ := args[0].(map[string]any)
			maker = vats["maker"]
			return nil, nil
		},
		"run": func([]any) (any, error) {
			counter := v.E(maker, "makeCounter", 10.0)
			first := v.E(counter, "inc")
			second := v.E(counter, "inc")
			return all(v, []*govat.Promise{first, second}), nil
		},
	}), nil
}

// Pinger bounces a count off its peer until it reaches zero: each hop is a
// vat-to-vat round trip awaited by the sender.
func Pinger(v *govat.Vat, _ map[string]any, _ *govat.Baggage) (*govat.Object, error) {
	var peer any
	root := v.Far("pinger", map[string]govat.Method{
		"bootstrap": func(args []any) (any, error) {
			vats, _ := args[0].(map[string]any)
			peer = vats["pong"]
			return nil, nil
		},
		"ping": func(args []any) (any, error) {
			n, _ := args[0].(float64)
			if n <= 0 {
				return 0.0, nil
			}
			return v.E(peer, "pong", n-1), nil
		},
		"pong": func(args []any) (any, error) {
			n, _ := args[0].(float64)
			return n, nil
		},
		"rally": func(args []any) (any, error) {
			n, _ := args[0].(float64)
			return rally(v, peer, n), nil
		},
		"burst": func(args []any) (any, error) {
			n, _ := args[0].(float64)
			ps := make([]*govat.Promise, int(n))
			for i := range ps {
				ps[i] = v.E(peer, "pong", float64(i))
			}
			return all(v, ps).Then(func(any) (any, error) { return n, nil }, nil), nil
		},
	})
	return root, nil
}

// rally makes n sequential awaited round trips to peer.
func rally(v *govat.Vat, peer any, n float64) *govat.Promise {
	if n <= 0 {
		return v.Resolved(0.0)
	}
	return v.E(peer, "pong", n).Then(func(any) (any, error) {
		return rally(v, peer, n-1), nil
	}, nil)
}

// Thrower fails in the ways a vat can.
func Thrower(v *govat.Vat, params map[string]any, _ *govat.Baggage) (*govat.Object, error) {
	if params["failBuild"] == true {
		return nil, errors.New("from buildRootObject")
	}
	return v.Far("thrower", map[string]govat.Method{
		"bootstrap": func([]any) (any, error) { return nil, nil },
		"throw":     func([]any) (any, error) { return nil, errors.New("boom") },
		"exit":      func([]any) (any, error) { v.Exit(true, "gave up"); return nil, nil },
		"panic":     func([]any) (any, error) { panic("kaboom") },
	}), nil
}

// Chain bounces a step counter between two vats: step(i, n) records that
// step i arrived (in baggage, so a crash test can count deliveries) and
// sends step(i+1, n) to the peer. Each step is one delivery.
func Chain(v *govat.Vat, _ map[string]any, baggage *govat.Baggage) (*govat.Object, error) {
	peer := func() any {
		p, err := baggage.Get("peer")
		if err != nil {
			return nil
		}
		return p
	}
	var root *govat.Object
	root = v.Far("chain", map[string]govat.Method{
		"bootstrap": func(args []any) (any, error) {
			vats, _ := args[0].(map[string]any)
			if err := baggage.Init("peer", vats["b"]); err != nil {
				return nil, err
			}
			return v.E(vats["b"], "setPeer", root), nil
		},
		"setPeer": func(args []any) (any, error) {
			return nil, baggage.Init("peer", args[0])
		},
		"step": func(args []any) (any, error) {
			i, _ := args[0].(float64)
			n, _ := args[1].(float64)
			key := fmt.Sprintf("seen.%08d", int(i))
			count := 0.0
			if baggage.Has(key) {
				c, err := baggage.Get(key)
				if err != nil {
					return nil, err
				}
				count = c.(float64)
				if err := baggage.Set(key, count+1); err != nil {
					return nil, err
				}
			} else if err := baggage.Init(key, 1.0); err != nil {
				return nil, err
			}
			if i < n {
				v.E(peer(), "step", i+1, n)
			}
			return nil, nil
		},
		"report": func([]any) (any, error) {
			distinct, dups, last := 0.0, 0.0, 0.0
			for _, k := range baggage.Keys() {
				if len(k) < 5 || k[:5] != "seen." {
					continue
				}
				c, _ := baggage.Get(k)
				distinct++
				if c.(float64) > 1 {
					dups++
				}
				var i int
				fmt.Sscanf(k[5:], "%d", &i)
				if float64(i) > last {
					last = float64(i)
				}
			}
			return map[string]any{"distinct": distinct, "dups": dups, "last": last}, nil
		},
	})
	return root, nil
}

// Remote uses objects of other kernels: it redeems OCAP URLs through the
// ocapURLRedemptionService, calls what it gets, passes its own object
// back, and drops presences (distributed GC).
func Remote(v *govat.Vat, params map[string]any, _ *govat.Baggage) (*govat.Object, error) {
	me := name(params)
	var redeemer any
	held := map[string]*govat.Presence{}
	local := v.Far("local", map[string]govat.Method{
		"hello": func(args []any) (any, error) {
			return fmt.Sprintf("local object of %s got \"hello\" from %s", me, str(args, 0)), nil
		},
	})
	presence := func(name string) (*govat.Presence, error) {
		if p := held[name]; p != nil {
			return p, nil
		}
		return nil, fmt.Errorf("no presence named %q", name)
	}
	return v.Far("remote", map[string]govat.Method{
		"bootstrap": func(args []any) (any, error) {
			if len(args) > 1 {
				services, _ := args[1].(map[string]any)
				redeemer = services["ocapURLRedemptionService"]
			}
			return nil, nil
		},
		"redeem": func(args []any) (any, error) {
			name := str(args, 1)
			return v.E(redeemer, "redeem", str(args, 0)).Then(func(p any) (any, error) {
				pr, ok := p.(*govat.Presence)
				if !ok {
					return nil, errors.New("redeem did not return a presence")
				}
				held[name] = pr
				return pr, nil
			}, nil), nil
		},
		// callURL pipelines: the send goes to the redemption's result
		// promise before it resolves.
		"callURL": func(args []any) (any, error) {
			return v.E(v.E(redeemer, "redeem", str(args, 0)), str(args, 1), args[2:]...), nil
		},
		"call": func(args []any) (any, error) {
			p, err := presence(str(args, 0))
			if err != nil {
				return nil, err
			}
			return v.E(p, str(args, 1), args[2:]...), nil
		},
		// fetch calls name.method(arg) and keeps the presence it returns
		// as storeAs (without handing it to the caller).
		"fetch": func(args []any) (any, error) {
			p, err := presence(str(args, 0))
			if err != nil {
				return nil, err
			}
			storeAs := str(args, 3)
			return v.E(p, str(args, 1), args[2]).Then(func(res any) (any, error) {
				pr, ok := res.(*govat.Presence)
				if !ok {
					return nil, errors.New("fetch: result is not a presence")
				}
				held[storeAs] = pr
				return true, nil
			}, nil), nil
		},
		"greetBack": func(args []any) (any, error) {
			p, err := presence(str(args, 0))
			if err != nil {
				return nil, err
			}
			return v.E(p, "greet", local), nil
		},
		"drop": func(args []any) (any, error) {
			p, err := presence(str(args, 0))
			if err != nil {
				return nil, err
			}
			delete(held, str(args, 0))
			v.Drop(p)
			return true, nil
		},
	}), nil
}

// IO is the Go twin of upstream's io-vat: bootstrap keeps services.repl
// (an IO channel of its subcluster); doRead and doWrite use it, and
// getServiceNames lists the services bootstrap was given.
func IO(v *govat.Vat, _ map[string]any, _ *govat.Baggage) (*govat.Object, error) {
	var repl any
	var serviceNames []any
	var readBuffer []any
	return v.Far("root", map[string]govat.Method{
		"bootstrap": func(args []any) (any, error) {
			if len(args) > 1 {
				services, _ := args[1].(map[string]any)
				repl = services["repl"]
				names := make([]string, 0, len(services))
				for n := range services {
					names = append(names, n)
				}
				sort.Strings(names)
				for _, n := range names {
					serviceNames = append(serviceNames, n)
				}
			}
			return nil, nil
		},
		"getServiceNames": func([]any) (any, error) { return append([]any{}, serviceNames...), nil },
		"doRead": func([]any) (any, error) {
			return v.E(repl, "read").Then(func(line any) (any, error) {
				readBuffer = append(readBuffer, fmt.Sprint(line))
				return line, nil
			}, nil), nil
		},
		"doWrite": func(args []any) (any, error) {
			return v.E(repl, "write", str(args, 0)), nil
		},
		"getReadBuffer": func([]any) (any, error) { return append([]any{}, readBuffer...), nil },
	}), nil
}

// Notebook is the Go twin of the discoverable example vat: its root answers
// __getDescription__() with the schemas of write, read, list and erase.
// erase rejects when there is no such note.
func Notebook(v *govat.Vat, _ map[string]any, _ *govat.Baggage) (*govat.Object, error) {
	notes := map[string]string{}
	title := govat.ArgSchema{Name: "title", Schema: map[string]any{"type": "string", "description": "The title of the note."}}
	return v.Discoverable("NoteBook", map[string]govat.Method{
		"bootstrap": func([]any) (any, error) { return nil, nil },
		// write takes (text, title): positional order is the schema's
		// args order as smallcaps delivers it, alphabetical.
		"write": func(args []any) (any, error) {
			notes[str(args, 1)] = str(args, 0)
			return float64(len(notes)), nil
		},
		"read": func(args []any) (any, error) {
			if text, ok := notes[str(args, 0)]; ok {
				return text, nil
			}
			return nil, nil
		},
		"list": func([]any) (any, error) {
			titles := make([]string, 0, len(notes))
			for t := range notes {
				titles = append(titles, t)
			}
			sort.Strings(titles)
			out := make([]any, len(titles))
			for i, t := range titles {
				out[i] = t
			}
			return out, nil
		},
		"erase": func(args []any) (any, error) {
			t := str(args, 0)
			if _, ok := notes[t]; !ok {
				return nil, fmt.Errorf("no note titled %q", t)
			}
			delete(notes, t)
			return float64(len(notes)), nil
		},
	}, map[string]govat.MethodSchema{
		"write": {
			Description: "Store a note under a title, replacing any note with that title.",
			Args:        []govat.ArgSchema{{Name: "text", Schema: map[string]any{"type": "string", "description": "The text of the note."}}, title},
			Returns:     map[string]any{"type": "number", "description": "How many notes are stored."},
		},
		"read": {
			Description: "Read the note stored under a title.",
			Args:        []govat.ArgSchema{title},
			Returns:     map[string]any{"type": "string", "description": "The text, or null if there is no such note."},
		},
		"list": {
			Description: "List the titles of all notes, sorted.",
			Returns:     map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
		},
		"erase": {
			Description: "Delete the note stored under a title.",
			Args:        []govat.ArgSchema{title},
			Returns:     map[string]any{"type": "number", "description": "How many notes are left."},
		},
	})
}
