package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Error codes the environment endpoints document (error.details.error_code).
const (
	CodeEnvironmentArchived      = "environment_archived"
	CodeInvalidConfigTypeChange  = "invalid_config_type_change"
	CodeEnvironmentNotFound      = "environment_not_found"
	CodeEnvironmentCreateDisable = "environment_create_disabled"
	CodeEnvironmentUpdateDisable = "environment_update_disabled"
	CodeOrganizationOnHold       = "organization_on_hold"
)

// Error is an API refusal as terrarium reports it: what was being done, to
// which environment, the API's machine-readable code and the request id.
// It never holds a credential. Type, Code, Message and RequestID come from
// the answer and hold one line each: controls, newlines and hidden
// formatting characters in them are visible escapes (escape.Line).
type Error struct {
	Op         string // "create", "update", "list", ...
	Env        string // environment name or id; empty for list
	StatusCode int
	Type       string // error.type, e.g. "invalid_request_error"
	Code       string // error.details.error_code, may be empty
	Message    string
	RequestID  string
}

// Error says which call failed and the API's code, message and request id.
func (e *Error) Error() string {
	msg := e.Op
	if e.Env != "" {
		msg += " " + e.Env
	}
	msg += fmt.Sprintf(": %s (HTTP %d", e.Message, e.StatusCode)
	if e.Code != "" {
		msg += ", " + e.Code
	}
	if e.RequestID != "" {
		msg += ", request " + e.RequestID
	}
	return msg + ")"
}

// IsNotFound reports whether err is the API saying the environment does
// not exist: a 404 with environment_not_found, or a 404 with no error code
// at all (an answer API.md does not rule out).
func IsNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.StatusCode == http.StatusNotFound &&
		(e.Code == "" || e.Code == CodeEnvironmentNotFound)
}

// IsNameTaken reports whether err is the API refusing a name already in
// use. The API documents 409 (claude-api skill reference) and no error
// code; earlier emulators answered 400 with "already exists" in the
// message, and a code naming a conflict is taken as one too, so that every
// form leads to the same "name taken" handling and import hint.
func IsNameTaken(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	code := strings.ToLower(e.Code)
	msg := strings.ToLower(e.Message)
	return e.StatusCode == http.StatusConflict || strings.Contains(code, "exist") || strings.Contains(code, "conflict") ||
		(e.StatusCode == http.StatusBadRequest && strings.Contains(msg, "name") && strings.Contains(msg, "already exists"))
}

// AmbiguousError wraps a mutation whose answer never arrived (timeout,
// dropped connection), or whose answer does not prove that nothing changed
// (an *Error that is not Definite): the API may or may not have applied it.
type AmbiguousError struct {
	Op  string
	Env string
	Err error
}

// Error says that the call's outcome is unknown, and why.
func (e *AmbiguousError) Error() string {
	var ae *Error
	if errors.As(e.Err, &ae) {
		msg := strings.TrimPrefix(ae.Error(), opLabel(ae.Op, ae.Env)+": ")
		return fmt.Sprintf("%s %s: the API answered %s after the request may have reached it, so the change may or may not have been applied", e.Op, e.Env, msg)
	}
	var m *MalformedAnswerError
	if errors.As(e.Err, &m) {
		return fmt.Sprintf("%s %s: %v; the change may or may not have been applied", e.Op, e.Env, m)
	}
	return fmt.Sprintf("%s %s: no answer from the API, the change may or may not have been applied: %v", e.Op, e.Env, e.Err)
}

// MalformedAnswerError is an answer that cannot be the API's (see
// checkIdentity and checkAnswerID).
type MalformedAnswerError struct{ Msg string }

func (e *MalformedAnswerError) Error() string { return e.Msg }

// Unwrap returns the transport error behind the ambiguity.
func (e *AmbiguousError) Unwrap() error { return e.Err }

// IsAmbiguous reports whether err means the outcome of a mutation is unknown.
func IsAmbiguous(err error) bool {
	var e *AmbiguousError
	return errors.As(err, &e)
}
