package lint

// Rule tags.
const (
	tagNetworking  = "networking"
	tagSecurity    = "security"
	tagSupplyChain = "supply-chain"
	tagHygiene     = "hygiene"
	tagPolicy      = "policy"
	tagSuppression = "suppression"
	tagCustom      = "custom"
)
