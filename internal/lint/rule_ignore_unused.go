package lint

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
)

var ignoreUnused = &Rule{
	Name:     "ignore-unused",
	Title:    "Ignore comment that suppresses nothing",
	Severity: SeverityWarning,
	Tags:     []string{tagSuppression},
	Doc: `Finds rules named in a "# terrarium:ignore" comment that have no finding in
the lines the comment covers (the next line, the line it ends, or the whole
block or attribute starting there).

A stale exception would silently hide the next real finding at that place.
Rules disabled in the lint block are not reported, nor custom rules that no
policy of the run defines (a --policy file not given); a rule the lint block
makes not ignorable (ignorable = false) is reported as having no effect.

Fix: remove the rule from the comment, or the whole comment. lint --fix
does so: it changes no finding, since the rule had nothing to suppress.`,
	Check: func(p *Pass) {
		for _, ig := range p.ignores {
			if !ig.active(p.Now) {
				continue
			}
			for _, r := range ig.Rules {
				if ig.matched[r] || !p.settings.enabled(r) || p.rules.lookup(r) == nil {
					continue
				}
				f := unusedIgnoreFinding(p.settings, ig, r)
				f.Fix = p.unusedIgnoreFix(ig, r)
				p.Report(f)
			}
		}
	},
}

// unusedIgnoreFinding says why rule r of ig suppressed nothing: the lint
// block forbids ignoring r, or r had no finding in the lines ig covers.
func unusedIgnoreFinding(s *Settings, ig *ignore, r string) Finding {
	if rs := s.Rules[r]; rs != nil && rs.Ignorable != nil && !rs.Ignorable.Value {
		return Finding{
			Summary: "Ignore comment for " + quote(r) + " has no effect",
			Detail:  "The lint block sets ignorable = false for " + r + ", so its findings cannot be ignored; remove it.",
			Subject: ig.Range, Value: r,
		}
	}
	return Finding{
		Summary: "Ignore comment for " + quote(r) + " suppresses nothing",
		Detail:  "No " + r + " finding is in the lines it covers; remove it.",
		Subject: ig.Range, Value: r,
	}
}

// unusedIgnoreFix takes rule r out of ig's rule list, or deletes the whole
// comment when r is its only rule: on a line of its own the line goes,
// after code the comment and the spaces before it.
func (p *Pass) unusedIgnoreFix(ig *ignore, r string) *Fix {
	cur, ok := p.sourceText(ig.Range)
	if !ok || cur != ig.Text {
		return nil
	}
	var rest []string
	for _, x := range ig.Rules {
		if x != r {
			rest = append(rest, x)
		}
	}
	if len(rest) > 0 {
		text := ig.Text[:ig.ListStart] + strings.Join(rest, ",") + ig.Text[ig.ListEnd:]
		return rangeFix(ig.Range, cur, text, "remove "+r+" from the comment", true)
	}
	src := p.Config.Files[ig.Range.Filename].Bytes
	start := ig.Range.Start.Byte
	for start > 0 && (src[start-1] == ' ' || src[start-1] == '\t') {
		start--
	}
	end := ig.Range.End.Byte
	rng := ig.Range
	if start == 0 || src[start-1] == '\n' {
		if end < len(src) && src[end] == '\r' {
			end++
		}
		if end < len(src) && src[end] == '\n' {
			end++
		}
		rng.End = hcl.Pos{Line: rng.Start.Line + 1, Column: 1, Byte: end}
	}
	rng.Start = hcl.Pos{Line: rng.Start.Line, Column: rng.Start.Column - (ig.Range.Start.Byte - start), Byte: start}
	return rangeFix(rng, string(src[start:end]), "", "delete the comment", true)
}
