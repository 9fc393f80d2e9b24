package jsvat

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"unicode/utf8"
)

// The fs platform capability: upstream's existsSync, promises.readFile
// and promises.access, each offered only when platformConfig.fs asks for
// it, and confined to fs.rootDir. A path is resolved against rootDir when
// it is relative; it must stay inside rootDir, and no component of it
// under rootDir may be a symbolic link. A path refused is an error (the
// JavaScript side prefixes "fs.<operation>: ", as upstream's caveats do);
// a failure of the file system itself is answered as an object describing
// Node's error, which the JavaScript side throws.

// maxReadFile bounds a readFile, below the vat's own memory cap.
const maxReadFile = 64 << 20

func (h *host) fsPath(op, p string) (string, error) {
	fc := h.cfg.fs
	if fc == nil {
		return "", fmt.Errorf("this vat has no fs platform capability")
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(fc.RootDir, p)
	}
	p = filepath.Clean(p)
	rel, err := filepath.Rel(fc.RootDir, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("Path %s is outside allowed root %s", p, fc.RootDir)
	}
	cur := fc.RootDir
	if rel != "." {
		for _, part := range strings.Split(rel, string(filepath.Separator)) {
			cur = filepath.Join(cur, part)
			st, err := os.Lstat(cur)
			if err != nil {
				if errors.Is(err, os.ErrNotExist) {
					return p, nil
				}
				return "", err
			}
			if st.Mode()&os.ModeSymlink != 0 {
				return "", fmt.Errorf("Symlinks are prohibited: %s", cur)
			}
		}
	}
	return p, nil
}

func (h *host) jsFsExists(args []any) (any, error) {
	p, err := argString(args, 0, "existsSync")
	if err != nil {
		return nil, err
	}
	if h.cfg.fs == nil || !h.cfg.fs.ExistsSync {
		return nil, errors.New("existsSync was not granted")
	}
	full, err := h.fsPath("existsSync", p)
	if err != nil {
		return nil, err
	}
	_, err = os.Stat(full)
	return err == nil, nil
}

func (h *host) jsFsRead(args []any) (any, error) {
	p, err := argString(args, 0, "readFile")
	if err != nil {
		return nil, err
	}
	encoding, _ := argString(args, 1, "readFile")
	if h.cfg.fs == nil || h.cfg.fs.Promises == nil || !h.cfg.fs.Promises.ReadFile {
		return nil, errors.New("readFile was not granted")
	}
	full, err := h.fsPath("readFile", p)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(full)
	if err != nil {
		return nodeFSError(err, "open", p), nil
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return map[string]any{"code": "EISDIR", "errno": -int(syscall.EISDIR), "syscall": "read", "message": "EISDIR: illegal operation on a directory, read"}, nil
	}
	limit := int64(maxReadFile)
	if h.cfg.memoryLimit/4 < limit {
		limit = h.cfg.memoryLimit / 4
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("file %s is larger than %d bytes", p, limit)
	}
	switch strings.ToLower(encoding) {
	case "":
		return binaryString(data), nil
	case "utf8", "utf-8":
		if utf8.Valid(data) {
			return string(data), nil
		}
		return strings.ToValidUTF8(string(data), "\uFFFD"), nil
	case "latin1", "binary":
		return binaryString(data), nil
	case "ascii":
		out := make([]byte, len(data))
		for i, c := range data {
			out[i] = c & 0x7f
		}
		return string(out), nil
	case "hex":
		return hex.EncodeToString(data), nil
	case "base64":
		return base64.StdEncoding.EncodeToString(data), nil
	case "base64url":
		return base64.RawURLEncoding.EncodeToString(data), nil
	default:
		return nil, fmt.Errorf("The argument 'encoding' is invalid encoding. Received '%s'", encoding)
	}
}

func (h *host) jsFsAccess(args []any) (any, error) {
	p, err := argString(args, 0, "access")
	if err != nil {
		return nil, err
	}
	mode, err := argInt(args, 1, "access")
	if err != nil {
		return nil, err
	}
	if h.cfg.fs == nil || h.cfg.fs.Promises == nil || !h.cfg.fs.Promises.Access {
		return nil, errors.New("access was not granted")
	}
	full, err := h.fsPath("access", p)
	if err != nil {
		return nil, err
	}
	if mode < 0 || mode > 7 {
		return nil, fmt.Errorf("The value of \"mode\" is out of range. It must be an integer >= 0 && <= 7. Received %d", mode)
	}
	if mode&2 != 0 {
		return nil, fmt.Errorf("EACCES: permission denied, access '%s' (the fs capability is read-only)", p)
	}
	if err := syscall.Access(full, uint32(mode)); err != nil {
		return nodeFSError(err, "access", p), nil
	}
	return nil, nil
}

// nodeFSError is a file error as Node's fs reports it: the message
// "ENOENT: no such file or directory, open '/x'" and the code, errno,
// syscall and path properties; the JavaScript side throws it as an Error.
func nodeFSError(err error, op, p string) map[string]any {
	var errno syscall.Errno
	if pe := (*os.PathError)(nil); errors.As(err, &pe) {
		err = pe.Err
	}
	out := map[string]any{"syscall": op, "path": p, "message": fmt.Sprintf("%s '%s': %v", op, p, err)}
	if errors.As(err, &errno) {
		code := map[syscall.Errno]string{
			syscall.ENOENT: "ENOENT", syscall.EACCES: "EACCES", syscall.ENOTDIR: "ENOTDIR",
			syscall.EISDIR: "EISDIR", syscall.ELOOP: "ELOOP", syscall.EPERM: "EPERM",
			syscall.EMFILE: "EMFILE", syscall.ENFILE: "ENFILE", syscall.EIO: "EIO",
		}[errno]
		if code != "" {
			out["code"] = code
			out["errno"] = -int(errno)
			out["message"] = fmt.Sprintf("%s: %s, %s '%s'", code, errno.Error(), op, p)
		}
	}
	return out
}
