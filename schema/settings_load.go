package schema

import (
	"bytes"

	"github.com/hashicorp/hcl/v2"
)

// LoadSettings reads only the terrarium block of the configuration in dir:
// what commands that never evaluate environments (history, state, unlock)
// need to find the stack's state log. It is ReadSources(dir).Settings().
func LoadSettings(dir string) (Settings, map[string]*hcl.File, hcl.Diagnostics) {
	return ReadSources(dir).Settings()
}

// Settings decodes the terrarium block, parsing only the files that can
// hold one (those containing the word terrarium: a block's type is a bare
// identifier, so a file without it has no such block). Variables are not
// required, since the block is evaluated without them. The files parsed
// are returned for rendering the diagnostics, and are not parsed again by
// Load. A directory with no configuration files gives the defaults and no
// diagnostics.
func (s *Sources) Settings() (Settings, map[string]*hcl.File, hcl.Diagnostics) {
	if s.noFiles {
		return defaultSettings(), nil, nil
	}
	holds := func(_ string, src []byte) bool { return bytes.Contains(src, []byte("terrarium")) }
	s.parse(holds, nil)
	l := &loader{cfg: &Config{Dir: s.dir, Files: map[string]*hcl.File{}}}
	var diags hcl.Diagnostics
	var blocks []*hcl.Block
	only := &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "terrarium"}}}
	for i, name := range s.names {
		p := s.parsed[i]
		if p == nil || !holds(name, s.srcs[name]) {
			continue
		}
		diags = append(diags, p.diags...)
		if p.file == nil {
			continue
		}
		l.cfg.Files[name] = p.file
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
