package statetest

import (
	"terrarium/internal/state"
)

// BigLog writes a log of about records records of stack "bench" into dir,
// as real applies grow it (see GrowLog): creates of envs environments,
// then applies of ten updates each. It returns an address with history.
func BigLog(dir string, records, envs int) (string, error) {
	l, err := state.Open(dir, Options("bench", 0))
	if err != nil {
		return "", err
	}
	defer l.Close()
	return GrowLog(l, records, envs, 10)
}
