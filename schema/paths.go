package schema

import "strings"

// Attribute paths name one attribute of an environment the way every
// machine-readable output, lifecycle.ignore_changes, lint findings and
// rollback spell it: the HCL attribute names joined by dots, with a
// metadata key or a package manager as the last step. They are the one
// vocabulary plan, history, drift, lint and rollback share.
const (
	PathName                 = "name"
	PathDescription          = "description"
	PathScope                = "scope"
	PathMetadata             = "metadata"
	PathConfig               = "config"
	PathConfigType           = "config.type"
	PathPackages             = "config.packages"
	PathNetworking           = "config.networking"
	PathNetworkingType       = "config.networking.type"
	PathAllowedHosts         = "config.networking.allowed_hosts"
	PathAllowMCPServers      = "config.networking.allow_mcp_servers"
	PathAllowPackageManagers = "config.networking.allow_package_managers"
	// PathArchived is not an attribute of the configuration: it names the
	// archival of a live object, which history and drift report as a field.
	PathArchived = "archived"

	// PrefixMetadata starts the path of one metadata key: "metadata.team".
	PrefixMetadata = PathMetadata + "."
	// PrefixPackages starts the path of one manager's packages:
	// "config.packages.pip".
	PrefixPackages = PathPackages + "."
	// PrefixNetworking starts the path of one networking attribute.
	PrefixNetworking = PathNetworking + "."
)

// MetadataPath is the attribute path of one metadata key, "metadata.KEY".
func MetadataPath(key string) string { return PrefixMetadata + key }

// PackagesPath is the attribute path of one package manager's list,
// "config.packages.MANAGER".
func PackagesPath(manager string) string { return PrefixPackages + manager }

// MetadataKey returns the key a "metadata.KEY" path names; ok is false for
// any other path.
func MetadataKey(path string) (key string, ok bool) {
	return strings.CutPrefix(path, PrefixMetadata)
}

// PackagesManager returns the manager a "config.packages.MANAGER" path
// names; ok is false for any other path. The manager is not checked
// against PackageManagers.
func PackagesManager(path string) (manager string, ok bool) {
	return strings.CutPrefix(path, PrefixPackages)
}
