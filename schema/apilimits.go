package schema

// Limits the API documents (see docs/API.md, "Limits the documentation
// states"). Lengths are in characters (Unicode code points).
const (
	// MaxNameLength is the longest environment name: 1 to 256 characters
	// (CLI and API reference, create environment).
	MaxNameLength = 256
	// MaxDescriptionLength is the longest description: at most 1024
	// characters (CLI reference, create environment).
	MaxDescriptionLength = 1024
)

// Metadata limits documented for the other Managed Agents resources
// (sessions, agents, vaults, deployments): at most 16 pairs, keys up to 64
// characters, values up to 512. None is documented for environments; the
// emulator enforces them only when asked and lint warns. terrarium's
// ownership keys (MetaStack, MetaAddress) count against MaxMetadataPairs.
const (
	MaxMetadataPairs       = 16
	MaxMetadataKeyLength   = 64
	MaxMetadataValueLength = 512
)

// OwnershipKeyCount is how many metadata keys terrarium adds to every
// environment it manages.
const OwnershipKeyCount = 2
