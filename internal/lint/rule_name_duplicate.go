package lint

import "terrarium/schema"

var nameDuplicate = &Rule{
	Name:     "name-duplicate",
	Title:    "Two environments with the same name",
	Severity: SeverityError,
	Tags:     []string{tagHygiene},
	Doc: `Finds environments whose names are equal once evaluated (labels,
name attributes and for_each keys included).

Environment names are unique within an organization and workspace: the
second create would fail, or an apply would fight over one environment.

Fix: give each environment its own name.`,
	Check: func(p *Pass) {
		first := map[string]*schema.Environment{}
		for _, env := range p.Config.Environments {
			n := env.Name.Value
			if prev, ok := first[n]; ok {
				p.Report(Finding{
					Summary: "Environment name " + quote(n) + " is already used by " + prev.Address,
					Detail:  "Names are unique in a workspace; " + prev.Address + " at " + prev.Name.Range.String() + " has the same name.",
					Subject: env.Name.Range, Address: env.Address, Path: "name", Value: n,
				})
				continue
			}
			first[n] = env
		}
	},
}
