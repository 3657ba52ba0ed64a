package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"terrarium/internal/api"
	"terrarium/internal/atomicfile"
	"terrarium/internal/generate"
	"terrarium/internal/render/escape"
	"terrarium/internal/safefile"
	"terrarium/schema"
)

// GenerateConfigOptions are the inputs of import --generate-config.
type GenerateConfigOptions struct {
	// File is where the HCL goes; empty when --generate-config is not given.
	File         string
	AllUnmanaged bool
	Force        bool
	// Dir is the configuration directory whose labels and import blocks
	// the generated file must not clash with.
	Dir string
}

// addGenerateConfigFlags adds the --generate-config flags to the import
// command; runGenerateConfig runs when opts.File is set.
func addGenerateConfigFlags(cmd *cobra.Command, opts *GenerateConfigOptions) {
	f := cmd.Flags()
	f.StringVar(&opts.File, "generate-config", "", "write environment and import blocks for existing environments to `FILE` (with --all-unmanaged or IDs)")
	f.BoolVar(&opts.AllUnmanaged, "all-unmanaged", false, "with --generate-config: every environment no stack manages (archived ones are skipped)")
	f.BoolVar(&opts.Force, "force", false, "with --generate-config or --from-ant: overwrite FILE if it exists")
}

// importArgs accepts ADDRESS ID, or with --generate-config any number of
// IDs (none with --all-unmanaged).
func importArgs(opts *GenerateConfigOptions, ant *antFlags) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if ant.FromDir != "" && len(args) > 0 {
			return errFromAntArgs
		}
		if opts.File != "" || ant.FromDir != "" {
			return nil
		}
		if opts.AllUnmanaged || opts.Force {
			return errors.New("--all-unmanaged and --force need --generate-config FILE (or --from-ant DIR)")
		}
		return cobra.ExactArgs(2)(cmd, args)
	}
}

// runGenerateConfig writes HCL for the environments ids names (or every
// unmanaged one) to opts.File. It never changes an environment.
func runGenerateConfig(cmd *cobra.Command, d *Deps, opts *GenerateConfigOptions, ant *antFlags, ids []string) error {
	if err := opts.check(ids); err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	taken, importing, ws := existingConfig(d, opts)
	owned, err := loadAntOwned(d, opts.Dir, ant.LockPath, ws)
	if err != nil {
		return err
	}
	client, closeClient, err := newClient(cmd.Context(), d, opts.Dir, ws)
	if err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	defer closeClient()
	live, err := client.List(cmd.Context(), api.ListOptions{IncludeArchived: true})
	if err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	envs, skips, err := generate.Select(live, generate.Selection{IDs: ids, AllUnmanaged: opts.AllUnmanaged, Importing: importing,
		Ant: owned.IDs, TakeFromAnt: ant.Take, Recorded: recordedIDs(cmd.Context(), d, opts.Dir)})
	if err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	out := d.IO.Out
	antSkips := 0
	for _, s := range skips {
		escape.Fterm(out, "Skipped %s (%q): %s.\n", s.ID, s.Name, s.Reason)
		if s.Ant {
			antSkips++
		}
	}
	if antSkips > 0 {
		escape.Fterm(out, "Skipped %d environment(s) that ant apply manages (%s): writing terrarium's ownership keys on them would make ant refuse its next apply. "+
			"To move one to terrarium, use import --from-ant or name its id with --take-from-ant.\n", antSkips, owned.Where())
	}
	if len(envs) == 0 {
		escape.Fterm(out, "No environment to generate configuration for; %s not written.\n", opts.File)
		return nil
	}
	res, err := generateAndWrite(d, opts, envs, taken, generate.Header)
	if err != nil {
		return err
	}
	escape.Fterm(out, "Wrote %d environment block(s) with import blocks to %s:\n", len(res.Entries), opts.File)
	for _, e := range res.Entries {
		escape.Fterm(out, "  %s <- %s (%q)\n", e.Address, e.ID, e.Name)
	}
	fmt.Fprintln(out, withRunFlags(d, "Review it, then run terrarium plan: it should show only imports. terrarium lint shows what the rules think of them."))
	return nil
}

func (o *GenerateConfigOptions) check(ids []string) error {
	switch {
	case o.AllUnmanaged && len(ids) > 0:
		return errors.New("give either --all-unmanaged or environment IDs, not both")
	case !o.AllUnmanaged && len(ids) == 0:
		return errors.New("--generate-config needs --all-unmanaged or one or more environment IDs")
	}
	return o.checkFile("")
}

// checkFile refuses File, before the API is asked or anything read, as
// the write would refuse it: an existing file without --force
// (existsError), with --force one ReplaceOwn would not replace, else a
// path safefile.CheckOutput refuses. flag is as for existsError.
func (o *GenerateConfigOptions) checkFile(flag string) error {
	if _, err := os.Lstat(o.File); err == nil && !o.Force {
		return existsError(o.File, flag)
	}
	if o.Force {
		return atomicfile.CheckOwn(o.File, generate.IsGenerated)
	}
	return safefile.CheckOutput(o.File)
}

// existsError refuses to write over file. --force is offered only when
// ReplaceOwn would replace the file: the hint asks the writer's own check
// (atomicfile.CheckOwn), so they cannot disagree. Otherwise the message
// says why --force would be refused too. flag names where the file came
// from, when the user did not name it.
func existsError(file, flag string) error {
	hint := "choose another file" + flag + " or pass --force to overwrite it"
	if err := atomicfile.CheckOwn(file, generate.IsGenerated); err != nil {
		hint = "choose another file" + flag + "; --force would be refused too: " + err.Error()
	}
	return fmt.Errorf("%s already exists; %s", escape.Line(file), hint)
}

// existingConfig reads the configuration quietly (it may be absent or
// broken: generating is how many users start) for the labels and import
// ids the generated file must not repeat, and the workspace. Blocks of the
// file being overwritten do not count.
func existingConfig(d *Deps, opts *GenerateConfigOptions) (taken []string, importing map[string]bool, ws string) {
	importing = map[string]bool{}
	cfg, _ := loadConfigDiags(d, opts.Dir, nil, nil, nil)
	if cfg == nil {
		return nil, importing, ""
	}
	self, _ := filepath.Abs(opts.File)
	other := func(filename string) bool {
		abs, _ := filepath.Abs(filename)
		return abs != self
	}
	for _, e := range cfg.Environments {
		if other(e.DeclRange.Filename) {
			taken = append(taken, e.Label)
		}
	}
	for _, im := range cfg.Imports {
		if other(im.Range.Filename) {
			importing[im.ID.Value] = true
		}
	}
	if cfg.Settings.WorkspaceID != nil {
		ws = cfg.Settings.WorkspaceID.Value
	}
	return taken, importing, ws
}

// generateAndWrite renders envs with the generator, prints its
// diagnostics and writes the file; on an error diagnostic nothing is
// written and the error is errReported.
func generateAndWrite(d *Deps, opts *GenerateConfigOptions, envs []schema.LiveEnv, taken []string, header string) (*generate.Result, error) {
	res, diags := generate.FileWithHeader(envs, taken, header)
	if err := printDiagnostics(d, nil, diags); err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, errReported
	}
	if err := writeGenerated(opts, res.Src); err != nil {
		return nil, &ExitError{Code: ExitFailure, Err: err}
	}
	return res, nil
}

// recordedIDs maps the id of every environment the stack's state log
// records to its address; nil without a readable log (generating changes
// nothing, and a log that cannot be read is reported by plan).
func recordedIDs(ctx context.Context, d *Deps, dir string) map[string]string {
	log, err := openState(ctx, d, dir, nil, "")
	if err != nil || log == nil {
		return nil
	}
	defer log.Close()
	out := map[string]string{}
	for a, r := range log.Snapshot().Resources {
		out[r.ID] = a
	}
	return out
}

// writeGenerated writes the file through atomicfile: without --force it
// must not exist (even if it appeared since the check: a symbolic link
// there too is refused), with --force it replaces only a file generated
// before (generate.IsGenerated), a symbolic link followed only to one in
// the same directory; either way a directory of the working directory
// linked out of it is not written through (atomicfile.CreateOwn,
// atomicfile.ReplaceOwn).
func writeGenerated(opts *GenerateConfigOptions, src []byte) error {
	if opts.Force {
		return atomicfile.ReplaceOwn(opts.File, src, 0o644, generate.IsGenerated)
	}
	err := atomicfile.CreateOwn(opts.File, src, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return existsError(opts.File, "")
	}
	return err
}
