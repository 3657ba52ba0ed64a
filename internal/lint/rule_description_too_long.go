package lint

import (
	"fmt"
	"unicode/utf8"

	"terrarium/schema"
)

var descriptionTooLong = &Rule{
	Name:     "description-too-long",
	Title:    "Description longer than the API accepts",
	Severity: SeverityError,
	Tags:     []string{tagHygiene},
	Doc: `Finds environment descriptions longer than 1024 characters, the most the
API documents for a description (CLI reference, create environment).

The create or update of such an environment fails with a 400 partway
through an apply.

Fix: shorten the description; keep long documentation in the repository.`,
	Check: func(p *Pass) {
		for _, env := range p.Config.Environments {
			d := env.Description
			if d == nil {
				continue
			}
			if n := utf8.RuneCountInString(d.Value); n > schema.MaxDescriptionLength {
				p.Report(Finding{
					Summary: fmt.Sprintf("Description is %d characters long; the API accepts at most %d", n, schema.MaxDescriptionLength),
					Detail:  "The create or update of this environment would be refused. Shorten the description.",
					Subject: d.Range, Address: env.Address, Path: "description",
				})
			}
		}
	},
}
