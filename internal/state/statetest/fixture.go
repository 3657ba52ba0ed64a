package statetest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"time"

	"terrarium/internal/state"
)

// Addresses of the fixture's environments.
const (
	PythonDev = "environment.python_dev"
	Web       = "environment.web"
	Legacy    = "environment.legacy"
)

// Fixture writes the standard small log of stack "platform" into dir: three
// applies by different actors, a failed update, accepted drift, an archive
// and an import. environment.python_dev has versions v1..v4.
func Fixture(dir string) error { return FixtureWith(dir, 0) }

// FixtureWith writes the fixture with checkpoints at least checkpointEvery
// records apart, when their bytes are paid for (see state.Checkpoints); 0
// is the default interval, which the fixture never reaches.
func FixtureWith(dir string, checkpointEvery int) error {
	ctx := context.Background()
	l, err := state.Open(dir, Options("platform", checkpointEvery))
	if err != nil {
		return err
	}
	defer l.Close()
	at := func(h int) time.Time { return Epoch.Add(time.Duration(h) * time.Hour) }
	py := Env{ID: "env_01PY", Name: "python-dev", Description: "Data analysis",
		Hosts: []string{"https://api.corp.example"}, Pip: []string{"pandas==2.2.0"}, PackageManagers: true,
		Meta: map[string]string{"team": "data"}}
	web := Env{ID: "env_02WEB", Name: "web", Networking: "unrestricted"}
	err = Apply(ctx, l, at(1), state.Apply{Actor: "alice@laptop", Host: "laptop", GitCommit: "4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39", GitBranch: "main", PlanID: "plan-1"},
		Change{Op: state.OpCreate, Address: PythonDev, Env: py},
		Change{Op: state.OpCreate, Address: Web, Env: web})
	if err != nil {
		return err
	}
	py2 := py
	py2.Hosts = []string{"https://api.corp.example", "https://pypi.org"}
	py2.Pip = []string{"pandas==2.2.0", "numpy==2.1.0"}
	err = Apply(ctx, l, at(2), state.Apply{Actor: "bob@desk", Host: "desk", GitCommit: "9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c", GitBranch: "main", PlanID: "plan-2"},
		Change{Op: state.OpUpdate, Address: PythonDev, Env: py2},
		Change{Op: state.OpUpdate, Address: Web, Env: web, Err: &state.ErrorInfo{Code: "environment_update_disabled", Message: "updates are disabled for this organization", RequestID: "req_011"}})
	if err != nil {
		return err
	}
	py3 := py2
	py3.Description = "Data analysis (edited in the console)"
	if err := l.Append(ctx, state.Record{Kind: state.KindRefresh, Env: &state.EnvRecord{Address: PythonDev, Live: py3.Live("platform", PythonDev, at(3))}}); err != nil {
		return err
	}
	py4 := py3
	py4.Hosts = []string{"https://pypi.org", "https://files.pythonhosted.org"}
	py4.MCP = true
	err = Apply(ctx, l, at(4), state.Apply{Actor: "github-actions", Host: "runner-7", GitCommit: "c0ffee0000000000000000000000000000000001", GitBranch: "main", PlanID: "plan-3"},
		Change{Op: state.OpUpdate, Address: PythonDev, Env: py4},
		Change{Op: state.OpArchive, Address: Web, Env: web})
	if err != nil {
		return err
	}
	legacy := Env{ID: "env_03OLD", Name: "legacy-tools", Hosts: []string{"http://mirror.internal"}}
	return l.Append(ctx, state.Record{Kind: state.KindImport, Env: &state.EnvRecord{Address: Legacy, Live: legacy.Live("platform", Legacy, at(5)), PreventDestroy: true}})
}

// FixtureCopy writes the fixture into dir and returns the log's bytes, the
// log opened read-only (the caller closes it), and its records after the
// init with their chain fields cleared: appended with Options("platform",
// 0) to another backend, they must give the same bytes and state.
func FixtureCopy(dir string) (want []byte, local *state.Local, recs []state.Record, err error) {
	if err := Fixture(dir); err != nil {
		return nil, nil, nil, err
	}
	want, err = os.ReadFile(filepath.Join(dir, state.LogFile))
	if err != nil {
		return nil, nil, nil, err
	}
	lines := bytes.Split(bytes.TrimSuffix(want, []byte("\n")), []byte("\n"))
	for i, line := range lines[1:] {
		rec, err := state.Decode(line, int64(i+2))
		if err != nil {
			return nil, nil, nil, err
		}
		rec.FormatVersion, rec.Seq, rec.Prev = 0, 0, ""
		recs = append(recs, rec)
	}
	local, err = state.Open(dir, state.Options{Stack: "platform", ReadOnly: true})
	return want, local, recs, err
}
