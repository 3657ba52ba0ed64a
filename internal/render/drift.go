package render

import (
	"fmt"
	"io"
	"strings"

	"terrarium/internal/drift"
	"terrarium/internal/render/escape"
)

// DriftMarker opens the markdown drift report: the scheduled workflow finds
// the stack's issue by it. The stack name is escaped so that it cannot end
// the HTML comment.
func DriftMarker(stack string) string {
	return "<!-- terrarium-drift stack=" + strings.NewReplacer("-", "%2D", ">", "%3E", "<", "%3C", "\n", "%0A").Replace(stack) + " -->"
}

// DriftJSON writes the machine-readable drift report, described by
// schema/jsonschema/drift.schema.json.
func DriftJSON(w io.Writer, r *drift.Report) error {
	enc := newJSONEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// DriftText writes the human view: a summary line, the egress changes
// (widening first), each environment's changed attributes and what apply
// would do about it, and the commands that revert or accept the drift.
// Every string from the configuration or the API is escaped (escape.Term).
func DriftText(w io.Writer, r *drift.Report, colorOn bool) error {
	t := &planText{pal: newPalette(colorOn)}
	switch {
	case r.NoState:
		t.line("No state log for stack %q: nothing has been applied, so nothing can have drifted from it.", r.Stack)
	case !r.Drifted():
		t.line("No drift: every environment of stack %q is as terrarium last applied it.", r.Stack)
	default:
		t.line("%s", paint(t.pal.bold, escape.Term("Drift: %d environment(s) of stack %q changed outside terrarium; %d widen network reach.", len(r.Environments), r.Stack, r.Widening)))
		t.line("")
		if hasEgress(r) {
			t.line("%s", paint(t.pal.bold, "Egress changes made outside terrarium (network reach):"))
			for _, e := range r.Environments {
				if len(e.Egress) == 0 {
					continue
				}
				t.line("  %s (%s)", e.Address, e.EnvID)
				for _, it := range e.Egress {
					mark, sym := paint(t.pal.green, "narrowing"), "-"
					if it.Widening {
						mark, sym = paint(t.pal.red, "WIDENING"), "+"
					}
					t.line("    %s %-48s %s", sym, egressLine(it), mark)
				}
			}
			t.line("")
		}
		t.line("%s", paint(t.pal.bold, "Changed outside terrarium (since the last apply):"))
		for _, e := range r.Environments {
			t.line("  %s %s (%s): %s", paint(t.pal.yellow, "~"), e.Address, e.EnvID, e.Reason)
			for _, f := range e.Fields {
				t.field("      ", f)
			}
			t.line("      %s", paint(t.pal.dim, escape.Term("%s", revertPhrase(e))))
		}
		t.line("")
		rev, acc := driftCommands(r)
		t.line("To revert it (put back what the configuration says): %s", rev)
		t.line("To accept it: change the configuration to match, then record the live versions with: %s", acc)
	}
	_, err := io.WriteString(w, t.sb.String())
	return err
}

// DriftMarkdown renders the report for a GitHub issue or job summary: the
// marker, a summary, the egress changes first, the commands to revert or
// accept, and each environment. Every string from the configuration or
// the API goes through the escape package. It stays under GitHub's limit,
// cutting the per-environment list first.
func DriftMarkdown(r *drift.Report) string {
	var sb strings.Builder
	sb.WriteString(DriftMarker(r.Stack) + "\n")
	sb.WriteString(string(escape.MD("## terrarium drift: stack %s\n\n", escape.Code(r.Stack))))
	switch {
	case r.NoState:
		sb.WriteString("**No state log yet:** nothing has been applied, so nothing can have drifted from it.\n")
		return sb.String()
	case !r.Drifted():
		sb.WriteString("**No drift:** every environment is as terrarium last applied it.\n")
		return sb.String()
	}
	fmt.Fprintf(&sb, "**%d environment(s) changed outside terrarium; %d widen network reach.** Checked %s against state serial %d.\n\n",
		len(r.Environments), r.Widening, r.Checked.UTC().Format("2006-01-02 15:04 UTC"), r.Serial)
	if hasEgress(r) {
		sb.WriteString("### Egress changes made outside terrarium\n\n| Environment | Change | Effect |\n|---|---|---|\n")
		rows := 0
		for _, e := range r.Environments {
			for _, it := range e.Egress {
				if rows == 200 {
					sb.WriteString("| … | more egress changes: run `terrarium drift` for all | |\n")
					break
				}
				sb.WriteString(string(escape.MD("| %s | %s | %s |\n", escape.Code(e.Address), mdEgressLine(it), mdMark(it))))
				rows++
			}
		}
		sb.WriteString("\n")
	}
	rev, acc := driftCommands(r)
	if strings.ContainsAny(rev, "\n\r`") || escape.Line(rev) != rev {
		rev, acc = "terrarium apply DIR", "terrarium apply --refresh-only DIR"
	}
	sb.WriteString("### Revert or accept\n\n")
	sb.WriteString("- **Revert** (put back what the configuration says; this is what the next apply of `main` does):\n\n  ```sh\n  " + rev + "\n  ```\n")
	sb.WriteString("- **Accept**: change the configuration to match in a pull request, then record the live versions in the state log:\n\n  ```sh\n  " + acc + "\n  ```\n\n")
	sb.WriteString("### Changed outside terrarium\n\n")
	budget := MarkdownLimit - sb.Len() - 200
	for i, e := range r.Environments {
		line := string(escape.MD("- %s (%s): %s%s. %s.\n", escape.Code(e.Address), escape.Code(e.EnvID), e.Reason, mdDriftFields(e.Fields), revertPhrase(e)))
		if len(line) > budget {
			fmt.Fprintf(&sb, "- … and %d more: run `terrarium drift` for all\n", len(r.Environments)-i)
			break
		}
		budget -= len(line)
		sb.WriteString(line)
	}
	return sb.String()
}

func hasEgress(r *drift.Report) bool {
	for _, e := range r.Environments {
		if len(e.Egress) > 0 {
			return true
		}
	}
	return false
}

func revertPhrase(e drift.Env) string {
	if e.Revert == "" {
		return "the configuration matches the live environment (or ignores the change): apply leaves it; accept it"
	}
	return fmt.Sprintf("terrarium apply reverts it (%s)", e.Revert)
}

// driftCommands are the revert and accept commands for the configuration
// in r.Dir, with the directory quoted for a POSIX shell and r.Command's
// flags.
func driftCommands(r *drift.Report) (revert, accept string) {
	arg := ""
	if r.Dir != "" && r.Dir != "." {
		arg = " " + escape.Shell(r.Dir)
	}
	cmd := r.Command
	if cmd == "" {
		cmd = "terrarium"
	}
	return cmd + " apply" + arg, cmd + " apply --refresh-only" + arg
}
