package antfiles

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

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
	return display(o.Lock.Path)
}

// display is p relative to the working directory when it can be, as a
// user would type it.
func display(p string) string {
	wd, err := os.Getwd()
	if err != nil || !filepath.IsAbs(p) {
		return p
	}
	if rel, err := filepath.Rel(wd, p); err == nil {
		return rel
	}
	return p
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
	p, within := req.LockPath, ""
	if p == "" {
		found, err := FindLock(req.Dir)
		if err != nil {
			return nil, lockError(LockName, err)
		}
		if found == "" {
			return &Owned{}, nil
		}
		// A lock found in a checkout may come from a pull request: a link
		// must stay in its directory.
		p, within = found, filepath.Dir(found)
	}
	l, err := ReadLock(p, within, req.Limits)
	if err != nil {
		return nil, lockError(display(p), err)
	}
	if m := l.Origin.Mismatch(req.OrganizationID, req.WorkspaceID); m != "" {
		return &Owned{}, hcl.Diagnostics{{
			Severity: hcl.DiagWarning,
			Summary:  "ant apply's lock ignored: another origin",
			Detail: fmt.Sprintf("%s records %s; terrarium treats none of its environments as ant's. "+
				"Pass --ant-lock with the lock of this organization and workspace if there is one.", display(p), m),
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

// Release is the step that makes ant apply let go of the environment id:
// ant deletes metadata keys its file does not declare, so it must stop
// applying the environment before terrarium writes its ownership keys; a
// deleted file only warns, but `ant apply --prune` archives the
// environment, so its lock entry goes too (API.md, "ant apply").
func (o *Owned) Release(id string) string {
	key, _ := o.Owns(id)
	return fmt.Sprintf("In ant's repository, delete the file %[2]s and its entry in %[3]s, and merge that\n"+
		"before applying: until then ant apply updates %[1]s and deletes terrarium's ownership keys,\n"+
		"and ant apply --prune would archive it.", id, key, o.Where())
}

// Handover is what a team does to move the environment id from ant apply
// to terrarium, and back: Release, then import. ant cannot adopt an
// environment it did not create (API.md, "ant apply"), so the way back
// ends with ant creating a new one.
func (o *Owned) Handover(id string) string {
	return fmt.Sprintf(`To move %[1]s from ant apply to terrarium:
  1. %[2]s
  2. Import it (terrarium import --take-from-ant ADDRESS %[1]s, or an import block),
     then run terrarium plan: it should show only the adoption.
To move it back later: terrarium forget ADDRESS (the environment stays, without terrarium's keys);
ant apply cannot adopt an environment it did not create, so it creates a new one from its file.`,
		id, strings.ReplaceAll(o.Release(id), "\n", "\n     "))
}
