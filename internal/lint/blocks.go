package lint

import "terrarium/schema"

// Block types lint adds to the configuration language.
const (
	BlockPolicy = "policy"
	BlockLint   = "lint"
)

// Blocks returns the policy and lint block types, for schema.LoadOptions.
func Blocks() []schema.BlockType {
	return []schema.BlockType{
		{Type: BlockPolicy, Unique: true, Decode: decodePolicyBlock},
		{Type: BlockLint, Unique: true, Decode: decodeLintBlock},
	}
}

// init registers the blocks so that every command (validate, fmt, plan)
// accepts a configuration with policy and lint blocks.
func init() {
	for _, b := range Blocks() {
		schema.RegisterBlock(b)
	}
}
