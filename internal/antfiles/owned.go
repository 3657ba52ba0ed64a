package antfiles

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/safefile"
)

// Owned is what ant apply manages where terrarium works: the environments
// its lock lists. The zero value (and nil) owns nothing.
type Owned struct {
	// Lock is the lock read; nil when none was found or it was ignored.
	Lock *Lock
	// IDs maps each environment id ant owns to its resource key.
	IDs map[string]string
}

// Owns returns the lock's resource key of id and whether ant owns it.
func (o *Owned) Owns(id string) (string, bool) {
	if o == nil {
		return "", false
	}
	key, ok := o.IDs[id]
	return key, ok
}

// Where names the lock for a message: its path, or "claude-lock.json".
func (o *Owned) Where() string {
	if o == nil || o.Lock == nil {
		return LockName
	}
	return o.Lock.Path
}

// Request says where to look for ant's lock and whom terrarium talks to.
type Request struct {
	// Dir is the configuration directory the walk up starts from.
	Dir string
	// LockPath is --ant-lock: a lock named by the user, read instead of
	// walking up; it must exist.
	LockPath string
	// OrganizationID and WorkspaceID are terrarium's origin; empty when
	// unknown.
	OrganizationID, WorkspaceID string
	Limits                      safefile.Limits
}

// Load finds and reads ant's lock for req. No lock is no ownership and no
// diagnostic. A lock that cannot be read is an error diagnostic (terrarium
// cannot tell what ant owns, so it changes nothing); a lock whose origin
// differs from terrarium's is ignored with a warning, as ant itself refuses
// credentials of another origin (API.md, "ant apply").
func Load(req Request) (*Owned, hcl.Diagnostics) {
	p := req.LockPath
	if p == "" {
		found, err := FindLock(req.Dir)
		if err != nil {
			return nil, lockError(LockName, err)
		}
		p = found
	}
	if p == "" {
		return &Owned{}, nil
	}
	l, err := ReadLock(p, req.Limits)
	if err != nil {
		return nil, lockError(p, err)
	}
	if m := l.Origin.Mismatch(req.OrganizationID, req.WorkspaceID); m != "" {
		return &Owned{}, hcl.Diagnostics{{
			Severity: hcl.DiagWarning,
			Summary:  "ant apply's lock ignored: another origin",
			Detail: fmt.Sprintf("%s records %s; terrarium treats none of its environments as ant's. "+
				"Pass --ant-lock with the lock of this organization and workspace if there is one.", p, m),
		}}
	}
	return &Owned{Lock: l, IDs: l.Environments()}, nil
}

func lockError(p string, err error) hcl.Diagnostics {
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Cannot read ant apply's lock",
		Detail: fmt.Sprintf("%v. terrarium reads claude-lock.json to leave ant's environments alone, and changes nothing without it: "+
			"fix or remove the file, or name the right one with --ant-lock PATH.", err),
	}}
}
