package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/lint"
	"terrarium/internal/safefile"
	"terrarium/internal/scaffold"
)

// lintRecursive lints every configuration directory below opts.Dir (tflint's
// --recursive) and merges the results into one report whose paths are
// relative to opts.Dir, so each finding's file names its directory. Each
// directory keeps its own lint block, policy block and fail_on; failed
// reports whether any directory failed its threshold.
func lintRecursive(d *Deps, opts *LintOptions, lopts lint.Options) (lint.Result, map[string]*hcl.File, bool, error) {
	root := opts.Dir
	if root == "" {
		root = "."
	}
	dirs, err := configDirs(root)
	if err != nil {
		return lint.Result{}, nil, false, &ExitError{Code: ExitFailure, Err: fmt.Errorf("--recursive: %w", err)}
	}
	if len(dirs) == 0 {
		return lint.Result{}, nil, false, &ExitError{Code: ExitFailure, Err: fmt.Errorf("--recursive: no directory below %s holds a configuration (*.hcl files)", root)}
	}
	lopts.Root = root
	merged := lint.Result{Dir: root, FailOn: lopts.FailOn}
	files := map[string]*hcl.File{}
	failed := false
	seen := map[string]bool{}
	for _, dir := range dirs {
		res, fs, err := lintDir(d, opts, lopts, dir)
		if err != nil {
			return merged, files, failed, err
		}
		failed = failed || res.Failed()
		merged.Findings = append(merged.Findings, res.Findings...)
		merged.Suppressed += res.Suppressed
		merged.Baselined += res.Baselined
		merged.FailOn = strictest(merged.FailOn, res.FailOn)
		for _, r := range res.Rules {
			if !seen[r.Name] {
				seen[r.Name] = true
				merged.Rules = append(merged.Rules, r)
			}
		}
		for name, f := range fs {
			files[name] = f
		}
	}
	lint.Sort(merged.Findings)
	return merged, files, failed, nil
}

// strictest is the lower of two fail-on thresholds, the report's threshold
// when directories set different ones (SeverityUnset counts as no
// threshold yet).
func strictest(a, b lint.Severity) lint.Severity {
	if a == lint.SeverityUnset || (b != lint.SeverityUnset && b < a) {
		return b
	}
	return a
}

// configDirs lists root and every directory below it that holds a
// configuration file, in lexical order. Hidden directories (.git,
// .terrarium) are skipped, and symbolic links are not followed, so a link
// cannot lead the walk out of root or round in a loop.
func configDirs(root string) ([]string, error) {
	if err := safefile.CheckNamedDir(root); err != nil {
		return nil, err
	}
	var dirs []string
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			if path == root {
				return err
			}
			return nil // an unreadable subdirectory holds nothing to lint
		}
		if !e.IsDir() {
			return nil
		}
		if path != root && strings.HasPrefix(e.Name(), ".") {
			return filepath.SkipDir
		}
		if scaffold.HasConfig(path) {
			dirs = append(dirs, path)
		}
		return nil
	})
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return nil, fmt.Errorf("cannot read %s: %w", pe.Path, pe.Err)
	}
	return dirs, err
}
