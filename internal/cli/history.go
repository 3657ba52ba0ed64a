package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"terrarium/internal/render"
	"terrarium/internal/state"
	"terrarium/schema"
)

// HistoryOptions are the inputs of history.
type HistoryOptions struct {
	Address string // empty: the whole stack
	Version int    // --version N; 0 when not given
	Diff    string // --diff A..B
	HCL     bool
	JSON    bool
}

// NewCmdHistory shows the versions of the stack or of one environment.
func NewCmdHistory(d *Deps) *cobra.Command {
	opts := &HistoryOptions{}
	cmd := &cobra.Command{
		Use:   "history [ADDRESS]",
		Short: "Show the versions of the stack or of one environment",
		Long: `Without an address, history lists the stack's applies, newest first: serial,
author, git commit, date and what changed, and the changes recorded outside
an apply (drift accepted, import, forget, move).

With an address it lists that environment's versions v1..vN, newest first,
each with the fields changed and its egress delta: hosts added or removed,
networking type, MCP server and package manager permissions. --version N
shows one version whole (--hcl: as an environment block ready to paste);
--diff A..B compares two versions.`,
		Example: `  terrarium history
  terrarium history environment.python_dev
  terrarium history environment.python_dev --version 2 --hcl
  terrarium history environment.python_dev --diff 1..4
  terrarium history --json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Address = args[0]
			}
			if cmd.Flags().Changed("version") && opts.Version < 1 {
				return &UsageError{Cmd: cmd, Err: fmt.Errorf("--version %d: versions count from 1 (v1 is the first recorded)", opts.Version)}
			}
			return runHistory(cmd.Context(), d, opts)
		},
	}
	f := cmd.Flags()
	f.IntVar(&opts.Version, "version", 0, "show version `N` of ADDRESS whole")
	f.StringVar(&opts.Diff, "diff", "", "compare two versions of ADDRESS: `A..B` (B defaults to the latest)")
	f.BoolVar(&opts.HCL, "hcl", false, "with --version: print an HCL environment block ready to paste")
	f.BoolVar(&opts.JSON, "json", false, "print JSON (schema/jsonschema/history.schema.json)")
	cmd.MarkFlagsMutuallyExclusive("version", "diff")
	cmd.MarkFlagsMutuallyExclusive("hcl", "json")
	return cmd
}

func (o *HistoryOptions) check() error {
	switch {
	case o.Address == "" && (o.Version != 0 || o.Diff != "" || o.HCL):
		return errors.New("--version, --diff and --hcl need an ADDRESS")
	case o.HCL && o.Version == 0:
		return errors.New("--hcl needs --version N")
	case o.Version < 0:
		return fmt.Errorf("--version %d: versions count from 1", o.Version)
	}
	return nil
}

func runHistory(ctx context.Context, d *Deps, opts *HistoryOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := opts.check(); err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	if opts.JSON {
		useJSONDocument(d)
	}
	l, err := openStateLog(ctx, d)
	if err != nil {
		return err
	}
	defer l.Close()
	if opts.JSON {
		return writeJSON(d, func(w io.Writer) error { return historyView(ctx, d, l, opts, w) })
	}
	buf := bufio.NewWriterSize(d.IO.Out, 64<<10)
	err = historyView(ctx, d, l, opts, buf)
	if ferr := buf.Flush(); err == nil {
		err = ferr
	}
	return err
}

// historyView renders the history opts ask for onto out.
func historyView(ctx context.Context, d *Deps, l state.Log, opts *HistoryOptions, out io.Writer) error {
	color := d.IO.Color
	if opts.Address == "" {
		entries, err := state.StackHistory(ctx, l)
		if err != nil {
			return err
		}
		if opts.JSON {
			return render.StackHistoryAsJSON(out, l.Snapshot(), entries)
		}
		return render.StackHistory(out, entries, color)
	}
	h, err := recordedHistory(ctx, l, opts.Address)
	if err != nil {
		return err
	}
	switch {
	case opts.Version != 0:
		return showVersion(out, d.IO.Color, h, opts)
	case opts.Diff != "":
		a, b, err := parseVersionRange(opts.Diff, h.Latest())
		if err != nil {
			return err
		}
		diff, err := h.Diff(a, b)
		if err != nil {
			return err
		}
		if opts.JSON {
			return render.VersionDiffAsJSON(out, diff)
		}
		return render.VersionDiff(out, diff, h, color)
	case opts.JSON:
		return render.AddressHistoryAsJSON(out, h)
	}
	return render.AddressHistory(out, h, color)
}

func showVersion(out io.Writer, color bool, h *state.AddressHistory, opts *HistoryOptions) error {
	v, err := recordedVersion(h, opts.Version)
	if err != nil {
		return err
	}
	switch {
	case opts.JSON:
		return render.VersionAsJSON(out, h.Address, v)
	case opts.HCL:
		return render.VersionHCL(out, v)
	}
	return render.VersionText(out, h.Address, v, color)
}

// recordedHistory reads the versions of address from l; an address with
// none is an error that says where the managed addresses are listed.
func recordedHistory(ctx context.Context, l state.Log, address string) (*state.AddressHistory, error) {
	h, err := state.History(ctx, l, address)
	if err != nil {
		return nil, err
	}
	if len(h.Versions) == 0 {
		if _, _, err := schema.ParseAddress(address); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("no versions of %s are recorded; terrarium state list shows the managed addresses", address)
	}
	return h, nil
}

// recordedVersion returns version n of h, or an error naming the versions
// there are.
func recordedVersion(h *state.AddressHistory, n int) (*state.Version, error) {
	v := h.Version(n)
	if v == nil || v.Live == nil {
		return nil, fmt.Errorf("%s has no version %d (it has v1..v%d)", h.Address, n, h.Latest())
	}
	return v, nil
}

// parseVersionRange reads "A..B" (each optionally written vN); a missing B
// means the latest version.
func parseVersionRange(s string, latest int) (int, int, error) {
	as, bs, ok := strings.Cut(s, "..")
	if !ok {
		return 0, 0, fmt.Errorf("--diff %q: want A..B, such as 1..3", s)
	}
	a, err := parseVersionNumber(as)
	if err != nil {
		return 0, 0, fmt.Errorf("--diff %q: %w", s, err)
	}
	b := latest
	if bs != "" {
		if b, err = parseVersionNumber(bs); err != nil {
			return 0, 0, fmt.Errorf("--diff %q: %w", s, err)
		}
	}
	return a, b, nil
}

func parseVersionNumber(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(s), "v"))
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%q is not a version number", s)
	}
	return n, nil
}
