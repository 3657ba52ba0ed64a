// Package examples embeds the files that `terrarium init` scaffolds, so the
// workflow a team copies from here and the one init writes are one file.
package examples

import _ "embed"

// GitHubWorkflow is examples/github/terrarium.yml.
//
//go:embed github/terrarium.yml
var GitHubWorkflow string
