package access

import (
	"fmt"
	"sort"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
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

// Forbidden is the 403 answered when the caller's role may not make a change.
func Forbidden(message string) error {
	return apis.NewForbiddenError(message, nil)
}

// ValidationError wraps per-field errors of a model hook so that the API
// answers 400 with them, whoever saved the record.
func ValidationError(field, code, message string) error {
	return validation.Errors{field: validation.NewError(code, message)}
}

// Internal is the 500 answered when a read or write the server needs fails:
// the caller gets a generic message, the cause stays wrapped for the logs
// (errors.Is/As). what names the step in lowercase ("count placements").
func Internal(what string, err error) error {
	return fmt.Errorf("%w: %s: %w", apis.NewInternalServerError("", nil), what, err)
}
