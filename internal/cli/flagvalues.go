package cli

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"terrarium/internal/render/escape"
)

// checkFlagValues refuses, for every flag given on the command line of
// every command, a value that cannot mean anything: an empty string (a
// FILE, DIR, URL, FORMAT or LEVEL that names nothing, such as --out ""
// from an unset shell variable, which would otherwise be taken as the
// flag left out), an empty item of a repeatable flag (--var-file ""), a
// negative DURATION (--lock-timeout=-5s) and a negative count
// (--parallelism -1). Flags left out keep their defaults; checks of one
// flag's own range (--parallelism at least 1) stay with its command.
func checkFlagValues(cmd *cobra.Command, spellings flagSpellings) error {
	var bad error
	cmd.Flags().Visit(func(f *pflag.Flag) {
		if bad != nil {
			return
		}
		what, _ := pflag.UnquoteUsage(f)
		if what == "" || what == "value" || what == "string" || what == "strings" {
			what = "value"
		}
		var msg string
		switch f.Value.Type() {
		case "string":
			if f.Value.String() == "" {
				msg = fmt.Sprintf("--%s was given an empty %s: give one, or leave the flag out", f.Name, what)
			}
		case "stringArray", "stringSlice":
			if sv, ok := f.Value.(pflag.SliceValue); ok {
				for _, v := range sv.GetSlice() {
					if v == "" {
						msg = fmt.Sprintf("--%s was given an empty %s: give one, or leave the flag out", f.Name, what)
						break
					}
				}
			}
		case "duration":
			if s := f.Value.String(); len(s) > 0 && s[0] == '-' {
				msg = fmt.Sprintf("--%s=%s: a DURATION cannot be negative", f.Name, s)
			}
		case "int", "int64", "int32", "float64":
			if n, err := strconv.ParseFloat(f.Value.String(), 64); err == nil && n < 0 {
				msg = fmt.Sprintf("--%s=%s: %s cannot be negative", f.Name, f.Value.String(), what)
			}
		}
		if msg != "" {
			bad = &UsageError{Cmd: cmd, Err: errors.New(escape.Line(spellings.restore(msg)))}
		}
	})
	return bad
}
