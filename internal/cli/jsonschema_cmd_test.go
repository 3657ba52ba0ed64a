package cli_test

import (
	"bytes"
	"os"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"

	"terrarium/schema/jsonschema"
)

func init() {
	planScriptCmds["jsonschema"] = jsonschemaCmd
	planScriptCmds["stdoutenv"] = stdoutenv
}

// stdoutenv VAR sets VAR to the last command's stdout, trimmed (an id that
// envctl printed, for the next command's arguments).
func stdoutenv(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: stdoutenv VAR")
	}
	ts.Setenv(args[0], strings.TrimSpace(ts.ReadFile("stdout")))
}

// jsonschemaCmd checks a JSON document against one of the schemas in
// schema/jsonschema:
//
//	jsonschema stdout|FILE SCHEMA       such as: jsonschema stdout plan.schema.json
//	jsonschema -lines stdout|FILE SCHEMA  every line is a document (apply --json)
func jsonschemaCmd(ts *testscript.TestScript, neg bool, args []string) {
	lines := len(args) > 0 && args[0] == "-lines"
	if lines {
		args = args[1:]
	}
	if neg || len(args) != 2 {
		ts.Fatalf("usage: jsonschema [-lines] stdout|FILE SCHEMA")
	}
	var doc []byte
	if args[0] == "stdout" {
		doc = []byte(ts.ReadFile("stdout"))
	} else {
		b, err := os.ReadFile(ts.MkAbs(args[0]))
		ts.Check(err)
		doc = b
	}
	docs := [][]byte{doc}
	if lines {
		docs = splitLines(doc)
	}
	for _, d := range docs {
		if err := jsonschema.Validate(args[1], d); err != nil {
			ts.Fatalf("%v\n%s", err, d)
		}
	}
}

func splitLines(b []byte) [][]byte {
	var out [][]byte
	for _, l := range bytes.Split(b, []byte("\n")) {
		if len(bytes.TrimSpace(l)) > 0 {
			out = append(out, l)
		}
	}
	return out
}
