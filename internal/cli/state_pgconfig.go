package cli

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	pgstate "terrarium/internal/state/pg"
	"terrarium/schema"
)

// pgTarget resolves the PostgreSQL backend for state migrate and pull: the
// configuration in dir when it has one (its stack, and the conn_str and
// schema_name of its backend "postgres" block), then the flags, which win
// when given, then TERRARIUM_PG_CONN and the PG* variables.
func pgTarget(d *Deps, dir, schemaFlag string, schemaSet bool) (pgstate.Config, string, error) {
	cfg := pgstate.Config{SchemaName: schemaFlag, Getenv: d.Getenv}
	if !hasConfigFiles(dir) {
		return cfg, "", nil
	}
	conf, err := loadConfig(d, dir, nil, nil, nil)
	if err != nil {
		return cfg, "", err
	}
	stack := conf.Settings.Stack.Value
	b := conf.Settings.Backend
	if b == nil {
		return cfg, stack, nil
	}
	if b.Type != "postgres" {
		return cfg, stack, fmt.Errorf("%s: the configuration's backend is %q, not postgres", b.Range, b.Type)
	}
	fromFile, diags := pgstate.DecodeBackend(b.Body, nil)
	if err := printDiagnostics(d, conf.Files, diags); err != nil {
		return cfg, stack, err
	}
	if diags.HasErrors() {
		return cfg, stack, errReported
	}
	cfg.ConnString = fromFile.ConnString
	if !schemaSet && fromFile.SchemaName != "" {
		cfg.SchemaName = fromFile.SchemaName
	}
	return cfg, stack, nil
}

// stateDirFlag reads the global --state-dir flag when the root defines it
// (the state commands' persistent flag); empty otherwise.
func stateDirFlag(cmd *cobra.Command) string {
	if f := cmd.Flag("state-dir"); f != nil {
		return f.Value.String()
	}
	return ""
}

// hasConfigFiles reports whether dir holds *.hcl configuration files.
func hasConfigFiles(dir string) bool {
	names, _ := filepath.Glob(filepath.Join(dir, "*.hcl"))
	for _, n := range names {
		if schema.IsConfigFile(filepath.Base(n)) {
			return true
		}
	}
	return false
}
