package cli

import (
	"fmt"
	"strconv"
	"strings"
)

// isCapData is upstream's isCapData (superstruct object({body: string(),
// slots: array(string())})): exactly the members body and slots.
func isCapData(v any) bool {
	o, ok := v.(*jsObject)
	if !ok || len(o.vals) != 2 {
		return false
	}
	if body, ok := o.vals["body"]; !ok {
		return false
	} else if _, ok := body.(string); !ok {
		return false
	}
	slots, ok := o.vals["slots"].([]any)
	if !ok {
		return false
	}
	for _, s := range slots {
		if _, ok := s.(string); !ok {
			return false
		}
	}
	return true
}

// prettifySmallcaps is upstream's prettifySmallcaps, a display-only walk
// of the smallcaps body's JSON (not a marshal decode): slot references
// become "<kref>" or "<kref> (iface)" ("<?N>" for a missing slot), bigints
// "Nn", manifest constants "[undefined]", "[NaN]", ..., symbols
// "[Symbol: name]", errors "[Name: message]", tagged values
// {"[Tagged: tag]": payload}; "!" escapes are removed from strings and
// record keys. cd must satisfy isCapData.
func prettifySmallcaps(cd *jsObject) (any, error) {
	body := cd.vals["body"].(string)
	var slots []string
	for _, s := range cd.vals["slots"].([]any) {
		slots = append(slots, s.(string))
	}
	if !strings.HasPrefix(body, "#") {
		return nil, fmt.Errorf("Expected body to start with '#', got: %s", utf16Prefix(body, 20))
	}
	parsed, err := parseJS(body[1:])
	if err != nil {
		return nil, fmt.Errorf("smallcaps body: %w", err)
	}
	return walkValue(parsed, slots)
}

func walkValue(v any, slots []string) (any, error) {
	switch x := v.(type) {
	case string:
		return walkString(x, slots), nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			w, err := walkValue(e, slots)
			if err != nil {
				return nil, err
			}
			out[i] = w
		}
		return out, nil
	case *jsObject:
		return walkObject(x, slots)
	}
	return v, nil
}

func walkString(s string, slots []string) any {
	if strings.HasPrefix(s, "!") {
		return s[1:]
	}
	if digits, iface, ok := slotRef(s); ok {
		index, _ := strconv.ParseFloat(digits, 64) // Number(): huge is Infinity
		kref := "?" + jsNumberString(index)
		if index < float64(len(slots)) {
			kref = slots[int(index)]
		}
		if iface != "" {
			return "<" + kref + "> (" + iface + ")"
		}
		return "<" + kref + ">"
	}
	switch {
	case strings.HasPrefix(s, "+"):
		return s[1:] + "n"
	case strings.HasPrefix(s, "-"):
		return s + "n"
	case strings.HasPrefix(s, "#"):
		return "[" + s[1:] + "]"
	case strings.HasPrefix(s, "%"):
		return "[Symbol: " + s[1:] + "]"
	}
	return s
}

// slotRef matches upstream's /^(\$|&)(\d+)(?:\.(.+))?$/u: "." there is any
// code point but a line terminator.
func slotRef(s string) (digits, iface string, ok bool) {
	if s == "" || (s[0] != '$' && s[0] != '&') {
		return "", "", false
	}
	i := 1
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i == 1 {
		return "", "", false
	}
	digits, rest := s[1:i], s[i:]
	if rest == "" {
		return digits, "", true
	}
	if rest[0] != '.' || len(rest) == 1 || strings.ContainsAny(rest[1:], "\n\r\u2028\u2029") {
		return "", "", false
	}
	return digits, rest[1:], true
}

// walkObject decodes a tagged value, an error or a record. String() of a
// tag, name or message that is not a string is JavaScript's (see
// toJSString), errors included.
func walkObject(o *jsObject, slots []string) (any, error) {
	if tag, ok := o.get("#tag"); ok {
		t, err := walkValue(tag, slots)
		if err != nil {
			return nil, err
		}
		payload, ok := o.get("payload")
		if !ok {
			payload = jsUndefined{}
		}
		p, err := walkValue(payload, slots)
		if err != nil {
			return nil, err
		}
		ts, err := toJSString(t)
		if err != nil {
			return nil, err
		}
		out := newJSObject()
		out.set("[Tagged: "+ts+"]", p)
		return out, nil
	}
	if msg, ok := o.get("#error"); ok {
		m, err := walkValue(msg, slots)
		if err != nil {
			return nil, err
		}
		name := any("Error")
		if n, ok := o.get("name"); ok {
			if name, err = walkValue(n, slots); err != nil {
				return nil, err
			}
		}
		ns, err := toJSString(name)
		if err != nil {
			return nil, err
		}
		ms, err := toJSString(m)
		if err != nil {
			return nil, err
		}
		return "[" + ns + ": " + ms + "]", nil
	}
	out := newJSObject()
	for _, k := range o.keys() {
		v, err := walkValue(o.vals[k], slots)
		if err != nil {
			return nil, err
		}
		assign(out, strings.TrimPrefix(k, "!"), v) // result[key] = value
	}
	return out, nil
}

// utf16Prefix is s.slice(0, n) for a JS string: the first n UTF-16 code
// units (half a surrogate pair prints as U+FFFD, as Node writes it).
func utf16Prefix(s string, n int) string {
	var b strings.Builder
	for i := 0; i < len(s) && n > 0; {
		r, size := decodeWTF8(s, i)
		units := 1
		if r >= 0x10000 {
			units = 2
		}
		if units > n {
			b.WriteRune('\uFFFD')
			break
		}
		b.WriteString(s[i : i+size])
		n -= units
		i += size
	}
	return b.String()
}
