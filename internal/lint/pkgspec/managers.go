package pkgspec

import (
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

// parsePip reads a PEP 508 requirement without markers or URLs:
// name[extra,...] followed by optional version specifiers.
func parsePip(spec string) (Spec, error) {
	i := strings.IndexAny(spec, "[<>=!~")
	name, rest := spec, ""
	if i >= 0 {
		name, rest = spec[:i], spec[i:]
	}
	if !pep508Name(name) {
		return Spec{}, bad("%q is not a valid Python package name", name)
	}
	s := Spec{Name: name, Key: pep503(name)}
	if strings.HasPrefix(rest, "[") {
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return s, bad("the extras list is not closed with ']'")
		}
		for _, e := range strings.Split(rest[1:end], ",") {
			if !pep508Name(e) {
				return s, bad("%q is not a valid extra name", e)
			}
		}
		rest = rest[end+1:]
	}
	if rest == "" {
		return s, nil
	}
	return pipVersion(s, rest)
}

func pipVersion(s Spec, rest string) (Spec, error) {
	clauses := strings.Split(rest, ",")
	for _, c := range clauses {
		op := strings.TrimRight(c[:len(c)-len(strings.TrimLeft(c, "<>=!~"))], "")
		v := c[len(op):]
		switch op {
		case "==", "===", ">=", "<=", ">", "<", "!=", "~=":
		default:
			return s, bad("%q is not a version specifier (use ==1.2.3)", c)
		}
		if v == "" || !nameChars(v, ".*+!-_") {
			return s, bad("%q is not a valid version", v)
		}
	}
	s.Version = rest
	c := clauses[0]
	switch {
	case len(clauses) > 1 || !strings.HasPrefix(c, "=="):
		s.Unpinned = "a version range, not an exact == version"
	case strings.Contains(c, "*"):
		s.Unpinned = "a wildcard version"
	case isLatest(strings.TrimLeft(c, "=")):
		s.Unpinned = "\"latest\" is not a version"
	default:
		s.Pinned = true
	}
	return s, nil
}

func pep508Name(n string) bool {
	return nameChars(n, "._-") && alnum(n[0]) && alnum(n[len(n)-1])
}

// pep503 normalises a Python name: lower case, runs of -_. become "-".
func pep503(n string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(n) {
		if r == '-' || r == '_' || r == '.' {
			dash = true
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// parseNpm reads name, @scope/name, each optionally followed by @version.
func parseNpm(spec string) (Spec, error) {
	name, version := spec, ""
	if i := strings.LastIndexByte(spec, '@'); i > 0 {
		name, version = spec[:i], spec[i+1:]
		if version == "" {
			return Spec{}, bad("the version after '@' is empty")
		}
	}
	bare := name
	if strings.HasPrefix(name, "@") {
		scope, pkg, ok := strings.Cut(name[1:], "/")
		if !ok || !npmPart(scope) || !npmPart(pkg) {
			return Spec{}, bad("%q is not a valid scoped npm name (@scope/name)", name)
		}
		bare = pkg
	} else if !npmPart(name) {
		return Spec{}, bad("%q is not a valid npm package name", name)
	}
	if len(name) > 214 || bare[0] == '.' || bare[0] == '_' {
		return Spec{}, bad("%q is not a valid npm package name", name)
	}
	s := Spec{Name: name, Key: strings.ToLower(name), Version: version}
	return semverPin(s, version, "^~<>=|"), nil
}

func npmPart(p string) bool { return nameChars(p, "-._~") }

// semverPin marks s pinned when version is an exact x.y.z[-pre][+build].
func semverPin(s Spec, version, rangeChars string) Spec {
	switch {
	case version == "":
	case isLatest(version):
		s.Unpinned = "\"" + version + "\" is not a version"
	case strings.ContainsAny(version, rangeChars) || strings.ContainsAny(version, "xX*"):
		s.Unpinned = "a version range, not an exact version"
	case !semver.IsValid("v"+version) || strings.Count(strings.SplitN(strings.SplitN(version, "+", 2)[0], "-", 2)[0], ".") != 2:
		s.Unpinned = "\"" + version + "\" is a tag or partial version, not an exact x.y.z version"
	default:
		s.Pinned = true
	}
	return s
}

// parseCargo reads name[@version] as cargo install accepts it.
func parseCargo(spec string) (Spec, error) {
	name, version, hasAt := strings.Cut(spec, "@")
	if !nameChars(name, "-_") || !alnum(name[0]) && name[0] != '_' {
		return Spec{}, bad("%q is not a valid crate name", name)
	}
	if hasAt && (version == "" || !nameChars(version, ".-+^~=<>*")) {
		return Spec{}, bad("%q is not a valid crate version", version)
	}
	key := strings.ToLower(strings.ReplaceAll(name, "_", "-"))
	return semverPin(Spec{Name: name, Key: key, Version: version}, strings.TrimPrefix(version, "="), "^~<>=*"), nil
}

// parseGem reads name[:version].
func parseGem(spec string) (Spec, error) {
	name, version, hasColon := strings.Cut(spec, ":")
	if !nameChars(name, "-_.") || !alnum(name[0]) {
		return Spec{}, bad("%q is not a valid gem name", name)
	}
	s := Spec{Name: name, Key: strings.ToLower(name), Version: version}
	if !hasColon {
		return s, nil
	}
	switch {
	case version == "" || !nameChars(version, ".-_~<>=!"):
		return s, bad("%q is not a valid gem version", version)
	case isLatest(version):
		s.Unpinned = "\"" + version + "\" is not a version"
	case exactVersion(version, "-_"):
		s.Pinned = true
	default:
		s.Unpinned = "a version requirement, not an exact version"
	}
	return s, nil
}

// parseGo reads module/path[@version] and checks the path with the Go
// toolchain's own rules.
func parseGo(spec string) (Spec, error) {
	path, version, hasAt := strings.Cut(spec, "@")
	if err := module.CheckImportPath(path); err != nil || !strings.Contains(strings.Split(path, "/")[0], ".") {
		return Spec{}, bad("%q is not a valid Go package path", path)
	}
	s := Spec{Name: path, Key: path, Version: version}
	switch {
	case !hasAt:
	case version == "":
		return s, bad("the version after '@' is empty")
	case isLatest(version) || version == "upgrade" || version == "patch":
		s.Unpinned = "\"" + version + "\" is not a version"
	case !semver.IsValid(version) || semver.Canonical(version) != strings.TrimSuffix(version, "+incompatible") && semver.Build(version) == "":
		s.Unpinned = "\"" + version + "\" is a branch, query or partial version, not vX.Y.Z"
	default:
		s.Pinned = true
	}
	return s, nil
}

// parseApt reads name[:arch][=version] or name/release.
func parseApt(spec string) (Spec, error) {
	name, version, hasEq := strings.Cut(spec, "=")
	release := ""
	if n, r, ok := strings.Cut(name, "/"); ok {
		name, release = n, r
	}
	base, _, _ := strings.Cut(name, ":")
	if len(base) < 2 || !nameChars(base, "+.-") || !alnum(base[0]) || strings.ToLower(base) != base {
		return Spec{}, bad("%q is not a valid Debian package name", base)
	}
	s := Spec{Name: name, Key: name, Version: version}
	switch {
	case hasEq && (version == "" || !nameChars(version, ".+~:-*")):
		return s, bad("%q is not a valid Debian version", version)
	case release != "":
		s.Unpinned = "a release selector (/" + release + "), not a version"
	case hasEq && strings.Contains(version, "*"):
		s.Unpinned = "a wildcard version"
	case hasEq && isLatest(version):
		s.Unpinned = "\"" + version + "\" is not a version"
	case hasEq:
		s.Pinned = true
	}
	return s, nil
}
