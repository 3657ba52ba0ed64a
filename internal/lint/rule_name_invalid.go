package lint

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"terrarium/schema"
)

var nameInvalid = &Rule{
	Name:     "name-invalid",
	Title:    "Environment name that the API cannot store as written",
	Severity: SeverityError,
	Tags:     []string{tagHygiene},
	Doc: `Finds environment names that are empty, start or end with whitespace,
contain control or invisible format characters, or are longer than 256
characters (the API documents names of 1 to 256 characters).

Such names fail on create, or look identical to another name in every
console while being different.

Fix: use a short name of visible characters, such as "python-dev".`,
	Check: func(p *Pass) {
		for _, env := range p.Config.Environments {
			if why := invalidName(env.Name.Value); why != "" {
				p.Report(Finding{
					Summary: "Environment name is invalid: " + why,
					Subject: env.Name.Range, Address: env.Address, Path: "name", Value: env.Name.Value,
				})
			}
		}
	},
}

func invalidName(n string) string {
	switch {
	case strings.TrimSpace(n) == "":
		return "it is empty"
	case !utf8.ValidString(n):
		return "it is not valid UTF-8"
	case strings.TrimSpace(n) != n:
		return "it starts or ends with whitespace"
	case utf8.RuneCountInString(n) > schema.MaxNameLength:
		return fmt.Sprintf("it is %d characters long; the API accepts at most %d", utf8.RuneCountInString(n), schema.MaxNameLength)
	}
	for _, r := range n {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return "it contains an invisible or control character"
		}
	}
	return ""
}
