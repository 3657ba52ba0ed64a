package antfiles

import (
	"path"
	"strings"
)

// dirKinds maps a parent directory to the kind ant gives its files
// (API.md, "ant apply": environments/, agents/, memory_stores/,
// deployments/; skills are directories holding SKILL.md; newer docs add
// vaults).
var dirKinds = map[string]string{
	"environments":  KindEnvironment,
	"agents":        "agent",
	"memory_stores": "memory_store",
	"deployments":   "deployment",
	"skills":        "skill",
	"vaults":        "vault",
}

// prefixKinds are the kinds a file name can start with, longest first so
// that no kind is taken for a shorter one.
var prefixKinds = []string{"memory_store", "environment", "deployment", "agent", "vault", "skill"}

// KindOf is ant's kind of the file at rel (slash-separated) whose body has
// the top-level type typ ("" when it has none): the first of (1) the
// top-level type, (2) the parent directory, (3) a file name starting with
// the kind followed by "_", "-" or "." (API.md, "ant apply"). A SKILL.md
// is a skill. It returns "" when no rule gives a kind.
func KindOf(rel, typ string) string {
	if typ != "" {
		return typ
	}
	base := path.Base(rel)
	if base == "SKILL.md" {
		return "skill"
	}
	if k, ok := dirKinds[path.Base(path.Dir(rel))]; ok {
		return k
	}
	for _, k := range prefixKinds {
		if rest, ok := strings.CutPrefix(base, k); ok && rest != "" && strings.ContainsRune("_-.", rune(rest[0])) {
			return k
		}
	}
	return ""
}
