package cli

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"

	"terrarium/internal/scaffold"
	"terrarium/internal/state/backend"
	"terrarium/internal/state/gitstate"
	pgstate "terrarium/internal/state/pg"
)

// pgTarget resolves the PostgreSQL backend for state migrate and pull: the
// configuration in dir when it has one (its stack, and the conn_str and
// schema_name of its backend "postgres" block), then the flags, which win
// when given, then TERRARIUM_PG_CONN and the PG* variables.
func pgTarget(d *Deps, dir, schemaFlag string, schemaSet bool) (pgstate.Config, string, error) {
	cfg := pgstate.Config{SchemaName: schemaFlag, Getenv: d.Getenv}
	stack, err := backendTarget(d, dir, backend.Postgres, func(body hcl.Body) hcl.Diagnostics {
		fromFile, diags := pgstate.DecodeBackend(body, nil)
		cfg.ConnString = fromFile.ConnString
		if !schemaSet && fromFile.SchemaName != "" {
			cfg.SchemaName = fromFile.SchemaName
		}
		return diags
	})
	return cfg, stack, err
}

// gitTarget resolves the git backend for state migrate and pull: the
// branch and remote of the configuration's backend "git" block, or the
// defaults (terrarium-state on origin), in the repository holding dir.
func gitTarget(d *Deps, dir string) (gitstate.Config, string, error) {
	cfg := gitstate.Config{Dir: dir}
	stack, err := backendTarget(d, dir, backend.Git, func(body hcl.Body) hcl.Diagnostics {
		fromFile, diags := gitstate.DecodeBackend(body)
		cfg.Branch, cfg.Remote = fromFile.Branch, fromFile.Remote
		return diags
	})
	return cfg, stack, err
}

// configBackend returns the backend type the configuration in dir names
// ("" without a configuration or a backend block).
func configBackend(d *Deps, dir string) (string, error) {
	if !scaffold.HasConfig(dir) {
		return "", nil
	}
	conf, err := loadConfig(d, dir, nil, nil, nil)
	if err != nil || conf.Settings.Backend == nil {
		return "", err
	}
	return conf.Settings.Backend.Type, nil
}

// backendTarget loads the configuration in dir, when there is one, and
// hands its backend block's body to decode when the block is of type
// want; another type is an error. It returns the configuration's stack.
func backendTarget(d *Deps, dir, want string, decode func(hcl.Body) hcl.Diagnostics) (string, error) {
	if !scaffold.HasConfig(dir) {
		return "", nil
	}
	conf, err := loadConfig(d, dir, nil, nil, nil)
	if err != nil {
		return "", err
	}
	stack := conf.Settings.Stack.Value
	b := conf.Settings.Backend
	if b == nil {
		return stack, nil
	}
	if b.Type != want {
		return stack, fmt.Errorf("%s: the configuration's backend is %q, not %s", b.Range, b.Type, want)
	}
	diags := decode(b.Body)
	if err := printDiagnostics(d, conf.Files, diags); err != nil {
		return stack, err
	}
	if diags.HasErrors() {
		return stack, errReported
	}
	return stack, nil
}

// stateDirFlag reads the global --state-dir flag when the root defines it
// (the state commands' persistent flag); empty otherwise.
func stateDirFlag(cmd *cobra.Command) string {
	if f := cmd.Flag("state-dir"); f != nil {
		return f.Value.String()
	}
	return ""
}
