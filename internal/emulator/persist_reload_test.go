package emulator_test

// The emulator's data file (--data): written atomically with mode 0600,
// reloaded whole, refused when it is from a future format.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	anthropic "github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/packages/param"

	"terrarium/internal/emulator"
)

func TestPersistenceAtomicAndReloaded(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "emu.json")
	f := setup(t, emulator.Options{DataFile: data})
	e := f.create(t, "kept")
	if _, err := f.sdk.Beta.Environments.Archive(f.ctx, e.ID, anthropic.BetaEnvironmentArchiveParams{}); err != nil {
		t.Fatal(err)
	}
	if err := f.emu.SetInUse(e.ID, true); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(data)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("data file: %v %v", fi, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("temp files left behind: %v", entries)
	}
	again := setup(t, emulator.Options{DataFile: data})
	got, err := again.sdk.Beta.Environments.Get(again.ctx, e.ID, anthropic.BetaEnvironmentGetParams{})
	if err != nil || !got.JSON.ArchivedAt.Valid() || got.Name != "kept" {
		t.Fatalf("reloaded: %v %s", err, got.RawJSON())
	}
	_, err = again.sdk.Beta.Environments.Delete(again.ctx, e.ID, anthropic.BetaEnvironmentDeleteParams{})
	wantCode(t, err, 400, "invalid_request_error", "") // still in use after reload
	// New ids continue after the reloaded ones: list order stays creation order.
	n := again.create(t, "next")
	page, _ := again.sdk.Beta.Environments.List(again.ctx, anthropic.BetaEnvironmentListParams{IncludeArchived: param.NewOpt(true)})
	if len(page.Data) != 2 || page.Data[1].ID != n.ID {
		t.Fatalf("order after reload: %s", page.RawJSON())
	}
	if err := os.WriteFile(data, []byte(`{"format_version":99}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := emulator.New(emulator.Options{DataFile: data}); err == nil || !strings.Contains(err.Error(), "format_version 99") {
		t.Fatalf("future format: %v", err)
	}
}
