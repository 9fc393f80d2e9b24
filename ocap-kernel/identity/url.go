package identity

import (
	"net/netip"
	"strings"
	"unicode/utf8"
)

// URL is a parsed OCAP URL: ocap:<OID>@<PeerID>[,<Hints>...].
type URL struct {
	// OID is the encrypted object identifier, multibase base58btc ("z…").
	OID string
	// PeerID is the libp2p peer ID of the kernel that issued the URL.
	PeerID string
	// Hints are multiaddrs (relays or direct addresses) where the issuing
	// kernel may be reached. Never nil.
	Hints []string
}

// String formats u as IssueURL does.
func (u URL) String() string { return IssueURL(u.OID, u.PeerID, u.Hints) }

// IssueURL formats an OCAP URL: ocap:<oid>@<peerID>[,<hint>…]. As at
// upstream HEAD there is no trailing comma when there are no hints; empty
// hints are skipped (the HEAD parser would drop them anyway).
func IssueURL(oid, peerID string, hints []string) string {
	var b strings.Builder
	b.Grow(5 + len(oid) + 1 + len(peerID) + 64*len(hints))
	b.WriteString("ocap:")
	b.WriteString(oid)
	b.WriteByte('@')
	b.WriteString(peerID)
	for _, h := range hints {
		if h != "" {
			b.WriteByte(',')
			b.WriteString(h)
		}
	}
	return b.String()
}

// ParseURL splits an OCAP URL the way upstream parseOcapURL (HEAD) does: the
// string is parsed as a WHATWG URL (failure: ErrUnparseableURL), its scheme
// must be "ocap" (else ErrNotOcapURL), its pathname must split on "@" into
// exactly two non-empty parts and the part after "@" must start with a
// non-empty host before the first "," (else ErrBadOcapURL). Empty hints are
// dropped. Because the WHATWG pathname is used, "?query" and "#fragment"
// suffixes are ignored, the scheme is case-insensitive, and the authority
// form "ocap://<oid>@<peer>" is a bad ocap URL (its pathname is empty).
func ParseURL(s string) (URL, error) {
	scheme, pathname, ok := whatwgSchemeAndPathname(s)
	if !ok {
		return URL{}, ErrUnparseableURL
	}
	if scheme != "ocap" {
		return URL{}, ErrNotOcapURL
	}
	oid, where, found := strings.Cut(pathname, "@")
	if !found || strings.Contains(where, "@") || oid == "" || where == "" {
		return URL{}, ErrBadOcapURL
	}
	parts := strings.Split(where, ",")
	if parts[0] == "" {
		return URL{}, ErrBadOcapURL
	}
	hints := make([]string, 0, len(parts)-1)
	for _, h := range parts[1:] {
		if h != "" {
			hints = append(hints, h)
		}
	}
	return URL{OID: oid, PeerID: parts[0], Hints: hints}, nil
}

// whatwgSchemeAndPathname runs the WHATWG URL Standard's basic URL parser
// (no base URL) far enough to report the scheme and the pathname getter's
// value, and whether parsing succeeds at all.
//
// Non-special schemes such as "ocap" follow the standard exactly (opaque
// paths, authority with opaque or IPv6 host and port, path normalisation).
// For special schemes only success matters to callers; hosts are validated
// for forbidden code points, IPv4 syntax, IPv6 syntax and ports, but
// internationalised domain names are not run through UTS #46, so a few
// invalid non-ASCII hosts are accepted.
func whatwgSchemeAndPathname(input string) (scheme, pathname string, ok bool) {
	input = strings.TrimFunc(input, func(r rune) bool { return r <= 0x20 })
	if strings.ContainsAny(input, "\t\n\r") {
		input = strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, input)
	}
	// Scheme start and scheme states; without a base URL any deviation is
	// a failure.
	if input == "" || !isASCIIAlpha(input[0]) {
		return "", "", false
	}
	i := 1
	for i < len(input) && (isASCIIAlnum(input[i]) || input[i] == '+' || input[i] == '-' || input[i] == '.') {
		i++
	}
	if i >= len(input) || input[i] != ':' {
		return "", "", false
	}
	scheme = strings.ToLower(input[:i])
	rest := input[i+1:]

	switch scheme {
	case "http", "https", "ws", "wss", "ftp":
		return scheme, "", specialAuthorityOK(rest)
	case "file":
		return scheme, "", fileURLOK(rest)
	}

	switch {
	case strings.HasPrefix(rest, "//"):
		rest = rest[2:]
		end := strings.IndexAny(rest, "/?#")
		if end < 0 {
			end = len(rest)
		}
		if !opaqueAuthorityOK(rest[:end]) {
			return "", "", false
		}
		rest = rest[end:]
		if strings.HasPrefix(rest, "/") {
			return scheme, hierarchicalPathname(rest[1:]), true
		}
		return scheme, "", true
	case strings.HasPrefix(rest, "/"):
		return scheme, hierarchicalPathname(rest[1:]), true
	default:
		return scheme, opaquePathname(rest), true
	}
}

// opaquePathname implements the opaque path state: everything up to "?" or
// "#", C0 controls and non-ASCII percent-encoded, a space just before "?"
// or "#" encoded as %20.
func opaquePathname(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '?' || c == '#' {
			break
		}
		if c == ' ' && i+1 < len(s) && (s[i+1] == '?' || s[i+1] == '#') {
			b.WriteString("%20")
			continue
		}
		if c < 0x20 || c > 0x7e {
			writePercent(&b, c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// hierarchicalPathname implements the path state for a non-special URL
// (input after the leading "/", up to "?" or "#"), returning the pathname
// getter's value: "/" + segments joined with "/", with "." and ".."
// segments resolved.
func hierarchicalPathname(s string) string {
	var segs []string
	var buf strings.Builder
	for i := 0; ; i++ {
		eof := i >= len(s) || s[i] == '?' || s[i] == '#'
		if eof || s[i] == '/' {
			seg := buf.String()
			buf.Reset()
			switch {
			case isDoubleDotSegment(seg):
				if len(segs) > 0 {
					segs = segs[:len(segs)-1]
				}
				if eof {
					segs = append(segs, "")
				}
			case isSingleDotSegment(seg):
				if eof {
					segs = append(segs, "")
				}
			default:
				segs = append(segs, seg)
			}
			if eof {
				break
			}
			continue
		}
		c := s[i]
		if c < 0x20 || c > 0x7e || strings.IndexByte(" \"<>`{}", c) >= 0 {
			writePercent(&buf, c)
			continue
		}
		buf.WriteByte(c)
	}
	var b strings.Builder
	for _, seg := range segs {
		b.WriteByte('/')
		b.WriteString(seg)
	}
	return b.String()
}

func isSingleDotSegment(s string) bool { return s == "." || strings.EqualFold(s, "%2e") }

func isDoubleDotSegment(s string) bool {
	switch strings.ToLower(s) {
	case "..", ".%2e", "%2e.", "%2e%2e":
		return true
	}
	return false
}

// splitAuthority returns the host-and-port part of an authority (after the
// last "@") and whether it is acceptable as far as credentials go: an "@"
// followed by nothing is a failure.
func splitAuthority(auth string) (hostport string, ok bool) {
	if at := strings.LastIndexByte(auth, '@'); at >= 0 {
		hostport = auth[at+1:]
		return hostport, hostport != ""
	}
	return auth, true
}

// splitHostPort splits at the first ":" outside brackets and validates the
// port (ASCII digits, at most 65535; empty allowed).
func splitHostPort(hostport string) (host string, ok bool) {
	inBrackets := false
	for i := 0; i < len(hostport); i++ {
		switch hostport[i] {
		case '[':
			inBrackets = true
		case ']':
			inBrackets = false
		case ':':
			if !inBrackets {
				// "host-missing": a port without a host fails even for
				// non-special schemes.
				return hostport[:i], i > 0 && validPort(hostport[i+1:])
			}
		}
	}
	return hostport, true
}

func validPort(p string) bool {
	n := 0
	for i := 0; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return false
		}
		n = n*10 + int(p[i]-'0')
		if n > 65535 {
			return false
		}
	}
	return true
}

// opaqueAuthorityOK validates the authority of a non-special URL.
func opaqueAuthorityOK(auth string) bool {
	hostport, ok := splitAuthority(auth)
	if !ok {
		return false
	}
	host, ok := splitHostPort(hostport)
	if !ok {
		return false
	}
	if strings.HasPrefix(host, "[") {
		return validIPv6Literal(host)
	}
	for i := 0; i < len(host); i++ {
		if isForbiddenHostByte(host[i]) {
			return false
		}
	}
	return true
}

// specialAuthorityOK validates what follows "http:" and the like: any run
// of slashes or backslashes, then an authority with a valid, non-empty host.
func specialAuthorityOK(rest string) bool {
	rest = strings.TrimLeft(rest, `/\`)
	end := strings.IndexAny(rest, `/\?#`)
	if end < 0 {
		end = len(rest)
	}
	hostport, ok := splitAuthority(rest[:end])
	if !ok {
		return false
	}
	host, ok := splitHostPort(hostport)
	return ok && host != "" && validDomainHost(host)
}

// fileURLOK validates a file: URL; only a non-empty host after "//" can
// make it fail.
func fileURLOK(rest string) bool {
	if len(rest) < 2 || (rest[0] != '/' && rest[0] != '\\') || (rest[1] != '/' && rest[1] != '\\') {
		return true
	}
	rest = rest[2:]
	end := strings.IndexAny(rest, `/\?#`)
	if end < 0 {
		end = len(rest)
	}
	host := rest[:end]
	if host == "" || (len(host) == 2 && isASCIIAlpha(host[0]) && (host[1] == ':' || host[1] == '|')) {
		return true
	}
	return validDomainHost(host)
}

// validDomainHost is the host parser for special URLs, minus UTS #46.
func validDomainHost(host string) bool {
	if strings.HasPrefix(host, "[") {
		return validIPv6Literal(host)
	}
	decoded := percentDecode(host)
	if decoded == "" {
		return false
	}
	for i := 0; i < len(decoded); i++ {
		c := decoded[i]
		if c >= 0x80 {
			continue
		}
		if c < 0x20 || c == 0x7f || c == '%' || isForbiddenHostByte(c) {
			return false
		}
	}
	if !strings.ContainsFunc(decoded, func(r rune) bool { return r >= 0x80 }) {
		if endsInNumber(strings.ToLower(decoded)) {
			return validIPv4(strings.ToLower(decoded))
		}
	}
	// Non-ASCII hosts would go through UTS #46 ToASCII, which rejects
	// invalid UTF-8 (decoded to U+FFFD); the rest of that check is skipped.
	return utf8.ValidString(decoded)
}

func isForbiddenHostByte(c byte) bool {
	switch c {
	case 0, '\t', '\n', '\r', ' ', '#', '/', ':', '<', '>', '?', '@', '[', '\\', ']', '^', '|':
		return true
	}
	return false
}

func validIPv6Literal(host string) bool {
	if len(host) < 2 || host[len(host)-1] != ']' {
		return false
	}
	inner := host[1 : len(host)-1]
	if strings.Contains(inner, "%") {
		return false
	}
	a, err := netip.ParseAddr(inner)
	return err == nil && a.Is6()
}

// ipv4Parts splits a host into dot-separated parts, dropping one trailing
// empty part as the standard does.
func ipv4Parts(host string) []string {
	parts := strings.Split(host, ".")
	if parts[len(parts)-1] == "" && len(parts) > 1 {
		parts = parts[:len(parts)-1]
	}
	return parts
}

func endsInNumber(host string) bool {
	parts := ipv4Parts(host)
	last := parts[len(parts)-1]
	if last != "" && strings.Trim(last, "0123456789") == "" {
		return true
	}
	if h, ok := strings.CutPrefix(last, "0x"); ok {
		return strings.Trim(h, "0123456789abcdef") == ""
	}
	return false
}

func validIPv4(host string) bool {
	parts := ipv4Parts(host)
	if len(parts) > 4 {
		return false
	}
	for i, p := range parts {
		v, ok := ipv4Number(p)
		if !ok {
			return false
		}
		if i < len(parts)-1 && v > 255 {
			return false
		}
		if i == len(parts)-1 && v >= uint64(1)<<(8*(5-len(parts))) {
			return false
		}
	}
	return true
}

func ipv4Number(p string) (uint64, bool) {
	if p == "" {
		return 0, false
	}
	base := uint64(10)
	switch {
	case len(p) >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'):
		base, p = 16, p[2:]
	case len(p) >= 2 && p[0] == '0':
		base, p = 8, p[1:]
	}
	var v uint64
	for i := 0; i < len(p); i++ {
		d := uint64(hexDigitValue(uint16(p[i])))
		if hexDigitValue(uint16(p[i])) < 0 || d >= base {
			return 0, false
		}
		v = v*base + d
		if v > 1<<32 {
			v = 1 << 33 // saturate: too large either way
		}
	}
	return v, true
}

func percentDecode(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && hexDigitValue(uint16(s[i+1])) >= 0 && hexDigitValue(uint16(s[i+2])) >= 0 {
			b.WriteByte(byte(hexDigitValue(uint16(s[i+1]))<<4 | hexDigitValue(uint16(s[i+2]))))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func writePercent(b *strings.Builder, c byte) {
	const digits = "0123456789ABCDEF"
	b.WriteByte('%')
	b.WriteByte(digits[c>>4])
	b.WriteByte(digits[c&0xf])
}

func isASCIIAlpha(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }

func isASCIIAlnum(c byte) bool { return isASCIIAlpha(c) || (c >= '0' && c <= '9') }
