package lint

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxNameLength is terrarium's limit on environment names; the API does not
// document one (assumed, kept generous).
const maxNameLength = 256

var nameInvalid = &Rule{
	Name:     "name-invalid",
	Title:    "Environment name that the API cannot store as written",
	Severity: SeverityError,
	Tags:     []string{tagHygiene},
	Doc: `Finds environment names that are empty, start or end with whitespace,
contain control or invisible format characters, or are longer than 256
characters.

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
	case utf8.RuneCountInString(n) > maxNameLength:
		return "it is longer than 256 characters"
	}
	for _, r := range n {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return "it contains an invisible or control character"
		}
	}
	return ""
}
