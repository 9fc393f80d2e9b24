package kernelstore

import "errors"

// Errors callers distinguish with errors.Is. Their texts are the upstream
// ones where upstream clients may see them.
var (
	// ErrNotFound: GetRequired found no value (or an empty one) for a key.
	ErrNotFound = errors.New("no record matching key")
	// ErrInvalidIdentifier: a savepoint name is not a plain SQL identifier.
	//lint:ignore ST1005 upstream's exact text
	ErrInvalidIdentifier = errors.New("Invalid identifier")
	// ErrNoSuchSavepoint: release/rollback of a savepoint that is not open.
	//lint:ignore ST1005 upstream's exact text
	ErrNoSuchSavepoint = errors.New("No such savepoint")
)

// notFoundError carries the key; its text is upstream's
// `no record matching key '<key>'`.
type notFoundError struct{ key string }

func (e *notFoundError) Error() string { return "no record matching key '" + e.key + "'" }

func (e *notFoundError) Is(target error) bool { return target == ErrNotFound }
