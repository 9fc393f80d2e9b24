package api

import "errors"

// Error codes of the kernel's typed errors. Upstream kernel errors carry a
// string code; callers tell errors apart with errors.Is against the
// sentinel values below, or errors.As to *Error for the code.
const (
	CodeVatNotFound          = "VAT_NOT_FOUND"
	CodeVatAlreadyExists     = "VAT_ALREADY_EXISTS"
	CodeVatDeleted           = "VAT_DELETED"
	CodeSubclusterNotFound   = "SUBCLUSTER_NOT_FOUND"
	CodeObjectDeleted        = "OBJECT_DELETED"
	CodeObjectRevoked        = "OBJECT_REVOKED"
	CodeBadPromiseResolution = "BAD_PROMISE_RESOLUTION"
	CodeDeliveryFailed       = "DELIVERY_FAILED"
)

// Error is a kernel error with a stable code.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Is matches errors with the same code, so errors.Is(err, ErrVatNotFound)
// works for any *Error carrying that code.
func (e *Error) Is(target error) bool {
	var t *Error
	if errors.As(target, &t) {
		return t.Code == e.Code
	}
	return false
}

// Sentinel kernel errors, with upstream's messages.
var (
	ErrVatNotFound        = &Error{CodeVatNotFound, "Vat does not exist."}
	ErrVatAlreadyExists   = &Error{CodeVatAlreadyExists, "Vat already exists."}
	ErrVatDeleted         = &Error{CodeVatDeleted, "Vat was deleted."}
	ErrSubclusterNotFound = &Error{CodeSubclusterNotFound, "Subcluster does not exist."}
	// Send failures ("splats") as upstream HEAD reports them to queueMessage.
	ErrObjectDeleted        = &Error{CodeObjectDeleted, "[KERNEL:OBJECT_DELETED] Target object has no owner; it may have been deleted"}
	ErrObjectRevoked        = &Error{CodeObjectRevoked, "[KERNEL:OBJECT_REVOKED] Target object has been revoked"}
	ErrBadPromiseResolution = &Error{CodeBadPromiseResolution, "[KERNEL:BAD_PROMISE_RESOLUTION] Promise fulfilled but did not contain an object reference"}
)

// DeliveryFailed returns the error for a message a kernel service could not
// handle.
func DeliveryFailed(msg string) *Error {
	return &Error{CodeDeliveryFailed, "[KERNEL:DELIVERY_FAILED] " + msg}
}
