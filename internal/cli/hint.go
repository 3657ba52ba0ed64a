package cli

import (
	"regexp"
	"strings"

	"terrarium/internal/origin"
	"terrarium/internal/plan"
	"terrarium/internal/render/escape"
)

// commandLine is the terrarium command that runs sub with args the way
// this process was told to: with the flags that chose its directory
// (--chdir, --state-dir) and its API (--emulator, --api-url), so that a
// printed hint, run as printed, goes where this run went. The flags come
// first ("terrarium --chdir infra --emulator apply x.plan"); every word is
// quoted for a POSIX shell. A credential in --api-url is printed as
// origin.Redacted: the user puts it back, the output never holds it.
func commandLine(d *Deps, sub string, args ...string) string {
	words := append([]string{commandPrefix(d, sub)}, strings.Fields(sub)...)
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			words = append(words, "--") // a file named like a flag stays a file
			break
		}
	}
	for _, a := range args {
		words = append(words, escape.Shell(a))
	}
	return strings.Join(words, " ")
}

// commandPrefix is "terrarium" and the flags that chose this run's
// directory, and its API when sub talks to one.
func commandPrefix(d *Deps, sub string) string {
	g := d.Globals
	words := []string{"terrarium"}
	if g.Chdir != "" {
		words = append(words, "--chdir", escape.Shell(g.Chdir))
	}
	if g.StateDir != "" {
		words = append(words, "--state-dir", escape.Shell(g.StateDir))
	}
	switch {
	case !apiCommands[strings.TrimSpace(sub)]:
	case g.Emulator:
		words = append(words, "--emulator")
	case g.APIURL != "":
		words = append(words, "--api-url", escape.Shell(origin.Redact(g.APIURL)))
	}
	return strings.Join(words, " ")
}

// apiCommands are the commands that talk to the environments API.
var apiCommands = map[string]bool{"plan": true, "apply": true, "import": true, "forget": true, "drift": true, "destroy": true, "state refresh": true}

// hintCommand matches a command an engine's message tells the user to run.
var hintCommand = regexp.MustCompile(`\bterrarium (plan|apply|import|force-unlock|show|history|state refresh|state|forget|rollback|drift|destroy)\b`)

// withRunFlags rewrites every terrarium command in msg (an engine's error
// or diagnostic, which does not know this run's flags) to carry this run's
// directory and API flags, as commandLine does.
func withRunFlags(d *Deps, msg string) string {
	var b strings.Builder
	last := 0
	for _, m := range hintCommand.FindAllStringSubmatchIndex(msg, -1) {
		if strings.HasSuffix(msg[:m[0]], "# ") {
			continue // a title ("## terrarium drift: stack x"), not a command
		}
		sub := msg[m[2]:m[3]]
		b.WriteString(msg[last:m[0]])
		b.WriteString(commandPrefix(d, sub) + " " + sub)
		last = m[1]
	}
	b.WriteString(msg[last:])
	return b.String()
}

// dirArgs is the DIR argument a hint passes: none for the current directory.
func dirArgs(dir string) []string {
	if dir == "" || dir == "." {
		return nil
	}
	return []string{dir}
}

// acceptOriginUsage is the help of --accept-origin, on every command that
// records a run in the state log.
const acceptOriginUsage = "let the state log record this run although it runs against another API, workspace or organization than the log's (recorded as such)"

// applyHint is the command that applies the plan p saved in file: apply
// takes no --var value, --var-file, --replace or mass-destroy permission
// from a plan file, so the hint gives them again: the non-sensitive --var
// values, each --var-file and --replace, and the --destroy or
// --allow-destroy-all that lets the plan through when unpermitted (the
// guard's refusal without it) is not nil. A sensitive --var's value is not
// in the plan, nor may it be printed: the hint ends with the words that say
// to give it (", giving again the sensitive variable tok (--var
// tok=VALUE or TERRARIUM_VAR_tok)").
func applyHint(d *Deps, p *plan.Plan, file string, unpermitted error) string {
	words := []string{commandLine(d, "apply")}
	for _, v := range p.Inputs.Vars {
		words = append(words, "--var", escape.Shell(v))
	}
	for _, f := range p.Inputs.VarFiles {
		words = append(words, "--var-file", escape.Shell(f))
	}
	for _, r := range p.Options.Replace {
		words = append(words, "--replace", escape.Shell(r))
	}
	if unpermitted != nil {
		words = append(words, destroyFlag(p))
	}
	if strings.HasPrefix(file, "-") {
		words = append(words, "--") // a file named like a flag stays a file
	}
	return strings.Join(append(words, escape.Shell(file)), " ") + sensitiveVarsHint(p.Inputs.SensitiveVars)
}

// sensitiveVarsHint is what an apply command printed for a plan must be
// told besides: the sensitive variables it was made with, given with
// --var, whose values the plan does not record; "" when there are none.
func sensitiveVarsHint(names []string) string {
	if len(names) == 0 {
		return ""
	}
	var how []string
	for _, n := range names {
		n = escape.Line(n)
		how = append(how, "--var "+n+"=VALUE or TERRARIUM_VAR_"+n)
	}
	what := "variable " + escape.Line(strings.Join(names, ", "))
	if len(names) > 1 {
		what = "variables " + escape.Line(strings.Join(names, ", "))
	}
	return ", giving again the sensitive " + what + " (" + strings.Join(how, "; ") + ")"
}
