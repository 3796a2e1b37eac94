// Package apierror holds the answers Internbase gives a refused request: the
// ib_ error codes of DESIGN.md §5 and the 400, 403, 409 and 500 errors built
// from them, with sentences that tell the caller what to do.
package apierror

import (
	"fmt"
	"sort"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// Error codes of DESIGN.md §5.
const (
	CodeInvalidTransition = "ib_invalid_transition"
	CodeForbiddenField    = "ib_forbidden_field"
	CodeClosed            = "ib_closed"
	CodeNotEligible       = "ib_not_eligible"
	CodePrerequisites     = "ib_prerequisites"
	CodeDuplicate         = "ib_duplicate"
	CodeBusy              = "ib_busy"
	CodeNoSeats           = "ib_no_seats"
	CodeOfferExpired      = "ib_offer_expired"
	CodeOutOfRange        = "ib_out_of_range"
	CodeLocked            = "ib_locked"
	CodeIncomplete        = "ib_incomplete"
	CodeFee               = "ib_fee"
	CodeFilter            = "ib_filter"
	CodeNotEnrolled       = "ib_not_enrolled"
	CodeUnverified        = "ib_unverified"
)

// FieldError is a 400 whose data names one field with an ib_ code; message
// is a sentence that tells the person what to do.
func FieldError(field, code, message string) error {
	return apis.NewBadRequestError(message, validation.Errors{field: validation.NewError(code, message)})
}

// ForbiddenFields is the 400 answered when a caller sets fields they may not
// set or change; every field is named with ib_forbidden_field.
func ForbiddenFields(fields ...string) error {
	sort.Strings(fields)
	errs := validation.Errors{}
	for _, f := range fields {
		errs[f] = validation.NewError(CodeForbiddenField, "You may not set or change "+f+".")
	}
	return apis.NewBadRequestError("You may not set or change "+strings.Join(fields, ", ")+"; remove them from the request.", errs)
}

// InternalMessage is the message of the 500 answered when the server cannot
// make a check: it names nothing of the database.
const InternalMessage = "The server could not check this request; nothing was changed. Try again later."

// Internal is the answer when a check cannot read what it needs (a count or
// a read failed): the request is refused with a 500 and a generic message,
// and the cause (what was being read, and why it failed) is logged. A check
// that cannot be made never lets a request through.
func Internal(app core.App, what string, err error) error {
	app.Logger().Error("ib: check failed: "+what, "error", err.Error())
	return apis.NewInternalServerError(InternalMessage, fmt.Errorf("%s: %w", what, err))
}

// Forbidden is the 403 answered when the caller's role may not make a change.
func Forbidden(message string) error {
	return apis.NewForbiddenError(message, nil)
}

// ValidationError wraps per-field errors of a model hook so that the API
// answers 400 with them, whoever saved the record.
func ValidationError(field, code, message string) error {
	return validation.Errors{field: validation.NewError(code, message)}
}

// Conflict is the 409 answered when a record changed between the request's
// read and its transaction (a concurrent request won); what names the record.
func Conflict(what string) error {
	return apis.NewApiError(409, "This "+what+" changed while you were working on it; reload it and try again.", nil)
}
