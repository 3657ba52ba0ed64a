package schema

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSourcesParseEachFileOnce(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"main.hcl": "terrarium {\n  stack = \"s\"\n  workspace_id = \"wrkspc_1\"\n}\n",
		"envs.hcl": "environment \"a\" {\n  config {\n    type = \"cloud\"\n  }\n}\n",
		// A vars file is never configuration, even if it names the block.
		"x.vars.hcl": "terrarium = 1\n",
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src := ReadSources(dir)
	settings, sfiles, diags := src.Settings()
	if diags.HasErrors() || settings.Stack.Value != "s" || settings.WorkspaceID == nil || settings.WorkspaceID.Value != "wrkspc_1" {
		t.Fatalf("settings %+v, %v", settings, diags)
	}
	main, envs := filepath.Join(dir, "main.hcl"), filepath.Join(dir, "envs.hcl")
	if len(sfiles) != 1 || sfiles[main] == nil {
		t.Fatalf("Settings parsed %d files, want only main.hcl", len(sfiles))
	}
	cfg, diags := src.Load(LoadOptions{})
	if diags.HasErrors() || len(cfg.Environments) != 1 || cfg.Settings.Stack.Value != "s" {
		t.Fatalf("load: %v", diags)
	}
	if cfg.Files[main] != sfiles[main] {
		t.Fatal("Load parsed main.hcl again")
	}
	if cfg.Files[envs] == nil || len(cfg.Files) != 2 {
		t.Fatalf("Load has %d files", len(cfg.Files))
	}
}

func TestSourcesSettingsOfAnEmptyDirectory(t *testing.T) {
	s, files, diags := ReadSources(t.TempDir()).Settings()
	if diags.HasErrors() || files != nil || s.Stack.Value != DefaultStack {
		t.Fatalf("%+v %v %v", s, files, diags)
	}
}
