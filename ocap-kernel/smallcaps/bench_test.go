package smallcaps

import "testing"

// Typical kernel messages: the queueMessage methargs of the golden
// transcript, and a bootstrap message with two vat roots.
func benchMessages(b *testing.B) []struct {
	name  string
	value any
	cd    CapData
} {
	alice := MustKSlot("ko4", "vatRoot")
	bob := MustKSlot("ko5", "vatRoot")
	msgs := []struct {
		name  string
		value any
		cd    CapData
	}{
		{name: "hello", value: []any{"hello", []any{"golden"}}},
		{name: "bootstrap", value: []any{"bootstrap", []any{map[string]any{"alice": alice, "bob": bob}, map[string]any{}}}},
	}
	for i := range msgs {
		cd, err := KSer(msgs[i].value)
		if err != nil {
			b.Fatal(err)
		}
		msgs[i].cd = cd
	}
	return msgs
}

func BenchmarkEncode(b *testing.B) {
	for _, m := range benchMessages(b) {
		b.Run(m.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(m.cd.Body)))
			for b.Loop() {
				if _, err := Encode(m.value); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkDecode(b *testing.B) {
	for _, m := range benchMessages(b) {
		b.Run(m.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(m.cd.Body)))
			for b.Loop() {
				if _, err := Decode(m.cd); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkKSerKUnser(b *testing.B) {
	for _, m := range benchMessages(b) {
		b.Run(m.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				v, err := KUnser(m.cd)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := KSer(v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
