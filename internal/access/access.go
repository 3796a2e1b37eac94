// Package access holds the role constants and the small helpers every domain
// uses to ask who the caller is and whether a record belongs to their tenant.
package access

import (
	"github.com/pocketbase/pocketbase/core"
)

// Roles of the users collection (DESIGN.md §2).
const (
	RoleStudent     = "student"
	RoleMentor      = "mentor"
	RoleCoordinator = "coordinator"
	RoleSupervisor  = "supervisor"
)

// Users is the name of the auth collection that holds every role.
const Users = "users"

// Role returns the role of an auth record, or "" for guests and superusers.
func Role(auth *core.Record) string {
	if auth == nil || auth.Collection().Name != Users {
		return ""
	}
	return auth.GetString("role")
}

// Is reports whether auth is a users record with the given role.
func Is(auth *core.Record, role string) bool {
	return Role(auth) == role
}

// IsSuperuser reports whether auth is a superuser.
func IsSuperuser(auth *core.Record) bool {
	return auth != nil && auth.IsSuperuser()
}

// Institution returns the institution id of a users record ("" when none).
func Institution(auth *core.Record) string {
	if auth == nil || auth.Collection().Name != Users {
		return ""
	}
	return auth.GetString("institution")
}

// Organization returns the organization id of a users record ("" when none).
func Organization(auth *core.Record) string {
	if auth == nil || auth.Collection().Name != Users {
		return ""
	}
	return auth.GetString("organization")
}

// CoordinatorOf reports whether auth coordinates the given institution.
func CoordinatorOf(auth *core.Record, institution string) bool {
	return institution != "" && Is(auth, RoleCoordinator) && Institution(auth) == institution
}

// ActorLabel describes the caller for audit trails: "<role>:<id>",
// "superuser:<email>" or "system".
func ActorLabel(auth *core.Record) string {
	switch {
	case auth == nil:
		return "system"
	case auth.IsSuperuser():
		return "superuser:" + auth.Email()
	default:
		return Role(auth) + ":" + auth.Id
	}
}
