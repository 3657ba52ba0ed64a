package schema

import (
	"bytes"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// VarsFileSuffix marks variable-value files, which Load skips: they are read
// only when named with -var-file.
const VarsFileSuffix = ".vars.hcl"

// IsVarsFile reports whether the file named name holds variable values
// by its name (*.vars.hcl): any line of it may hold a secret, so no output
// shows its lines — diagnostics (diag.MarkValues) and fmt's --diff alike.
// A -var-file of another name is known as one to the loader, which marks
// it too.
func IsVarsFile(name string) bool {
	return strings.HasSuffix(name, VarsFileSuffix)
}

// IsConfigFile reports whether a file named name (a base name) is one of
// the configuration files Load reads from a directory: *.hcl, neither a
// variable-value file nor hidden.
func IsConfigFile(name string) bool {
	return strings.HasSuffix(name, ".hcl") && !IsVarsFile(name) && !strings.HasPrefix(name, ".")
}

// coreBlocks are the top-level blocks of the language, in the order the
// loader decodes them.
var coreBlocks = []hcl.BlockHeaderSchema{
	{Type: "terrarium"},
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "locals"},
	{Type: "environment", LabelNames: []string{"label"}},
	{Type: "moved"},
	{Type: "import"},
	{Type: "removed"},
}

// Load parses and evaluates every *.hcl file of dir (sorted by name, except
// *.vars.hcl) into a Config. The Config is returned even with errors, as far
// as it could be decoded, so that callers can still render the files.
func Load(dir string, opts LoadOptions) (*Config, hcl.Diagnostics) {
	return ReadSources(dir).Load(opts)
}

// LoadSources is Load over in-memory files: names gives the order, srcs the
// content. Fuzzing and tests use it; Load reads the directory and calls it.
func LoadSources(names []string, srcs map[string][]byte, dir string, opts LoadOptions) (*Config, hcl.Diagnostics) {
	return newSources(dir, names, srcs).Load(opts)
}

// Sources are the configuration files of a directory, read once and parsed
// at most once, in two stages: Settings parses only the files that can hold
// the terrarium block and decodes it (what a command needs to find its
// workspace and state log before anything else), and Load parses the rest
// and evaluates the whole configuration (a file whose syntax tree Load
// released, LoadOptions.ReleaseSyntax, is parsed again by another Load).
// A Sources is not safe for concurrent use.
type Sources struct {
	dir   string
	names []string
	srcs  map[string][]byte
	// parsed[i] is names[i] parsed; nil until a stage parses it.
	parsed []*parsedFile
	// diags are the errors of reading the directory and its files.
	diags hcl.Diagnostics
	// noFiles is set when the directory could not be listed or holds no
	// configuration file.
	noFiles bool
}

// ReadSources lists dir's configuration files (*.hcl, neither *.vars.hcl
// nor hidden, sorted by name) and reads them. Errors reading them are
// reported by Load; Settings skips an unreadable file.
func ReadSources(dir string) *Sources {
	names, diags := configFiles(dir)
	if diags.HasErrors() {
		s := newSources(dir, nil, nil)
		s.diags, s.noFiles = diags, true
		return s
	}
	srcs, d := readConfigFiles(dir, names, nil)
	s := newSources(dir, names, srcs)
	s.diags, s.noFiles = append(diags, d...), len(names) == 0
	return s
}

func newSources(dir string, names []string, srcs map[string][]byte) *Sources {
	return &Sources{dir: dir, names: names, srcs: srcs, parsed: make([]*parsedFile, len(names))}
}

// Load parses the files not parsed yet and evaluates the configuration.
//
// Every environment block may refer to the variables and locals, and the
// terrarium block, the variables and the locals must each be seen whole
// (duplicates across files are errors): the files that can hold them (those
// containing one of the words, as a block's type is a bare identifier) are
// parsed and decoded first. Then each other file's environment blocks are
// decoded as soon as it is parsed, so that with ReleaseSyntax a file's
// syntax tree lives only while it is parsed and decoded instead of all of
// them at once. The result is the same as decoding everything after
// parsing everything: any error in parsing any file still stops before
// decoding, and the diagnostics come in the same order.
func (s *Sources) Load(opts LoadOptions) (*Config, hcl.Diagnostics) {
	cfg := &Config{Dir: s.dir, Files: map[string]*hcl.File{}, Extensions: map[string][]any{}}
	diags := append(hcl.Diagnostics(nil), s.diags...)
	if s.noFiles {
		return cfg, diags
	}
	opts.Extensions = extensions(opts.Extensions)
	rootSchema := &hcl.BodySchema{Blocks: append([]hcl.BlockHeaderSchema(nil), coreBlocks...)}
	for _, ext := range opts.Extensions {
		rootSchema.Blocks = append(rootSchema.Blocks, hcl.BlockHeaderSchema{Type: ext.Type, LabelNames: ext.LabelNames})
	}
	// The head is decoded into a Config of its own, which is kept only if
	// no file has an error.
	l := &loader{cfg: &Config{Dir: s.dir, Files: map[string]*hcl.File{}, Extensions: map[string][]any{}},
		opts: opts, blocks: map[string][]*hcl.Block{}, predecoded: map[*hcl.Block]envResult{}, srcs: s.srcs}
	s.parse(func(_ string, src []byte) bool { return declaresHead(src) }, nil)
	headOK := true
	for i, name := range s.names {
		if p := s.parsed[i]; p != nil && p.file != nil && declaresHead(s.srcs[name]) {
			p.contentOf(rootSchema)
			for _, b := range p.content.Blocks {
				if headBlocks[b.Type] {
					l.blocks[b.Type] = append(l.blocks[b.Type], b)
				}
			}
			headOK = headOK && !p.diags.HasErrors() && !p.contentDiags.HasErrors()
		} else if p != nil && p.diags.HasErrors() {
			headOK = false
		}
	}
	var headDiags hcl.Diagnostics
	if headOK {
		headDiags = l.decodeHead()
	}
	var mu sync.Mutex
	s.parse(func(string, []byte) bool { return true }, func(p *parsedFile) {
		if !headOK || p.diags.HasErrors() {
			return
		}
		p.contentOf(rootSchema)
		if p.contentDiags.HasErrors() {
			return
		}
		var envs []*hcl.Block
		for _, b := range p.content.Blocks {
			if b.Type == "environment" && hclsyntax.ValidIdentifier(b.Labels[0]) {
				envs = append(envs, b)
			}
		}
		results := l.decodeEach(slices.Clone(envs))
		mu.Lock()
		for i, b := range envs {
			l.predecoded[b] = results[i]
			b.Body = nil // decoded: its syntax tree is no longer needed
		}
		mu.Unlock()
		if opts.ReleaseSyntax != nil && opts.ReleaseSyntax(p.file.Bytes) {
			p.file, p.released = ReleasedFile(p.file), true
		}
	})
	for i, name := range s.names {
		p := s.parsed[i]
		if p == nil {
			continue // unreadable
		}
		diags = append(diags, p.diags...)
		if p.file == nil {
			continue
		}
		p.contentOf(rootSchema)
		diags = append(diags, p.contentDiags...)
		for _, b := range p.content.Blocks {
			if !headBlocks[b.Type] {
				l.blocks[b.Type] = append(l.blocks[b.Type], b)
			}
		}
		if !p.released && opts.ReleaseSyntax != nil && opts.ReleaseSyntax(p.file.Bytes) {
			// From here on the blocks hold the only references to their
			// trees; the loader drops each once decoded.
			p.file, p.released = ReleasedFile(p.file), true
		}
		cfg.Files[name] = p.file
		if p.released {
			s.parsed[i] = nil // another Load parses it again
		} else {
			p.content, p.contentDiags = nil, nil // their environment blocks' bodies are gone
		}
	}
	if diags.HasErrors() || !headOK {
		// Decoding a partly parsed file would only add confusing errors.
		return cfg, diags
	}
	for name, f := range cfg.Files {
		l.cfg.Files[name] = f
	}
	diags = append(diags, redactDiagnostics(append(headDiags, l.decodeTail()...), l.secrets)...)
	return l.cfg, diags
}

// headBlocks are the block types decodeHead decodes.
var headBlocks = map[string]bool{"terrarium": true, "variable": true, "locals": true}

// declaresHead reports whether a file can hold a terrarium, variable or
// locals block: a block's type is a bare identifier, so a file without the
// word has none.
func declaresHead(src []byte) bool {
	return bytes.Contains(src, []byte("terrarium")) || bytes.Contains(src, []byte("variable")) || bytes.Contains(src, []byte("locals"))
}

type parsedFile struct {
	file  *hcl.File
	diags hcl.Diagnostics
	// content is the file's top-level blocks, taken once (contentOf).
	content      *hcl.BodyContent
	contentDiags hcl.Diagnostics
	// released is set once file is a ReleasedFile.
	released bool
}

// contentOf takes the file's top-level blocks under the root schema, once.
func (p *parsedFile) contentOf(root *hcl.BodySchema) {
	if p.content == nil && p.file != nil {
		p.content, p.contentDiags = p.file.Body.Content(root)
	}
}

// parse parses, concurrently (parsing is most of a large configuration's
// load time), the files not parsed yet whose name and content want selects,
// and calls then, when set, with each in the goroutine that parsed it.
func (s *Sources) parse(want func(name string, src []byte) bool, then func(*parsedFile)) {
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, name := range s.names {
		src, ok := s.srcs[name]
		if !ok || s.parsed[i] != nil || !want(name, src) {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			p := parseFile(name, src)
			if then != nil {
				then(p)
			}
			s.parsed[i] = p
		}()
	}
	wg.Wait()
}

// parseFile parses one file, bounding its nesting first.
func parseFile(name string, src []byte) *parsedFile {
	if d := CheckNesting(src, name); d.HasErrors() {
		return &parsedFile{file: &hcl.File{Body: hcl.EmptyBody(), Bytes: src}, diags: d}
	}
	f, d := parseChunked(src, name, chunkMin)
	return &parsedFile{file: f, diags: CapErrors(d, name)}
}

// loader carries the state of one Load between its phases.
type loader struct {
	cfg    *Config
	opts   LoadOptions
	blocks map[string][]*hcl.Block
	ev     *evaluator
	decls  map[string]*varDecl
	// secrets are the values of the sensitive variables, as text: no
	// diagnostic may contain one (redactDiagnostics).
	secrets []string
	// varFileUnread says a -var-file failed before its values were read.
	varFileUnread bool
	// predecoded are the environment blocks decoded as their files were
	// parsed (Sources.Load), with their bodies dropped.
	predecoded map[*hcl.Block]envResult
	// srcs are the files' bytes by name, for the expression cache's keys.
	srcs map[string][]byte
}

// decodeHead decodes what every environment block may depend on: the
// terrarium block, the variables and the locals.
func (l *loader) decodeHead() hcl.Diagnostics {
	var diags hcl.Diagnostics
	diags = append(diags, l.decodeSettings(l.blocks["terrarium"])...)
	vars, d := l.decodeVariables(l.blocks["variable"])
	diags = append(diags, d...)
	l.ev = &evaluator{vars: vars, locals: map[string]*hcl.Attribute{}}
	varVals, d := l.resolveVariables(vars)
	diags = append(diags, d...)
	l.ev.ctx = &hcl.EvalContext{
		Variables: map[string]cty.Value{"var": cty.ObjectVal(varVals)},
		Functions: Functions(),
	}
	diags = append(diags, l.decodeLocals(l.blocks["locals"])...)
	l.ev.seal(l.ev.ctx) // the context is complete: only for_each adds to it, in children
	l.ev.exprs = newExprCache(l.srcs)
	return diags
}

// decodeTail decodes the rest, after decodeHead.
func (l *loader) decodeTail() hcl.Diagnostics {
	var diags hcl.Diagnostics
	diags = append(diags, l.decodeEnvironments(l.blocks["environment"])...)
	diags = append(diags, l.decodeMoved(l.blocks["moved"])...)
	diags = append(diags, l.decodeImports(l.blocks["import"])...)
	diags = append(diags, l.decodeRemoved(l.blocks["removed"])...)
	diags = append(diags, l.decodeExtensions()...)
	l.cfg.secrets = l.secrets
	return diags // Load redacts them with the head's
}

// decodeExtensions hands each registered block to its decoder.
func (l *loader) decodeExtensions() hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, ext := range l.opts.Extensions {
		bs := l.blocks[ext.Type]
		if ext.Unique && len(bs) > 1 {
			diags = diags.Append(duplicateBlock(ext.Type, "", bs[1], bs[0]))
			bs = bs[:1]
		}
		for _, b := range bs {
			if ext.Decode == nil {
				continue
			}
			v, d := safeDecode(ext, b, l.ev.ctx)
			diags = append(diags, d...)
			if v != nil {
				l.cfg.Extensions[ext.Type] = append(l.cfg.Extensions[ext.Type], v)
			}
		}
	}
	return diags
}

func safeDecode(ext BlockType, b *hcl.Block, ctx *hcl.EvalContext) (v any, diags hcl.Diagnostics) {
	defer func() {
		if r := recover(); r != nil {
			v, diags = nil, hcl.Diagnostics{{
				Severity: hcl.DiagError,
				Summary:  fmt.Sprintf("Invalid %s block", ext.Type),
				Detail:   fmt.Sprintf("Decoding this block failed unexpectedly: %v.", r),
				Subject:  b.DefRange.Ptr(),
			}}
		}
	}()
	return ext.Decode(b, ctx)
}

// duplicateBlock reports a second block where only one is allowed.
func duplicateBlock(typ, label string, dup, first *hcl.Block) *hcl.Diagnostic {
	what := typ + " block"
	if label != "" {
		what = fmt.Sprintf("%s block %q", typ, label)
	}
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Duplicate " + what,
		Detail:   fmt.Sprintf("The %s was already defined at %s. Each may appear only once.", what, first.DefRange),
		Subject:  dup.DefRange.Ptr(),
	}
}

// uniqueLabels returns the blocks whose first label is a valid identifier
// and not taken by an earlier block of the same type, reporting the others.
func uniqueLabels(typ string, blocks []*hcl.Block, invalidSummary, invalidDetail string) ([]*hcl.Block, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	first := map[string]*hcl.Block{}
	unique := make([]*hcl.Block, 0, len(blocks))
	for _, b := range blocks {
		label := b.Labels[0]
		if !hclsyntax.ValidIdentifier(label) {
			diags = diags.Append(&hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  invalidSummary,
				Detail:   invalidDetail,
				Subject:  b.LabelRanges[0].Ptr(),
			})
			continue
		}
		if f := first[label]; f != nil {
			diags = diags.Append(duplicateBlock(typ, label, b, f))
			continue
		}
		first[label] = b
		unique = append(unique, b)
	}
	return unique, diags
}
