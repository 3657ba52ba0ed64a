package cli

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"terrarium/internal/render/escape"
)

// UsageError is a command line terrarium cannot run: a wrong number of
// arguments, an unknown flag or command, a missing required flag. It is
// reported in one shape for every command (see writeUsageError): the
// message, the command's usage line, an example, and the likely next step.
type UsageError struct {
	Cmd *cobra.Command
	Err error
	// Args are the positional arguments the user gave (for the hint).
	Args []string
}

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// usageHints are the likely next steps of the usage errors a Terraform or
// GitHub CLI user meets most, by command path (without "terrarium ").
// Every other usage error points to the command's --help.
var usageHints = map[string]func(args []string) string{
	"import": func([]string) string {
		return "Give the address of a block in the configuration and the ID of the live environment (env_...); to write blocks for environments no stack manages, use --generate-config FILE --all-unmanaged."
	},
	"rollback": func(args []string) string {
		addr := "ADDRESS"
		if len(args) > 0 {
			addr = escape.Shell(args[0])
		}
		return fmt.Sprintf("List the recorded versions with terrarium history %s and pass one: terrarium rollback %s --to N.", addr, addr)
	},
	"completion": func([]string) string {
		return "Name one of the shells terrarium writes completions for: " + strings.Join(completionShells, ", ") + "."
	},
	"state": func(args []string) string {
		if len(args) > 0 && args[0] == "rm" {
			return "To stop managing an environment and leave it running (Terraform's state rm), use: terrarium forget ADDRESS."
		}
		return "The state subcommands are list, show, verify, migrate and pull; to stop managing an environment, use terrarium forget ADDRESS."
	},
	"force-unlock": func([]string) string {
		return "Pass the lock ID printed by the command that found the lock held."
	},
}

// wrapUsage makes every Args validator of the tree under cmd return a
// UsageError, so that each command's argument errors read the same.
func wrapUsage(cmd *cobra.Command) {
	for _, c := range cmd.Commands() {
		wrapUsage(c)
	}
	args := cmd.Args
	if args == nil {
		return
	}
	cmd.Args = func(c *cobra.Command, a []string) error {
		if err := args(c, a); err != nil {
			return &UsageError{Cmd: c, Err: argsError(c, err), Args: a}
		}
		return nil
	}
}

var cobraArgCount = regexp.MustCompile(`^(accepts|accepts at most|requires at least|accepts between) .*arg\(s\), (only )?received (\d+)$`)

// argsError says cobra's argument count errors in terms of the usage line:
// "import takes ADDRESS ID; got 0 arguments".
func argsError(c *cobra.Command, err error) error {
	m := cobraArgCount.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	_, want, _ := strings.Cut(c.Use, " ")
	want, _, _ = strings.Cut(want, " |") // the first form of the command
	if want == "" {
		want = "no arguments"
	}
	got := m[3] + " arguments"
	if m[3] == "1" {
		got = "1 argument"
	}
	return fmt.Errorf("%s takes %s; got %s", c.Name(), want, got)
}

// cobraUsagePrefixes are the starts of the usage errors cobra returns
// without passing them through Args or the flag error function.
var cobraUsagePrefixes = []string{"unknown command", "required flag(s)", "if any flags in the group", "at least one of the flags"}

// asUsageError returns err as a UsageError of cmd when it is one.
func asUsageError(cmd *cobra.Command, err error) *UsageError {
	var u *UsageError
	if errors.As(err, &u) {
		return u
	}
	for _, p := range cobraUsagePrefixes {
		if cmd != nil && strings.HasPrefix(err.Error(), p) {
			// cobra's "Did you mean" suggestions end in blank lines.
			msg := strings.TrimRight(err.Error(), "\n\t ")
			return &UsageError{Cmd: cmd, Err: errors.New(msg), Args: cmd.Flags().Args()}
		}
	}
	return nil
}

// writeUsageError prints a usage error with what to do about it:
//
//	Error: import takes ADDRESS ID; got 0 arguments
//
//	Usage:   terrarium import ADDRESS ID | ...
//	Example: terrarium import environment.python_dev env_01JABCDEF
//	Next:    Give the address of ...
//	Run 'terrarium import --help' for every flag.
func writeUsageError(w io.Writer, u *UsageError) {
	c := u.Cmd
	fmt.Fprintf(w, "Error: %s\n\n", escape.Block(u.Err.Error()))
	use := c.UseLine()
	if c.HasAvailableSubCommands() {
		use = c.CommandPath() + " COMMAND [flags]"
	}
	fmt.Fprintf(w, "Usage:   %s\n", use)
	if ex := firstExample(c); ex != "" {
		fmt.Fprintf(w, "Example: %s\n", ex)
	}
	path := strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" ")
	if hint := usageHints[path]; hint != nil && c.HasParent() {
		fmt.Fprintf(w, "Next:    %s\n", hint(u.Args))
	}
	fmt.Fprintf(w, "Run '%s --help' for every flag.\n", c.CommandPath())
}

// firstExample is the first line of cmd's Example, without indentation.
func firstExample(c *cobra.Command) string {
	line, _, _ := strings.Cut(strings.TrimSpace(c.Example), "\n")
	return strings.TrimSpace(line)
}

// flagSpellings maps each long flag name the user wrote with one dash
// (Terraform's -input=false) to that spelling, so that flag errors quote
// the user's words, not normalizeFlags' rewrite.
type flagSpellings map[string]string

// restore rewrites --NAME in msg back to the user's -NAME.
func (s flagSpellings) restore(msg string) string {
	for name, typed := range s {
		re := regexp.MustCompile(`--` + regexp.QuoteMeta(name) + `([^\w-]|$)`)
		msg = re.ReplaceAllString(msg, typed+"$1")
	}
	return msg
}

// of is the flag NAME as the user spells flags on this command line:
// -NAME when they wrote any flag Terraform's way, else --NAME.
func (s flagSpellings) of(name string) string {
	if len(s) > 0 {
		return "-" + name
	}
	return "--" + name
}

// flagValueParse matches pflag's message for a value its parser refused,
// which quotes Go's parser ("strconv.ParseInt: parsing "abc": invalid
// syntax").
var flagValueParse = regexp.MustCompile(`^(invalid argument ".*" for ".*" flag): (strconv\.Parse(Int|Uint|Float|Bool)|time: invalid duration|time: missing unit)(.*)$`)

// plainFlagValueError says what a flag's value must be instead of quoting
// Go's parser: "invalid argument "abc" for "--version" flag: it takes a
// whole number".
func plainFlagValueError(msg string) string {
	m := flagValueParse.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	want := "a duration such as 30s, 5m or 1h"
	switch m[3] {
	case "Int", "Uint":
		want = "a whole number"
		if strings.Contains(m[4], "out of range") {
			want = "a whole number in range"
		}
	case "Float":
		want = "a number"
	case "Bool":
		want = "true or false"
	}
	return m[1] + ": it takes " + want
}
