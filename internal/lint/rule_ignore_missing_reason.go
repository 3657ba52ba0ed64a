package lint

import "strings"

var ignoreMissingReason = &Rule{
	Name:     "ignore-missing-reason",
	Title:    "Ignore comment without a reason",
	Severity: SeverityError,
	Tags:     []string{tagSuppression},
	Doc: `Finds "# terrarium:ignore" comments without reason="...". Such a comment
suppresses nothing.

A suppression is a decision someone will have to revisit; the reason is
what they will read.

Fix: add reason="why this is acceptable", and expires=YYYY-MM-DD when the
exception is temporary.`,
	Check: func(p *Pass) {
		for _, ig := range p.ignores {
			if ig.Reason == "" {
				p.Report(Finding{
					Summary: "Ignore comment has no reason, so it suppresses nothing",
					Detail:  `Add reason="..." to say why the finding is acceptable.`,
					Subject: ig.Range, Value: strings.Join(ig.Rules, ","),
				})
			}
		}
	},
}
