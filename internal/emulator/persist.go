package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"terrarium/internal/atomicfile"
	"terrarium/internal/safefile"
)

// dataFormatVersion is the version of the data file format.
const dataFormatVersion = 1

// dataFile is the persisted store.
type dataFile struct {
	FormatVersion int       `json:"format_version"`
	NextSeq       uint64    `json:"next_seq"`
	Environments  []*record `json:"environments"`
}

// load reads the data file. A missing file is an empty store, written at
// once (with its directory, 0700) so that an unwritable path fails now
// rather than at the first change.
func (e *Emulator) load() error {
	b, err := readDataFile(e.opts.DataFile)
	if errors.Is(err, fs.ErrNotExist) {
		if e.opts.CreateOnWrite {
			return nil
		}
		return e.persist()
	}
	if err != nil {
		return err
	}
	var df dataFile
	if err := json.Unmarshal(b, &df); err != nil {
		return fmt.Errorf("not an emulator data file: %w", err)
	}
	if df.FormatVersion != dataFormatVersion {
		return fmt.Errorf("format_version %d is not supported (this terrarium reads %d)", df.FormatVersion, dataFormatVersion)
	}
	s := newStore(e.opts.AllowArchivedNameReuse)
	seqs := map[uint64]bool{}
	for i, r := range df.Environments {
		if r == nil || r.Env.Name == "" {
			return fmt.Errorf("environment #%d has no name", i+1)
		}
		e.fillDefaults(r, s.nextSeq)
		if _, dup := s.byID[r.Env.ID]; dup {
			return fmt.Errorf("environment %s appears twice", r.Env.ID)
		}
		if s.nameTaken(r.Env.Name, r.Env.ID) {
			return fmt.Errorf("environment name %q appears twice", r.Env.Name)
		}
		if seqs[r.Seq] {
			return fmt.Errorf("environment %s: seq %d appears twice", r.Env.ID, r.Seq)
		}
		seqs[r.Seq] = true
		s.insert(r)
	}
	s.nextSeq = max(s.nextSeq, df.NextSeq)
	e.store = s
	return nil
}

// fillDefaults completes a hand-written record (a test fixture may give
// only a name and a config): id, seq, type, scope, metadata, times and the
// API's config defaults.
func (e *Emulator) fillDefaults(r *record, nextSeq uint64) {
	if r.Seq == 0 {
		r.Seq = nextSeq
	}
	env := r.Env.clone()
	if env.ID == "" {
		env.ID = e.randomID("env_")
	}
	env.Type = "environment"
	if env.Scope == "" {
		env.Scope = scopeOrganization
	}
	if env.CreatedAt == "" {
		env.CreatedAt = e.now()
	}
	if env.UpdatedAt == "" {
		env.UpdatedAt = env.CreatedAt
	}
	if env.Config.Type == "" {
		env.Config.Type = configCloud
	}
	if env.Config.Type == configCloud {
		cur := env.Config
		env.Config = applyConfig(&cur, &configReq{Type: configCloud})
	}
	r.Env = env
}

// persist writes the store to the data file, if any. The caller holds e.mu.
func (e *Emulator) persist() error {
	if e.opts.DataFile == "" {
		return nil
	}
	df := dataFile{FormatVersion: dataFormatVersion, NextSeq: e.store.nextSeq, Environments: e.store.all}
	if df.Environments == nil {
		df.Environments = []*record{}
	}
	b, err := json.MarshalIndent(df, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(e.opts.DataFile), 0o700); err != nil {
		return err
	}
	return atomicfile.Write(e.opts.DataFile, append(b, '\n'))
}

// maxDataFile bounds the data file read, in bytes (1 GiB).
const maxDataFile = 1 << 30

// readDataFile reads the data file without following a symbolic link and
// without waiting on a FIFO: it must be a regular file.
func readDataFile(path string) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|safefile.OpenFlags, 0)
	if err != nil {
		if fi, lerr := os.Lstat(path); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return nil, errors.New("is a symbolic link; the emulator replaces its data file when it writes, so it uses only a regular file: remove the link, or name its target with --data")
		}
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("is %s, not a regular file", safefile.Kind(fi.Mode()))
	}
	b, err := io.ReadAll(io.LimitReader(f, maxDataFile+1))
	if err == nil && len(b) > maxDataFile {
		err = fmt.Errorf("is larger than %d bytes", maxDataFile)
	}
	return b, err
}

// persistFault is persist as an API answer: the change is kept in memory,
// and the client hears a 500 (as from a real server that failed mid-way).
func (e *Emulator) persistFault() *Fault {
	if err := e.persist(); err != nil {
		return &Fault{Status: 500, Type: "api_error", Message: "emulator could not write its data file: " + err.Error()}
	}
	return nil
}
