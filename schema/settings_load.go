package schema

import (
	"bytes"

	"github.com/hashicorp/hcl/v2"
)

// LoadSettings reads only the terrarium block of the configuration in dir:
// what commands that never evaluate environments (history, state, unlock)
// need to find the stack's state log. Files that cannot hold a terrarium
// block are not parsed, and variables are not required, since the block is
// evaluated without them. A directory with no configuration files gives the
// defaults and no diagnostics.
func LoadSettings(dir string) (Settings, map[string]*hcl.File, hcl.Diagnostics) {
	l := &loader{cfg: &Config{Dir: dir, Files: map[string]*hcl.File{}}}
	names, diags := configFiles(dir)
	if diags.HasErrors() {
		return defaultSettings(), nil, nil
	}
	// A file that cannot be read is reported by the command's full load
	// (or has no terrarium block to give); the refusal still holds here.
	srcs, _ := readConfigFiles(dir, names, func(src []byte) bool { return bytes.Contains(src, []byte("terrarium")) })
	var candidates []string
	for _, name := range names {
		if srcs[name] != nil {
			candidates = append(candidates, name)
		}
	}
	var blocks []*hcl.Block
	only := &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "terrarium"}}}
	for i, p := range parseAll(candidates, srcs) {
		diags = append(diags, p.diags...)
		if p.file == nil {
			continue
		}
		l.cfg.Files[candidates[i]] = p.file
		content, _, d := p.file.Body.PartialContent(only)
		diags = append(diags, d...)
		blocks = append(blocks, content.Blocks...)
	}
	if diags.HasErrors() {
		return defaultSettings(), l.cfg.Files, diags
	}
	diags = append(diags, l.decodeSettings(blocks)...)
	return l.cfg.Settings, l.cfg.Files, diags
}

func defaultSettings() Settings {
	return Settings{Stack: String{Value: DefaultStack}, OnDestroy: String{Value: OnDestroyArchive}}
}
