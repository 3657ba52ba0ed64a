package cli_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"terrarium/internal/childproc"
	"terrarium/internal/cli"
	"terrarium/internal/golden"
	"terrarium/internal/iostreams"
)

func TestMain(m *testing.M) {
	// Every script starts the binary many times; under -race each start
	// would sleep a second at exit. The children inherit GORACE (testscript
	// passes it through).
	if err := childproc.QuickRaceExit(); err != nil {
		panic(err)
	}
	testscript.Main(m, map[string]func(){
		"terrarium": func() {
			ios := iostreams.System()
			// A script cannot give the binary a terminal; TEST_STDIN_TTY=1
			// stands for one, so that prompts can be tested.
			ios.InTTY = ios.InTTY || os.Getenv("TEST_STDIN_TTY") == "1"
			os.Exit(cli.Main(os.Args[1:], ios))
		},
	})
}

// TestScripts runs every testdata/script/*.txtar against the real binary.
// Under -update, a cmp against a file in the archive rewrites that file.
func TestScripts(t *testing.T) {
	t.Parallel() // every script has its own directory and emulator
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			// Never let a developer's credentials or endpoint leak into a test.
			for _, k := range []string{"ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL", "ANTHROPIC_PROFILE", "NO_COLOR", "GITHUB_STEP_SUMMARY", "TERRARIUM_LOG"} {
				env.Setenv(k, "")
			}
			// $EXAMPLES is the repository's examples/, for scripts that run
			// the shipped examples (on a copy: never in place).
			examples, err := filepath.Abs("../../examples")
			env.Setenv("EXAMPLES", examples)
			return err
		},
		UpdateScripts: golden.Update(),
		Cmds:          planScriptCmds,
	})
}
