// Package backend opens the state log a configuration asks for: the local
// log in a directory by default, the PostgreSQL backend when the
// terrarium block holds `backend "postgres" { ... }`, or the git backend
// (a branch of the repository's remote) with `backend "git" { ... }`.
package backend

import (
	"context"
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
		return l, nil, nil
	case Postgres:
		cfg, diags := pgstate.DecodeBackend(spec.Body, nil)
		if diags.HasErrors() {
			return nil, diags, nil
		}
		cfg.Getenv = spec.Getenv
		l, err := pgstate.Open(ctx, cfg, opts)
		if err != nil {
			return nil, diags, err
		}
		return l, diags, nil
	case Git:
		cfg, diags := gitstate.DecodeBackend(spec.Body)
		if diags.HasErrors() {
			return nil, diags, nil
		}
		cfg.Dir = spec.Dir
		if cfg.Dir == "" {
			cfg.Dir = "."
		}
		l, err := gitstate.Open(ctx, cfg, opts)
		if err != nil {
			return nil, diags, err
		}
		return l, diags, nil
	}
	return nil, hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Unsupported backend",
		Detail:   fmt.Sprintf("Backend %q is not supported; the state log backends are %q (the default), %q and %q.", spec.Type, Local, Postgres, Git),
		Subject:  spec.Range.Ptr(),
	}}, nil
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
