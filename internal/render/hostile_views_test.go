package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"terrarium/internal/apply"
	"terrarium/internal/change"
	"terrarium/internal/diag"
	"terrarium/internal/lint"
	"terrarium/internal/plan"
	"terrarium/internal/plan/plantest"
	"terrarium/internal/render/escape"
	"terrarium/internal/state"
	"terrarium/schema"
)

// hostile are strings that try to forge what a reviewer reads: terminal
// escapes (the OSC title and erase-line of the issue), bidi controls, C1
// controls, markdown table and HTML syntax, links, headings, emphasis,
// mentions, emoji, newlines that start a new row, invalid UTF-8 and a very
// long string.
var hostile = []string{
	"line two\x1b]0;title\x07\x1b[2K",
	"a\n| environment.fake | host removed: https://x.example | narrowing |",
	"k|ey", "`tick` and ``two``", "```\nfence", "<details><summary>x</summary>", "</details></summary></code>",
	"[link](https://evil.example)", "](javascript:alert(1))", "![img](https://evil.example/x.png)",
	"\u202Ereversed\u202C", "\u2066isolated\u2069\u200f", "\u009b31m", "del\x7f", "next\u0085line",
	"\r\ncrlf", "tab\there", "*bold* _it_ ~~s~~", "# heading", "- item", "1. one", "> quote", "---",
	"@someone", "https://auto.link/x", "www.evil.com", ":warning: **widening**", "&lt;b&gt;&amp;", `\u001b`,
	"\xff\xfe invalid", "k\x1b[35mkey", "ok\u2028sep",
	strings.Repeat("long|<`\x1b]", 2000),
}

// hostilePlan has one changed environment per hostile string (in the
// for_each key, name, description, metadata key and value, a host and a
// package) and one environment drifted through the API per hostile string
// (description, metadata key and value, and a host edited live), and lint
// findings and a stack name made of them.
func hostilePlan(t *testing.T) *plan.Plan {
	t.Helper()
	var envs []*schema.Environment
	var lives []schema.LiveEnv
	snap := &state.Snapshot{Stack: "platform", Lineage: "lin", Serial: 3, Resources: map[string]*state.Resource{}}
	var findings []plan.LintFinding
	for i, h := range hostile {
		key := h
		e := plantest.Env("svc", plantest.Name(fmt.Sprintf("n%d %s", i, h)), plantest.Desc(h), plantest.Meta(h, h),
			plantest.Packages("pip", h), plantest.Limited(true, false, "https://"+h+".example"))
		e.Key, e.Address = &key, schema.Address("svc", &key)
		envs = append(envs, e)

		d := plantest.Env(fmt.Sprintf("d%d", i), plantest.Limited(false, false, "https://a.example"))
		rec := live(fmt.Sprintf("env_d%d", i), d)
		snap.Resources[d.Address] = &state.Resource{Address: d.Address, ID: rec.ID, Version: 1, Live: rec}
		now := rec
		now.Metadata = map[string]string{h: h}
		for k, v := range rec.Metadata {
			now.Metadata[k] = v
		}
		desc := h
		now.Description = &desc
		n := *rec.Config.Networking
		n.AllowedHosts = append([]string{"https://" + h}, n.AllowedHosts...)
		now.Config.Networking = &n
		lives = append(lives, now)
		envs = append(envs, d)
		findings = append(findings, plan.LintFinding{Rule: h, Severity: "warning", Message: h, Address: h,
			Range: &diag.Range{Filename: h, Start: diag.Pos{Line: 1, Column: 1}, End: diag.Pos{Line: 1, Column: 2, Byte: 1}}})
	}
	p, diags := plan.Compute(plan.Input{Config: plantest.Config(envs...), Live: lives, Snapshot: snap, Now: t0, ID: "plan_hostile",
		Lint: &plan.LintSummary{Warnings: len(findings), Findings: findings}})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if len(p.Drift) != len(hostile) || len(p.Egress) < len(hostile) {
		t.Fatalf("the hostile plan has %d drifts and %d egress deltas", len(p.Drift), len(p.Egress))
	}
	p.Stack = hostile[1]
	return p
}

// sgr matches the colour sequences the views write themselves.
var sgr = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// checkTerminal fails when out holds a control (other than newline and
// tab), DEL, a C1 control, a hidden formatting character or invalid UTF-8.
// With colour on, the views' own SGR sequences are allowed.
func checkTerminal(t *testing.T, view, out string, colorOn bool) {
	t.Helper()
	if colorOn {
		out = sgr.ReplaceAllString(out, "")
	}
	checkRunes(t, view, out, "\n\t")
}

func checkRunes(t *testing.T, view, out, allowed string) {
	t.Helper()
	for i, r := range out {
		bad := (r == utf8.RuneError && !strings.HasPrefix(out[i:], "\uFFFD")) ||
			((escape.Control(r) || escape.Hidden(r)) && !strings.ContainsRune(allowed, r))
		if bad {
			t.Errorf("%s: raw %U at byte %d: %q", view, r, i, out[max(0, i-40):min(len(out), i+40)])
			return
		}
	}
}

// checkJSON fails unless out is one JSON document per line (lines) or one
// whole document, with no raw control, DEL, C1 or hidden character.
func checkJSON(t *testing.T, view, out string, lines bool) {
	t.Helper()
	docs := []string{out}
	if lines {
		docs = strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	}
	for _, d := range docs {
		if !json.Valid([]byte(d)) {
			t.Errorf("%s: not valid JSON: %.200q", view, d)
		}
	}
	checkRunes(t, view, out, "\n")
}

var markdown = goldmark.New(goldmark.WithExtensions(extension.GFM))

// mdText is what a reader sees of a node: its HTML rendering without tags,
// character references decoded.
func mdText(t *testing.T, n gast.Node, src []byte) string {
	t.Helper()
	var b bytes.Buffer
	if err := markdown.Renderer().Render(&b, src, n); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(b.String(), "")))
}

var htmlTag = regexp.MustCompile(`<(/?)([A-Za-z][A-Za-z0-9-]*)`)

// mdTree parses md as GitHub does and checks what no input may add: links,
// autolinks, images, HTML tags other than the views' own, and headings
// other than the views' own. It returns the document and its tables.
func mdTree(t *testing.T, view, md string, headings []string) (tags map[string]int, tables []*east.Table) {
	t.Helper()
	checkRunes(t, view, md, "\n")
	src := []byte(md)
	doc := markdown.Parser().Parse(text.NewReader(src))
	tags = map[string]int{}
	err := gast.Walk(doc, func(n gast.Node, entering bool) (gast.WalkStatus, error) {
		if !entering {
			return gast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *gast.Link, *gast.AutoLink, *gast.Image:
			return gast.WalkStop, fmt.Errorf("a %s: %q", n.Kind(), mdText(t, n, src))
		case *gast.RawHTML, *gast.HTMLBlock:
			var raw strings.Builder
			var lines *text.Segments
			if r, ok := n.(*gast.RawHTML); ok {
				lines = r.Segments
			} else {
				lines = n.Lines()
			}
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				raw.Write(seg.Value(src))
			}
			for _, m := range htmlTag.FindAllStringSubmatch(raw.String(), -1) {
				tags[m[1]+m[2]]++
				if m[2] != "details" && m[2] != "summary" && m[2] != "code" {
					return gast.WalkStop, fmt.Errorf("an HTML tag <%s%s>", m[1], m[2])
				}
			}
		case *gast.Heading:
			h := mdText(t, n, src)
			ok := false
			for _, want := range headings {
				ok = ok || strings.HasPrefix(h, want)
			}
			if !ok {
				return gast.WalkStop, fmt.Errorf("a heading %q", h)
			}
		case *east.Table:
			tables = append(tables, n)
		}
		return gast.WalkContinue, nil
	})
	if err != nil {
		t.Errorf("%s: the markdown has %v", view, err)
	}
	return tags, tables
}

// rows returns the cells' text of each body row of a table, and the
// header's cell count.
func rows(t *testing.T, tbl *east.Table, src []byte) (header int, out [][]string) {
	for r := tbl.FirstChild(); r != nil; r = r.NextSibling() {
		var cells []string
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, mdText(t, c, src))
		}
		if _, isHeader := r.(*east.TableHeader); isHeader {
			header = len(cells)
			continue
		}
		out = append(out, cells)
	}
	return header, out
}

func TestHostilePlanViews(t *testing.T) {
	p := hostilePlan(t)
	for _, colorOn := range []bool{false, true} {
		var b bytes.Buffer
		if err := PlanText(&b, p, colorOn); err != nil {
			t.Fatal(err)
		}
		checkTerminal(t, fmt.Sprintf("plan text (colour %v)", colorOn), b.String(), colorOn)
		widening := 0
		for _, d := range p.Egress {
			for _, it := range d.Items {
				if it.Widening {
					widening++
				}
			}
		}
		if got := strings.Count(sgr.ReplaceAllString(b.String(), ""), "WIDENING"); got != widening {
			t.Errorf("plan text marks %d items WIDENING, want %d", got, widening)
		}
	}
	var b bytes.Buffer
	if err := PlanJSON(&b, p); err != nil {
		t.Fatal(err)
	}
	checkJSON(t, "plan json", b.String(), false)

	// With GitHub's limit the long strings make the egress delta too large
	// to list, so it is summarised by kind; without, it is listed by row.
	for _, limit := range []int{0, 50 << 20} {
		md := PlanMarkdown(p, MarkdownOptions{Limit: limit, FullPlan: escape.MD("the saved plan: %s", escape.Code(hostile[0]))})
		checkPlanMarkdown(t, p, md)
	}
}

// checkPlanMarkdown checks the egress table row by row: one row per item,
// three cells, the address in the first cell exactly as the terminal
// shows it, and the widening mark where the item widens. A table by kind
// must count every item and every widening one.
func checkPlanMarkdown(t *testing.T, p *plan.Plan, md string) {
	t.Helper()
	tags, tables := mdTree(t, "plan markdown", md, []string{"terrarium plan: stack ", "Egress changes", "Changed outside terrarium", "Lint: ", "Details"})
	src := []byte(md)
	var want []change.EgressItem
	var addrs []string
	widening := 0
	for _, d := range p.Egress {
		for _, it := range d.Items {
			want, addrs = append(want, it), append(addrs, d.Address)
			if it.Widening {
				widening++
			}
		}
	}
	// One <details> per change shown: details beyond the limit are cut
	// whole, with a note saying how many.
	shown := len(p.Changes)
	if m := regexp.MustCompile(`\*\*(\d+) environment detail\(s\) not shown\*\*`).FindStringSubmatch(md); m != nil {
		var cut int
		fmt.Sscan(m[1], &cut)
		shown -= cut
	}
	if tags["details"] != shown || tags["/details"] != shown || tags["summary"] != shown {
		t.Errorf("plan markdown: %d <details>, %d </details>, %d <summary>; want one per change shown (%d)", tags["details"], tags["/details"], tags["summary"], shown)
	}
	var egress *east.Table
	for _, tbl := range tables {
		if h, _ := rows(t, tbl, src); h == 3 {
			egress = tbl
		}
	}
	if egress == nil {
		t.Fatal("plan markdown: no egress table")
	}
	header, got := rows(t, egress, src)
	if first := mdText(t, egress.FirstChild().FirstChild(), src); first == "Change" {
		var items, widen int
		for _, cells := range got {
			var n int
			fmt.Sscan(cells[1], &n)
			items += n
			if cells[2] == "⚠️ widening" {
				widen += n
			}
		}
		if items != len(want) || widen != widening {
			t.Errorf("plan markdown: the egress table by kind counts %d items, %d widening; want %d and %d", items, widen, len(want), widening)
		}
		return
	}
	if header != 3 || len(got) != len(want) {
		t.Fatalf("plan markdown: egress table has %d columns and %d rows, want 3 and %d", header, len(got), len(want))
	}
	for i, cells := range got {
		if len(cells) != 3 {
			t.Errorf("row %d has %d cells", i, len(cells))
			continue
		}
		if cells[0] != escape.Line(addrs[i]) {
			t.Errorf("row %d: address cell %.200q, want %.200q", i, cells[0], escape.Line(addrs[i]))
		}
		if words, host := egressWords(want[i]); host != "" && cells[1] != words+" "+escape.Line(host) {
			t.Errorf("row %d: change cell %.200q, want %.200q", i, cells[1], words+" "+escape.Line(host))
		}
		if mark := strings.TrimSpace(cells[2]); (mark == "⚠️ widening") != want[i].Widening || (mark != "narrowing" && mark != "⚠️ widening") {
			t.Errorf("row %d: effect %.200q for widening=%v", i, mark, want[i].Widening)
		}
	}
}

func TestHostileLintViews(t *testing.T) {
	r := hostileLintReport()
	for _, colorOn := range []bool{false, true} {
		r.Color = colorOn
		var b bytes.Buffer
		if err := LintText(&b, r); err != nil {
			t.Fatal(err)
		}
		checkTerminal(t, fmt.Sprintf("lint text (colour %v)", colorOn), b.String(), colorOn)
	}
	for name, view := range map[string]func(io.Writer, LintReport) error{"lint json": LintJSON, "lint sarif": LintSARIF} {
		var b bytes.Buffer
		if err := view(&b, r); err != nil {
			t.Fatal(err)
		}
		checkJSON(t, name, b.String(), false)
	}
	var b bytes.Buffer
	if err := LintJUnit(&b, r); err != nil {
		t.Fatal(err)
	}
	checkRunes(t, "lint junit", b.String(), "\n")
	for dec := xml.NewDecoder(&b); ; {
		if _, err := dec.Token(); err != nil {
			if !errors.Is(err, io.EOF) {
				t.Errorf("lint junit: not well-formed XML: %v", err)
			}
			break
		}
	}

	b.Reset()
	if err := LintGitHub(&b, r); err != nil {
		t.Fatal(err)
	}
	checkTerminal(t, "lint github", b.String(), false)
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != len(r.Result.Findings)+1 {
		t.Errorf("lint github: %d lines for %d findings and the summary", len(lines), len(r.Result.Findings))
	}
	for _, l := range lines[:len(lines)-1] {
		if !regexp.MustCompile(`^::(error|warning|notice) file=[^:]*,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^:,]*::`).MatchString(l) {
			t.Errorf("lint github: not one workflow command: %.200q", l)
		}
	}

	b.Reset()
	if err := LintGitHubSummary(&b, r); err != nil {
		t.Fatal(err)
	}
	_, tables := mdTree(t, "lint summary", b.String(), []string{"terrarium lint"})
	if len(tables) != 1 {
		t.Fatalf("lint summary: %d tables", len(tables))
	}
	header, got := rows(t, tables[0], b.Bytes())
	if header != 5 || len(got) != len(r.Result.Findings) {
		t.Fatalf("lint summary: %d columns, %d rows; want 5 and %d", header, len(got), len(r.Result.Findings))
	}
	for i, cells := range got {
		f := r.Result.Findings[i]
		if cells[4] != escape.Line(f.Summary) || cells[1] != escape.Line(f.Rule) {
			t.Errorf("row %d: cells %.200q, want rule %.200q and finding %.200q", i, cells, escape.Line(f.Rule), escape.Line(f.Summary))
		}
	}
}

// hostileLintReport has one finding per hostile string, in a file whose
// name and source are hostile too.
func hostileLintReport() LintReport {
	name := "main\x1b]0;x\x07\n\u202e.hcl"
	var src strings.Builder
	var fs []lint.Finding
	for i, h := range hostile {
		start := src.Len()
		fmt.Fprintf(&src, "# %s\n", strings.ReplaceAll(h, "\n", " "))
		rng := hcl.Range{Filename: name, Start: hcl.Pos{Line: i + 1, Column: 1, Byte: start}, End: hcl.Pos{Line: i + 1, Column: 3, Byte: start + 2}}
		fs = append(fs, lint.Finding{Rule: "rule" + h, Severity: lint.SeverityError, Summary: h, Detail: h, Subject: rng,
			Address: "environment.x[" + h + "]", Path: "metadata." + h, Value: h})
	}
	files := map[string]*hcl.File{name: {Bytes: []byte(src.String()), Body: hcl.EmptyBody()}}
	return LintReport{Result: lint.Result{Findings: fs, FailOn: lint.SeverityError}, Files: files, Rules: lint.Catalog(), ToolVersion: "0.0.0-test"}
}

func TestHostileDiagnostics(t *testing.T) {
	r := hostileLintReport()
	var diags hcl.Diagnostics
	for _, f := range r.Result.Findings {
		s := f.Subject
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: f.Summary, Detail: f.Detail, Subject: &s})
	}
	for _, colorOn := range []bool{false, true} {
		var b bytes.Buffer
		if err := Diagnostics(&b, r.Files, diags, colorOn, 0); err != nil {
			t.Fatal(err)
		}
		checkTerminal(t, fmt.Sprintf("diagnostics (colour %v)", colorOn), b.String(), colorOn)
		if colorOn {
			continue
		}
		// Every snippet shows its line, escaped, with the carets under
		// the subject: "#" and the space after it.
		if !strings.Contains(b.String(), "   1: # line two\\u001b]0;title\\u0007\\u001b[2K\n      ^^\n") {
			t.Errorf("diagnostics: the first snippet is not escaped and underlined:\n%.600s", b.String())
		}
	}
	var b bytes.Buffer
	if err := DiagnosticsJSON(&b, r.Files, diags); err != nil {
		t.Fatal(err)
	}
	checkJSON(t, "diagnostics json", b.String(), false)
}

func TestHostileApplyViews(t *testing.T) {
	var evs []apply.Event
	sum := &apply.Summary{Counts: map[plan.Action]int{plan.ActionCreate: len(hostile)}, Serial: 2}
	for _, h := range hostile {
		evs = append(evs, apply.ChangeStarted{Address: h, Action: plan.ActionCreate},
			apply.ChangeCompleted{Address: h, Action: plan.ActionCreate, ID: h, Duration: time.Second},
			apply.ChangeFailed{Address: h, Action: plan.ActionUpdate, Code: h, RequestID: h, Message: h},
			apply.ChangeSkipped{Address: h, Action: plan.ActionDelete, Reason: h})
		sum.Failed = append(sum.Failed, apply.Failure{Address: h, Action: plan.ActionUpdate, Code: h, RequestID: h, Message: h})
		sum.NotAttempted = append(sum.NotAttempted, apply.Skip{Address: h, Action: plan.ActionDelete, Reason: h})
	}
	evs = append(evs, sum)
	for _, colorOn := range []bool{false, true} {
		var b bytes.Buffer
		v := NewApplyText(&b, colorOn, true)
		for _, e := range evs {
			v.Event(e)
		}
		checkTerminal(t, fmt.Sprintf("apply text (colour %v)", colorOn), b.String(), colorOn)
	}
	var b bytes.Buffer
	v := NewApplyJSON(&b)
	for _, e := range evs {
		v.Event(e)
	}
	checkJSON(t, "apply json", b.String(), true)
}

func TestHostileStateViews(t *testing.T) {
	var versions []state.Version
	var entries []state.Entry
	res := map[string]*state.Resource{}
	for i, h := range hostile {
		l := hostileLive(h)
		addr := schema.Address("svc", &h)
		res[addr] = &state.Resource{Address: addr, ID: h, Version: 1, Live: l}
		prev := hostileLive("x")
		versions = append(versions, state.Version{N: i + 1, Address: addr, Event: h, Time: t0, Live: &l,
			Apply:   &state.Apply{Serial: 1, Actor: h, GitCommit: h, GitBranch: h},
			Changes: change.Live(&prev, &l), Egress: change.EgressOf(change.Existing(&prev), change.Existing(&l))})
		entries = append(entries, state.Entry{Kind: "apply", Serial: int64(i + 1), Time: t0, Actor: h, GitCommit: h, GitBranch: h, PlanID: h, Error: h,
			Steps: []state.Step{{Address: addr, Op: "update", From: h, Status: "error", Error: &state.ErrorInfo{Code: h, Message: h, RequestID: h}}}})
	}
	h := &state.AddressHistory{Address: hostile[0], Versions: versions}
	snap := &state.Snapshot{Stack: hostile[1], Lineage: hostile[2], Serial: 9, Resources: res}
	diff, err := h.Diff(1, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, colorOn := range []bool{false, true} {
		var b bytes.Buffer
		must(t, StackHistory(&b, entries, colorOn))
		must(t, AddressHistory(&b, h, colorOn))
		must(t, VersionDiff(&b, diff, h, colorOn))
		must(t, VersionText(&b, hostile[0], &versions[0], colorOn))
		must(t, VersionHCL(&b, &versions[1]))
		must(t, StateList(&b, snap))
		for _, r := range res {
			must(t, StateShow(&b, r, colorOn))
		}
		checkTerminal(t, fmt.Sprintf("history and state (colour %v)", colorOn), b.String(), colorOn)
	}
	for name, write := range map[string]func(io.Writer) error{
		"history json":         func(w io.Writer) error { return StackHistoryAsJSON(w, snap, entries) },
		"history address json": func(w io.Writer) error { return AddressHistoryAsJSON(w, h) },
		"history version json": func(w io.Writer) error { return VersionAsJSON(w, hostile[0], &versions[0]) },
		"history diff json":    func(w io.Writer) error { return VersionDiffAsJSON(w, diff) },
		"state list json":      func(w io.Writer) error { return StateListAsJSON(w, snap) },
		"state show json":      func(w io.Writer) error { return StateShowAsJSON(w, res[schema.Address("svc", &hostile[0])]) },
	} {
		var b bytes.Buffer
		must(t, write(&b))
		checkJSON(t, name, b.String(), false)
	}
}

func hostileLive(h string) schema.LiveEnv {
	desc := h
	return schema.LiveEnv{ID: "env_" + h, CreatedAt: t0, UpdatedAt: t0, EnvSpec: schema.EnvSpec{Name: h, Description: &desc, Scope: h,
		Metadata: map[string]string{h: h},
		Config: schema.EnvConfig{Type: schema.ConfigCloud, Packages: &schema.Packages{Pip: []string{h}},
			Networking: &schema.Networking{Type: schema.NetworkingLimited, AllowedHosts: []string{h, "https://" + h}}}}}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestForEachKeyCannotForgeARow is the example: a for_each key
// holding "|" and a newline followed by a made-up narrowing row.
func TestForEachKeyCannotForgeARow(t *testing.T) {
	key := "a\n| environment.fake | host removed: https://x.example | narrowing |"
	e := plantest.Env("svc", plantest.Limited(false, false, "https://new.example"))
	e.Key, e.Address = &key, schema.Address("svc", &key)
	bar := "b|c"
	f := plantest.Env("svc", plantest.Name("other"), plantest.Limited(false, false, "https://wide.example"))
	f.Key, f.Address = &bar, schema.Address("svc", &bar)
	p, diags := plan.Compute(plan.Input{Config: plantest.Config(e, f), Now: t0, ID: "plan_key"})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	checkPlanMarkdown(t, p, PlanMarkdown(p, MarkdownOptions{}))
}

// TestHostileEgressKind: a saved plan is a file, and its egress items'
// kinds are strings like any other; an unknown kind is shown as data, never
// as terrarium's own words, in the row-by-row and the by-kind tables and
// in the terminal.
func TestHostileEgressKind(t *testing.T) {
	p := hostilePlan(t)
	n := 0
	for i := range p.Egress {
		for j := range p.Egress[i].Items {
			p.Egress[i].Items[j].Kind = hostile[n%len(hostile)]
			n++
		}
	}
	var b bytes.Buffer
	if err := PlanText(&b, p, false); err != nil {
		t.Fatal(err)
	}
	checkTerminal(t, "plan text with hostile egress kinds", b.String(), false)
	for _, limit := range []int{0, 50 << 20} {
		checkPlanMarkdown(t, p, PlanMarkdown(p, MarkdownOptions{Limit: limit}))
	}
}
