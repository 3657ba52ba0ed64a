// Package backend opens the state log a configuration asks for: the local
// log in a directory by default, the PostgreSQL backend when the
// terrarium block holds `backend "postgres" { ... }`, or the git backend
// (a branch of the repository's remote) with `backend "git" { ... }`.
package backend

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/state"
	"terrarium/internal/state/gitstate"
	pgstate "terrarium/internal/state/pg"
	"terrarium/schema"
)

// Backend types.
const (
	Local    = "local"
	Postgres = "postgres"
	Git      = "git"
)

// Spec says where a stack's log lives: the terrarium block's backend block
// (Type, Body and Range; all zero without one) and the local directory.
type Spec struct {
	Type  string
	Body  hcl.Body
	Range hcl.Range
	// StateDir is the local log's directory (--state-dir, or .terrarium
	// beside the configuration).
	StateDir string
	// Dir is the configuration directory: the git backend runs git there.
	Dir string
	// Getenv reads TERRARIUM_PG_CONN; the PG* variables are read by pgx.
	Getenv func(string) string

	// pg is the decoded postgres block of a spec rebuilt from a saved plan
	// (FromRecord), which has no Body.
	pg *pgstate.Config
	// git is the decoded git block of a spec rebuilt from a saved plan.
	git *gitstate.Config
}

// FromSettings is the Spec of a configuration's terrarium block.
func FromSettings(s schema.Settings, stateDir string, getenv func(string) string) Spec {
	spec := Spec{StateDir: stateDir, Getenv: getenv}
	if b := s.Backend; b != nil {
		spec.Type, spec.Body, spec.Range = b.Type, b.Body, b.Range
	}
	return spec
}

// Open opens the log. Configuration mistakes are diagnostics pointing at
// the backend block; failures to reach the log are errors.
func Open(ctx context.Context, spec Spec, opts state.Options) (state.Log, hcl.Diagnostics, error) {
	switch spec.Type {
	case "", Local:
		l, err := state.Open(spec.StateDir, opts)
		if err != nil {
			return nil, nil, err
		}
		return l, l.Warnings(), nil
	case Postgres:
		cfg, diags := spec.postgres()
		if diags.HasErrors() {
			return nil, diags, nil
		}
		l, err := pgstate.Open(ctx, cfg, opts)
		if err != nil {
			return nil, diags, err
		}
		return l, diags, nil
	case Git:
		cfg, diags := spec.gitConfig()
		if diags.HasErrors() {
			return nil, diags, nil
		}
		l, err := gitstate.Open(ctx, cfg, opts)
		var unreachable *gitstate.UnreachableError
		if errors.As(err, &unreachable) {
			diags = diags.Append(&hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "No state log to read", Detail: unreachable.Error() + ".", Subject: spec.Range.Ptr()})
		}
		if err != nil {
			return nil, diags, err
		}
		return l, diags, nil
	}
	return nil, unsupported(spec), nil
}

func unsupported(spec Spec) hcl.Diagnostics {
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Unsupported backend",
		Detail:   fmt.Sprintf("Backend %q is not supported; the state log backends are %q (the default), %q and %q.", spec.Type, Local, Postgres, Git),
		Subject:  spec.Range.Ptr(),
	}}
}

// postgres decodes the postgres block (or takes the saved one).
func (spec Spec) postgres() (pgstate.Config, hcl.Diagnostics) {
	var cfg pgstate.Config
	var diags hcl.Diagnostics
	if spec.pg != nil {
		cfg = *spec.pg
	} else {
		cfg, diags = pgstate.DecodeBackend(spec.Body, nil)
	}
	cfg.Getenv = spec.Getenv
	return cfg, diags
}

// gitConfig decodes the git block (or takes the saved one), in Dir.
func (spec Spec) gitConfig() (gitstate.Config, hcl.Diagnostics) {
	var cfg gitstate.Config
	var diags hcl.Diagnostics
	if spec.git != nil {
		cfg = *spec.git
	} else {
		cfg, diags = gitstate.DecodeBackend(spec.Body)
	}
	cfg.Dir = spec.Dir
	if cfg.Dir == "" {
		cfg.Dir = "."
	}
	return cfg, diags
}

// Record returns what a saved plan records of the backend, as Terraform's
// plan file records its backend: the type ("local", "postgres" or "git") and the
// settings needed to open the same log without reading the configuration
// again. For postgres these are schema_name and conn_str, the latter
// without any password (applying the plan reads it from PGPASSWORD or
// ~/.pgpass); an unset conn_str is left out, so TERRARIUM_PG_CONN is read
// when the plan is applied. The local log's directory is not recorded: it
// is found beside the plan's configuration directory, or by --state-dir.
// An invalid backend block gives its diagnostics.
func (spec Spec) Record() (typ string, settings map[string]string, diags hcl.Diagnostics) {
	switch spec.Type {
	case "", Local:
		return Local, nil, nil
	case Postgres:
		cfg, diags := spec.postgres()
		if diags.HasErrors() {
			return "", nil, diags
		}
		settings = map[string]string{}
		if cfg.SchemaName != "" {
			settings["schema_name"] = cfg.SchemaName
		}
		if cfg.ConnString != "" {
			settings["conn_str"], _ = pgstate.WithoutPassword(cfg.ConnString)
		}
		return Postgres, settings, diags
	case Git:
		cfg, diags := spec.gitConfig()
		if diags.HasErrors() {
			return "", nil, diags
		}
		settings = map[string]string{}
		if cfg.Branch != "" {
			settings["branch"] = cfg.Branch
		}
		if cfg.Remote != "" {
			settings["remote"] = cfg.Remote
		}
		return Git, settings, diags
	}
	return "", nil, unsupported(spec)
}

// FromRecord rebuilds the Spec a saved plan recorded (see Record). A type
// or setting this build does not know is an error: the plan was made by
// another terrarium.
func FromRecord(typ string, settings map[string]string, stateDir string, getenv func(string) string) (Spec, error) {
	spec := Spec{Type: typ, StateDir: stateDir, Getenv: getenv}
	known := map[string]*string{}
	switch typ {
	case Local:
	case Postgres:
		spec.pg = &pgstate.Config{}
		known["schema_name"], known["conn_str"] = &spec.pg.SchemaName, &spec.pg.ConnString
	case Git:
		spec.git = &gitstate.Config{}
		known["branch"], known["remote"] = &spec.git.Branch, &spec.git.Remote
	default:
		return Spec{}, fmt.Errorf("the plan records state backend %q, which this terrarium does not support (%q, %q, %q)", typ, Local, Postgres, Git)
	}
	for k, v := range settings {
		dst, ok := known[k]
		if !ok {
			return Spec{}, fmt.Errorf("the plan records setting %q for state backend %q, which this terrarium does not know", k, typ)
		}
		*dst = v
	}
	return spec, nil
}

// ForceUnlock releases the lock with the given id on either backend and
// returns its holder.
func ForceUnlock(ctx context.Context, l state.Log, id string) (state.LockInfo, error) {
	switch l := l.(type) {
	case *state.Local:
		return l.ForceUnlock(id)
	case *pgstate.Log:
		return l.ForceUnlock(ctx, id)
	case *gitstate.Log:
		return l.ForceUnlock(ctx, id)
	}
	return state.LockInfo{}, fmt.Errorf("force-unlock is not supported by %T", l)
}

// Verify checks the whole chain of either backend's log.
func Verify(ctx context.Context, l state.Log) (*state.VerifyReport, error) {
	switch l := l.(type) {
	case *state.Local:
		return state.Verify(ctx, l.Path())
	case *pgstate.Log:
		return l.VerifyReport(ctx)
	case *gitstate.Log:
		return l.VerifyReport(ctx)
	}
	return nil, fmt.Errorf("verify is not supported by %T", l)
}
