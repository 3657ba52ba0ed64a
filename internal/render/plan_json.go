package render

import (
	"io"
	"slices"

	"terrarium/internal/plan"
	"terrarium/internal/render/escape"
	"terrarium/schema"
)

// PlanJSON writes the machine-readable plan: the same document as a saved
// plan file, with format_version, described by schema/jsonschema/plan.schema.json.
func PlanJSON(w io.Writer, p *plan.Plan) error {
	b, err := plan.Marshal(redactPlan(p))
	if err != nil {
		return err
	}
	_, err = sensitiveMapWriter{w}.Write([]byte(escape.JSON(string(b))))
	return err
}

// hideSet is SensitiveText for a set value, "" for an unset one.
func hideSet(v string) string {
	if v == "" {
		return ""
	}
	return plan.SensitiveText
}

// redactPlan returns p, or a copy of it whose whole objects hide the values
// of sensitive attributes: the JSON view is printed, the plan file is not.
func redactPlan(p *plan.Plan) *plan.Plan {
	cp := *p
	cp.Changes = make([]plan.Change, len(p.Changes))
	for i, c := range p.Changes {
		if len(c.Sensitive) > 0 {
			c.After = plan.RedactSpec(c.After, c.Sensitive)
			if c.Before != nil {
				before := *c.Before
				before.EnvSpec = *plan.RedactSpec(&before.EnvSpec, c.Sensitive)
				c.Before = &before
			}
			if len(c.RemoveMetadata) > 0 && slices.Contains(c.Sensitive, schema.PathMetadata) {
				c.RemoveMetadata = []string{plan.SensitiveText}
			}
			if slices.Contains(c.Sensitive, schema.PathName) {
				// Both are the sensitive name with a suffix.
				c.TempName, c.ParkName = hideSet(c.TempName), hideSet(c.ParkName)
			}
		}
		cp.Changes[i] = c
	}
	cp.Drift = make([]plan.Drift, len(p.Drift))
	for i, d := range p.Drift {
		if len(d.Sensitive) > 0 && d.Live != nil {
			live := *d.Live
			live.EnvSpec = *plan.RedactSpec(&live.EnvSpec, d.Sensitive)
			d.Live = &live
		}
		cp.Drift[i] = d
	}
	return &cp
}
