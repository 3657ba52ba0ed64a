package schema

import (
	"bytes"
	"os"

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
	srcs := map[string][]byte{}
	var candidates []string
	for _, name := range names {
		src, err := os.ReadFile(name)
		if err != nil || !bytes.Contains(src, []byte("terrarium")) {
			continue
		}
		srcs[name] = src
		candidates = append(candidates, name)
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
