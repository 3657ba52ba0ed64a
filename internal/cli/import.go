package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"terrarium/internal/apply"
	"terrarium/internal/plan"
	"terrarium/internal/render"
	"terrarium/internal/render/escape"
	"terrarium/internal/state"
	"terrarium/schema"
)

// ImportOptions are the inputs of terrarium import.
type ImportOptions struct {
	Deps        *Deps
	Address, ID string
	Dir         string
	Vars        []string
	VarFiles    []string
	JSON        bool
	// Ant holds --ant-lock and --take-from-ant.
	Ant *antFlags
	// AcceptOrigin: see apply --accept-origin.
	AcceptOrigin bool
}

// NewCmdImport adopts an existing environment into the stack.
func NewCmdImport(d *Deps) *cobra.Command {
	opts := &ImportOptions{Deps: d, Dir: "."}
	gen := &GenerateConfigOptions{Dir: "."}
	ant := &antFlags{}
	var in planInputs
	cmd := &cobra.Command{
		Use:   "import ADDRESS ID | import --generate-config FILE [--all-unmanaged | ID...] | import --from-ant DIR",
		Short: "Adopt an existing environment into the stack",
		Long: `Import brings an environment terrarium does not manage under the stack: it
writes the stack's ownership keys on it (changing nothing else) and records
its live object as version 1 in the state log. The next plan then shows only
what the configuration changes. ADDRESS must have a block in the
configuration.

With --generate-config FILE it instead writes an environment block and an
import block for each environment named by ID (or every one no stack
manages, with --all-unmanaged; archived ones are skipped), changing nothing
live: review the file, then plan shows only the adoptions.

Environments that Anthropic's ant apply manages (listed in the
claude-lock.json found walking up from the configuration directory to the
git root, or the lock named with --ant-lock) are left alone: --all-unmanaged
skips them, and importing one is refused unless --take-from-ant says the
team is moving it. With --from-ant DIR, ant's environment files (YAML, JSON,
Markdown) are translated into environment blocks with import blocks for
the ids in claude-lock.json.`,
		Example: `  terrarium import environment.python_dev env_01JABCDEF
  terrarium import --chdir infra 'environment.team["data"]' env_01JABCDEF
  terrarium import --generate-config imported.hcl --all-unmanaged
  terrarium import --from-ant agents-repo --generate-config from_ant.hcl`,
		Args: importArgs(gen, ant),
		RunE: func(cmd *cobra.Command, args []string) error {
			if ant.FromDir != "" {
				return runFromAnt(cmd, d, gen, ant)
			}
			if gen.File != "" {
				return runGenerateConfig(cmd, d, gen, ant, args)
			}
			opts.Ant = ant
			opts.Address, opts.ID = args[0], args[1]
			return runImport(cmd, opts, in)
		},
	}
	cmd.Flags().StringArrayVar(&in.Vars, "var", nil, "set a variable: `NAME=VALUE` (repeatable)")
	cmd.Flags().StringArrayVar(&in.VarFiles, "var-file", nil, "read variables from `FILE` (repeatable)")
	cmd.Flags().DurationVar(&in.LockTimeout, "lock-timeout", 0, "wait up to `DURATION` for the state lock")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the import as JSON (schema/jsonschema/import.schema.json)")
	cmd.Flags().BoolVar(&opts.AcceptOrigin, "accept-origin", false, acceptOriginUsage)
	addGenerateConfigFlags(cmd, gen)
	addAntFlags(cmd, ant)
	cmd.MarkFlagsMutuallyExclusive("json", "generate-config")
	cmd.MarkFlagsMutuallyExclusive("json", "from-ant")
	cmd.MarkFlagsMutuallyExclusive("all-unmanaged", "from-ant")
	return cmd
}

func runImport(cmd *cobra.Command, opts *ImportOptions, in planInputs) error {
	d := opts.Deps
	if opts.JSON {
		useJSONDocument(d)
	}
	cfg, err := loadConfig(d, opts.Dir, in.Vars, in.VarFiles, nil)
	if err != nil {
		return err
	}
	if cfg.Environment(opts.Address) == nil {
		return &ExitError{Code: ExitFailure, Err: fmt.Errorf("%s is not in the configuration; add its environment block first (addresses: %s)", opts.Address, addressList(cfg.Environments))}
	}
	stack := cfg.Settings.Stack.Value
	ws := ""
	if cfg.Settings.WorkspaceID != nil {
		ws = cfg.Settings.WorkspaceID.Value
	}
	owned, err := loadAntOwned(d, opts.Dir, opts.Ant.LockPath, ws)
	if err != nil {
		return err
	}
	if key, ok := owned.Owns(opts.ID); ok && !opts.Ant.Take {
		return &ExitError{Code: ExitFailure, Err: fmt.Errorf("%s is managed by ant apply (%s in %s); importing it would make the two tools fight over it. "+
			"If the team is moving it to terrarium, pass --take-from-ant.\n%s", opts.ID, key, owned.Where(), owned.Handover(opts.ID))}
	}
	client, closeClient, err := newClient(cmd.Context(), d, opts.Dir, ws)
	if err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	defer closeClient()
	log, err := openStateWriter(cmd.Context(), d, opts.Dir, cfg, stack, true)
	if err != nil {
		return err
	}
	defer log.Close()
	live, err := apply.Import(cmd.Context(), apply.ImportRequest{Stack: stack, Address: opts.Address, ID: opts.ID}, client, log,
		apply.Options{Lock: lockInfo(d, "import"), LockTimeout: in.LockTimeout, Actor: state.Actor(d.Getenv), AcceptOrigin: opts.AcceptOrigin})
	if err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	// The name the configuration derives from a sensitive variable is
	// not shown, though the live environment has it.
	sensitive := cfg.Environment(opts.Address).SensitivePaths()
	if opts.JSON {
		version := 0
		if r := log.Snapshot().Resources[opts.Address]; r != nil {
			version = r.Version
		}
		shown := *live
		shown.EnvSpec = *plan.RedactSpec(&live.EnvSpec, sensitive)
		return writeJSON(d, func(w io.Writer) error { return render.ImportAsJSON(w, stack, opts.Address, version, &shown) })
	}
	escape.Fterm(d.IO.Out, "Import successful! %s (%s, name %s) is now managed by stack %s.\nRun %s to see what the configuration changes.\n", opts.Address, live.ID, escape.Safe(plan.ShownName(live.Name, sensitive)), stack, commandLine(d, "plan", dirArgs(opts.Dir)...))
	if _, ok := owned.Owns(opts.ID); ok {
		escape.Fterm(d.IO.Out, "\nclaude-lock.json still lists it: finish the handover now.\n%s\n", escape.Safe(escape.Block(owned.Release(opts.ID))))
	}
	return nil
}

func addressList(envs []*schema.Environment) string {
	var out []string
	for _, e := range envs {
		out = append(out, e.Address)
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}
