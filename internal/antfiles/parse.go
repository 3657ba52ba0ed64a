package antfiles

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Doc is one ant resource file parsed: its body (the create endpoint's
// request body) as a YAML node, whose positions are lines of the file.
type Doc struct {
	// Body is the mapping node of the body; nil for a Markdown file
	// without frontmatter.
	Body *yaml.Node
	// Prose is a Markdown file's text after the frontmatter, trimmed; ant
	// puts it in the kind's text field (an environment's description).
	Prose *string
}

// Parse reads data, the file name, by its extension: .yaml and .yml as
// YAML, .json as JSON, .md as Markdown whose frontmatter (between "---"
// lines at the top) is the body and whose prose is the text field (API.md,
// "ant apply"). The body must be a mapping.
func Parse(name string, data []byte) (*Doc, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return parseJSON(data)
	case ".md":
		return parseMarkdown(data)
	default:
		n, err := parseYAML(data, 0)
		return &Doc{Body: n}, err
	}
}

// parseYAML decodes one YAML document; offset is added to its lines (the
// frontmatter's opening line). An empty document is an empty mapping.
func parseYAML(data []byte, offset int) (*yaml.Node, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: 1 + offset, Column: 1}, nil
		}
		return nil, fmt.Errorf("not valid YAML: %v", err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, fmt.Errorf("holds more than one YAML document; ant reads one resource per file")
	}
	body := &doc
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		body = doc.Content[0]
	}
	if body.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("line %d: the body is not a mapping of fields", body.Line+offset)
	}
	shift(body, offset)
	return body, nil
}

func shift(n *yaml.Node, offset int) {
	if offset == 0 {
		return
	}
	n.Line += offset
	for _, c := range n.Content {
		shift(c, offset)
	}
}

// parseJSON checks JSON with the standard decoder (JSON is strict where
// YAML is lenient), then reads it as YAML for positions; should the YAML
// parser refuse it, the value is carried over as a node without them.
func parseJSON(data []byte) (*Doc, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("not valid JSON: %v", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("not valid JSON: more than one value")
	}
	if _, ok := v.(map[string]any); !ok {
		return nil, fmt.Errorf("the body is not a JSON object")
	}
	// JSON is YAML 1.2: parsed again as YAML, its nodes carry lines.
	if body, err := parseYAML(data, 0); err == nil {
		return &Doc{Body: body}, nil
	}
	var n yaml.Node
	if err := n.Encode(jsonToYAML(v)); err != nil {
		return nil, err
	}
	body := &n
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		body = n.Content[0]
	}
	return &Doc{Body: body}, nil
}

// jsonToYAML turns json.Number into numbers YAML encodes with their type.
func jsonToYAML(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			t[k] = jsonToYAML(e)
		}
	case []any:
		for i, e := range t {
			t[i] = jsonToYAML(e)
		}
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return i
		}
		f, _ := t.Float64()
		return f
	}
	return v
}

// parseMarkdown splits frontmatter from prose. A file that does not open
// with a "---" line has no body.
func parseMarkdown(data []byte) (*Doc, error) {
	text := strings.ReplaceAll(strings.TrimPrefix(string(data), "\ufeff"), "\r\n", "\n")
	first, rest, ok := strings.Cut(text, "\n")
	if !ok || strings.TrimRight(first, " \t") != "---" {
		return &Doc{}, nil
	}
	lines := strings.SplitAfter(rest, "\n")
	for i, l := range lines {
		if t := strings.TrimRight(l, " \t\n"); t == "---" || t == "..." {
			front := strings.Join(lines[:i], "")
			body, err := parseYAML([]byte(front), 1)
			if err != nil {
				return nil, fmt.Errorf("frontmatter: %v", err)
			}
			prose := strings.TrimSpace(strings.Join(lines[i+1:], ""))
			return &Doc{Body: body, Prose: &prose}, nil
		}
	}
	return nil, fmt.Errorf("the frontmatter opened on line 1 is never closed with a \"---\" line")
}

// TopType is the body's top-level "type" when it is a string, else "".
func (d *Doc) TopType() string {
	if d.Body == nil {
		return ""
	}
	if v := lookup(d.Body, "type"); v != nil && v.Kind == yaml.ScalarNode && v.Tag == "!!str" {
		return v.Value
	}
	return ""
}

func lookup(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}
