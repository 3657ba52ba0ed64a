package lint

import (
	"sort"
	"strconv"
	"strings"

	"terrarium/schema"
)

// catalog lists every rule. The suppression rules come last because they
// judge the ignore comments after the other rules ran.
var catalog = []*Rule{
	networkingUnrestricted,
	networkingImplicit,
	networkingOnSelfHosted,
	hostNotHTTPS,
	hostMalformed,
	hostInternal,
	hostIPLiteral,
	hostWildcard,
	hostNonstandardPort,
	hostDuplicate,
	packagesBlocked,
	packageManagersUnneeded,
	mcpServersAllowed,
	packageUnpinned,
	packageMalformed,
	packageDuplicate,
	nameDuplicate,
	nameInvalid,
	descriptionTooLong,
	metadataReservedKey,
	metadataOverLimit,
	secretInConfig,
	bidiControl,
	hostNotApproved,
	policyUnrestricted,
	policyMCPServers,
	policyPackageManagers,
	policyPackageManagerNotApproved,
	policyPackageUnpinned,
	policyMaxAllowedHosts,
	policyRequiredMetadata,
	policyRuleError,
	policyRuleUnused,
	ignoreMalformed,
	ignoreMissingReason,
	ignoreExpired,
	ignoreUnused,
}

// Catalog returns every rule, in catalog order. Callers must not modify it.
func Catalog() []*Rule { return catalog }

// Lookup returns the rule called name, or nil.
func Lookup(name string) *Rule {
	for _, r := range catalog {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// RuleNames returns every rule name, sorted.
func RuleNames() []string {
	out := make([]string, len(catalog))
	for i, r := range catalog {
		out[i] = r.Name
	}
	sort.Strings(out)
	return out
}

// UnknownRuleMessage says that no rule is named name, suggests the closest,
// and where to see them all.
func UnknownRuleMessage(name string) string { return unknownRuleIn(name, RuleNames()) }

// unknownRuleIn is UnknownRuleMessage with the suggestion taken from names.
func unknownRuleIn(name string, names []string) string {
	msg := "There is no lint rule named " + quote(name) + "."
	if s := schema.Suggest(name, names); s != "" {
		msg += " Did you mean " + quote(s) + "?"
	}
	return msg + " Run 'terrarium lint --list-rules' to see them all."
}

// quote puts s in double quotes for a message. Control characters are
// escaped (as Go's %q does): a value from a pull request must not put
// terminal escape sequences into a reviewer's terminal or a CI log.
func quote(s string) string { return strconv.Quote(s) }

// metadataPath is the attribute path of a metadata key: metadata.team, or
// metadata["..."] with escapes when the key holds anything a path cannot
// show as is (spaces, control characters).
func metadataPath(key string) string {
	if q := strconv.Quote(key); q[1:len(q)-1] == key && !strings.ContainsAny(key, " []") {
		return schema.MetadataPath(key)
	}
	return schema.PathMetadata + "[" + strconv.Quote(key) + "]"
}
