package schema

import "github.com/hashicorp/hcl/v2"

// BlockType describes a top-level block that another package adds to the
// language (lint adds policy and lint) without touching the core decoder.
type BlockType struct {
	Type       string
	LabelNames []string
	// Unique allows at most one block of this type per configuration.
	Unique bool
	// Decode turns one block into the value stored in Config.Extensions.
	// ctx resolves variables, locals and functions.
	Decode func(block *hcl.Block, ctx *hcl.EvalContext) (any, hcl.Diagnostics)
}

// LoadOptions are the inputs of Load beyond the directory.
type LoadOptions struct {
	// Vars are -var NAME=VALUE arguments, in command-line order.
	Vars []string
	// VarFiles are -var-file paths, in command-line order.
	VarFiles []string
	// Environ is the process environment (os.Environ()) read for
	// TERRARIUM_VAR_NAME values.
	Environ []string
	// Extensions are the additional top-level blocks to accept.
	Extensions []BlockType
	// ReleaseSyntax, when set, is asked for each configuration file, given
	// its bytes, whether its syntax tree may be released as soon as its
	// blocks have been decoded: Config.Files then holds the file as
	// ReleasedFile keeps it. A caller that reads nothing more from the
	// trees after Load (plan, apply) saves most of a large configuration's
	// memory; one that walks them (lint's ignore comments, fmt) keeps them.
	ReleaseSyntax func(src []byte) bool
}
