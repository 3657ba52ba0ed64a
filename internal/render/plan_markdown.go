package render

import (
	"fmt"
	"html"
	"sort"
	"strings"

	"terrarium/internal/change"
	"terrarium/internal/plan"
	"terrarium/internal/render/escape"
)

// MarkdownLimit keeps a PR comment under GitHub's 65,536-character limit.
const MarkdownLimit = 65000

// MarkdownOptions tune the markdown view.
type MarkdownOptions struct {
	// FullPlan says, in markdown, where the complete plan can be read when
	// details are cut, e.g. "the plan job's log" or a file name (format it
	// with escape.MD).
	FullPlan escape.Safe
	// Limit overrides MarkdownLimit (tests).
	Limit int
}

// PlanMarkdown renders a plan for a pull-request comment: summary table,
// egress delta, drift, lint findings, then each environment's details
// folded in <details>. Details are dropped from the end to stay under the
// limit; the summary and the egress delta are never cut (an egress delta
// too large to list is summarised by kind instead).
func PlanMarkdown(p *plan.Plan, opts MarkdownOptions) string {
	limit := opts.Limit
	if limit <= 0 {
		limit = MarkdownLimit
	}
	where := opts.FullPlan
	if where == "" {
		where = "the output of `terrarium show` on the saved plan"
	}
	// Every string below that comes from the configuration, the API or the
	// user passes through escape.MD, so none can add a cell, a row, a tag
	// or a link.
	var head strings.Builder
	mdSummary(&head, p)
	mdEgress(&head, p, limit/2)
	mdDrift(&head, p, limit/8)
	mdLint(&head, p, limit/8)
	out := head.String()
	blocks := mdDetails(p)
	footerFor := func(n int) string {
		return string(escape.MD("\n> **%d environment detail(s) not shown** to stay under GitHub's comment limit. The full plan is in %s.\n", n, where))
	}
	var body strings.Builder
	for i, b := range blocks {
		if len(out)+body.Len()+len(b)+len(footerFor(len(blocks))) > limit {
			// blocks[0] is the "Details" heading, not an environment's.
			body.WriteString(footerFor(len(blocks) - max(i, 1)))
			break
		}
		body.WriteString(b)
	}
	return out + body.String()
}

func mdSummary(sb *strings.Builder, p *plan.Plan) {
	sb.WriteString(string(escape.MD("## terrarium plan: stack %s\n\n", escape.Code(p.Stack))))
	switch {
	case p.Options.RefreshOnly:
		fmt.Fprintf(sb, "**Refresh only:** %d environment(s) changed outside terrarium will be accepted into the state log; nothing live changes.\n\n", len(p.Drift))
	case len(p.Changes) == 0:
		sb.WriteString("**" + NoChanges + "**\n\n")
	default:
		n := p.Counts()
		sb.WriteString("| Action | Count |\n|---|---:|\n")
		for _, a := range []plan.Action{plan.ActionCreate, plan.ActionUpdate, plan.ActionReplace, plan.ActionArchive, plan.ActionDelete, plan.ActionAdopt, plan.ActionMove, plan.ActionForget} {
			if n[a] > 0 {
				fmt.Fprintf(sb, "| `%s` %s | %d |\n", actionSymbol(a), a, n[a])
			}
		}
		sb.WriteString("\n**" + planSummaryLine(p) + "**\n\n")
	}
}

func mdEgress(sb *strings.Builder, p *plan.Plan, budget int) {
	if len(p.Egress) == 0 {
		return
	}
	widen := 0
	for _, d := range p.Egress {
		if d.Items.Widens() {
			widen++
		}
	}
	fmt.Fprintf(sb, "### Egress changes\n\n%d environment(s) change network reach; %d widen it.\n\n", len(p.Egress), widen)
	if narrows(p) {
		sb.WriteString("> " + narrowingNote + "\n\n")
	}
	var t strings.Builder
	t.WriteString("| Environment | Change | Effect |\n|---|---|---|\n")
	for _, d := range p.Egress {
		for _, it := range d.Items {
			t.WriteString(string(escape.MD("| %s | %s | %s |\n", escape.Code(d.Address), mdEgressLine(it), mdMark(it))))
		}
	}
	if t.Len() <= budget {
		sb.WriteString(t.String() + "\n")
	} else {
		mdEgressByKind(sb, p)
	}
	if m := EgressMap(p); m != "" {
		sb.WriteString("**Egress map** (environments whose reach changes, and every host they reach after the plan):\n\n" + m)
	}
}

// mdEgressByKind summarises an egress delta too large to list row by row:
// every kind of change, how many environments it touches, widening first.
func mdEgressByKind(sb *strings.Builder, p *plan.Plan) {
	type key struct {
		kind     string
		widening bool
	}
	count := map[key]int{}
	for _, d := range p.Egress {
		for _, it := range d.Items {
			count[key{it.Kind, it.Widening}]++
		}
	}
	keys := make([]key, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].widening != keys[j].widening {
			return keys[i].widening
		}
		return keys[i].kind < keys[j].kind
	})
	sb.WriteString("The egress delta is too large to list here row by row; by kind:\n\n| Change | Count | Effect |\n|---|---:|---|\n")
	for _, k := range keys {
		sb.WriteString(string(escape.MD("| %s | %d | %s |\n", strings.ReplaceAll(k.kind, "_", " "), count[k], mdMark(change.EgressItem{Widening: k.widening}))))
	}
	sb.WriteString("\n")
}

// mdEgressLine is egressLine with the host as inline code.
func mdEgressLine(it change.EgressItem) escape.Safe {
	words, host := egressWords(it)
	if host == "" || it.Sensitive {
		return escape.MD("%s", escape.Safe(egressLine(it)))
	}
	return escape.MD("%s %s", escape.Safe(words), escape.Code(host))
}

func mdMark(it change.EgressItem) escape.Safe {
	if it.Widening {
		return "⚠️ **widening**"
	}
	return "narrowing"
}

func mdDrift(sb *strings.Builder, p *plan.Plan, budget int) {
	if p.DriftUnavailable {
		sb.WriteString("> " + driftUnavailable + "\n\n")
		return
	}
	if len(p.Drift) == 0 {
		return
	}
	var t strings.Builder
	t.WriteString("### Changed outside terrarium\n\n")
	for i, d := range p.Drift {
		line := string(escape.MD("- %s (%s): %s%s\n", escape.Code(d.Address), d.EnvID, d.Reason, mdDriftFields(d.Fields)))
		if t.Len()+len(line) > budget {
			fmt.Fprintf(&t, "- … and %d more\n", len(p.Drift)-i)
			break
		}
		t.WriteString(line)
	}
	sb.WriteString(t.String() + "\n")
}

func mdLint(sb *strings.Builder, p *plan.Plan, budget int) {
	if p.Lint == nil || len(p.Lint.Findings) == 0 {
		return
	}
	fmt.Fprintf(sb, "### Lint: %d error(s), %d warning(s)\n\n", p.Lint.Errors, p.Lint.Warnings)
	n := 0
	for i, f := range p.Lint.Findings {
		line := string(escape.MD("- **%s** %s %s (%s)\n", f.Severity, escape.Code(f.Rule), f.Message, f.Pos()))
		if n+len(line) > budget {
			fmt.Fprintf(sb, "- … and %d more\n", len(p.Lint.Findings)-i)
			break
		}
		n += len(line)
		sb.WriteString(line)
	}
	sb.WriteString("\n")
}

// mdDetails renders each change as a folded block with a diff.
func mdDetails(p *plan.Plan) []string {
	if p.Options.RefreshOnly || len(p.Changes) == 0 {
		return nil
	}
	out := []string{"### Details\n\n"}
	for i := range p.Changes {
		c := &p.Changes[i]
		var b strings.Builder
		b.WriteString(string(escape.MD("<details><summary><code>%s %s</code> will be %s</summary>\n\n", escape.Safe(html.EscapeString(actionSymbol(c.Action))), c.Address, actionPhrase(c))))
		b.WriteString(string(escape.MD("%s\n\n", c.Reason)))
		fields := c.Fields
		if c.Action == plan.ActionCreate {
			fields = createFields(c)
		}
		var lines []string
		for _, f := range fields {
			lines = append(lines, mdFieldLines(f)...)
		}
		if c.Action.Destroys() {
			lines = append(lines, fmt.Sprintf("- environment %s (%s)", plan.ShownName(c.Before.Name, c.Sensitive), escape.Line(c.EnvID)))
		}
		if len(lines) > 0 {
			b.WriteString("```diff\n")
			for _, l := range lines {
				b.WriteString(escape.MDFence(l) + "\n")
			}
			b.WriteString("```\n\n")
		}
		b.WriteString("</details>\n\n")
		out = append(out, b.String())
	}
	return out
}

func mdFieldLines(f change.Field) []string {
	if f.Sensitive {
		return []string{fmt.Sprintf("~ %s = %s", f.Path, sensitiveText)}
	}
	if f.Set {
		var out []string
		for _, a := range f.Added {
			out = append(out, fmt.Sprintf("+ %s: %q", f.Path, a))
		}
		for _, r := range f.Removed {
			out = append(out, fmt.Sprintf("- %s: %q", f.Path, r))
		}
		return out
	}
	var out []string
	if f.Before != nil {
		out = append(out, fmt.Sprintf("- %s = %s", f.Path, planValue(f.Before)))
	}
	if f.After != nil {
		out = append(out, fmt.Sprintf("+ %s = %s", f.Path, planValue(f.After)))
	}
	return out
}

func mdDriftFields(fs []change.Field) escape.Safe {
	var parts []string
	for _, f := range fs {
		p := escape.MDCode(f.Path)
		if f.Set && !f.Sensitive {
			var items []string
			for _, a := range f.Added {
				items = append(items, "+"+a)
			}
			for _, r := range f.Removed {
				items = append(items, "-"+r)
			}
			p += " (" + escape.MDText(strings.Join(items, ", ")) + ")"
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return ""
	}
	return escape.Safe(": " + strings.Join(parts, ", "))
}
