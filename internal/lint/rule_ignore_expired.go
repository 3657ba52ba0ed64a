package lint

import "strings"

var ignoreExpired = &Rule{
	Name:     "ignore-expired",
	Title:    "Ignore comment past its expiry date",
	Severity: SeverityError,
	Tags:     []string{tagSuppression},
	Doc: `Finds "# terrarium:ignore" comments whose expires=YYYY-MM-DD date has
passed (the date is the last day the exception holds, in UTC). An expired
comment suppresses nothing.

Fix: fix the finding and remove the comment, or renew the date after
reviewing the reason again.`,
	Check: func(p *Pass) {
		for _, ig := range p.ignores {
			if ig.Reason != "" && ig.expired(p.Now) {
				p.Report(Finding{
					Summary: "Ignore comment expired on " + ig.Expires.Format("2006-01-02"),
					Detail:  "The exception no longer holds; the findings it covered are reported again.",
					Subject: ig.Range, Value: strings.Join(ig.Rules, ","),
				})
			}
		}
	},
}
