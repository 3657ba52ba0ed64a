package lint

var ignoreMalformed = &Rule{
	Name:     "ignore-malformed",
	Title:    "Ignore comment that cannot be read",
	Severity: SeverityError,
	Tags:     []string{tagSuppression},
	Doc: `Finds comments that start with "terrarium:ignore" but cannot be read: an
unknown rule name, rule names separated by spaces only, an option written
with spaces around "=", an unknown option, a date not written YYYY-MM-DD,
an unclosed quote. Such a comment suppresses nothing; the rest of the
configuration is linted as usual.

The form is:

    # terrarium:ignore RULE[,RULE] reason="..." [expires=YYYY-MM-DD]

Rule names are separated by commas, with or without spaces after them
("host-wildcard, host-nonstandard-port").

Fix: correct the comment as the finding says; 'terrarium lint --list-rules'
lists the rule names.`,
	Check: func(p *Pass) {
		for _, b := range p.badIgnores {
			p.Report(Finding{Summary: "Invalid terrarium:ignore comment", Detail: b.Detail, Subject: b.Range})
		}
	},
}
