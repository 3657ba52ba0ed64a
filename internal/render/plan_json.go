package render

import (
	"io"

	"terrarium/internal/plan"
)

// PlanJSON writes the machine-readable plan: the same document as a saved
// plan file, with format_version, described by schema/jsonschema/plan.schema.json.
func PlanJSON(w io.Writer, p *plan.Plan) error {
	b, err := plan.Marshal(p)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}
