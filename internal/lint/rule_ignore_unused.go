package lint

var ignoreUnused = &Rule{
	Name:     "ignore-unused",
	Title:    "Ignore comment that suppresses nothing",
	Severity: SeverityWarning,
	Tags:     []string{tagSuppression},
	Doc: `Finds rules named in a "# terrarium:ignore" comment that have no finding in
the lines the comment covers (the next line, the line it ends, or the whole
block or attribute starting there).

A stale exception would silently hide the next real finding at that place.
Rules disabled in the lint block are not reported; a rule the lint block
makes not ignorable (ignorable = false) is reported as having no effect.

Fix: remove the rule from the comment, or the whole comment.`,
	Check: func(p *Pass) {
		for _, ig := range p.ignores {
			if !ig.active(p.Now) {
				continue
			}
			for _, r := range ig.Rules {
				if ig.matched[r] || !p.settings.enabled(r) {
					continue
				}
				p.Report(unusedIgnoreFinding(p.settings, ig, r))
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
