package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// countWrites makes every insert, update and delete on the records and
// locks tables of schema add a row to schema.writes (test-only triggers),
// and returns a function that reads how many there were.
func countWrites(t *testing.T, conn, schema string) func() int {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	s := pgx.Identifier{schema}.Sanitize()
	for _, q := range []string{
		`CREATE TABLE ` + s + `.writes (tbl text, op text)`,
		`CREATE FUNCTION ` + s + `.count_write() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN INSERT INTO ` + s + `.writes VALUES (TG_TABLE_NAME, TG_OP); RETURN NULL; END $$`,
		`CREATE TRIGGER count_write AFTER INSERT OR UPDATE OR DELETE ON ` + s + `.records FOR EACH ROW EXECUTE FUNCTION ` + s + `.count_write()`,
		`CREATE TRIGGER count_write AFTER INSERT OR UPDATE OR DELETE ON ` + s + `.locks FOR EACH ROW EXECUTE FUNCTION ` + s + `.count_write()`,
	} {
		if _, err := c.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return func() int {
		t.Helper()
		var n int
		if err := c.QueryRow(ctx, `SELECT count(*) FROM `+s+`.writes`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
}

// An apply with nothing to change writes no row to PostgreSQL: no state
// record, and no lock holder row (it takes the lock only once its plan
// has changes; a plan reads without writing one). An apply with a change
// writes both.
func TestNoChangeApplyWritesNothingToPostgres(t *testing.T) {
	conn := pgTestConn(t)
	schemaName := pgSchema(t, conn)
	dir := t.TempDir()
	write := func(envs string) {
		t.Helper()
		hcl := "terrarium {\n  stack = \"pgquiet\"\n  backend \"postgres\" {\n    schema_name = \"" + schemaName + "\"\n  }\n}\n" + envs
		if err := os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(hcl), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(webEnv)
	env := map[string]string{"TERRARIUM_PG_CONN": conn}
	if out, errOut, err := runRoot(t, dir, env, "apply", "--emulator", "--auto-approve"); err != nil {
		t.Fatalf("apply: %v\n%s\n%s", err, out, errOut)
	}
	writes := countWrites(t, conn, schemaName)
	out, errOut, err := runRoot(t, dir, env, "apply", "--emulator", "--auto-approve")
	if err != nil || !strings.Contains(out, "No changes.") {
		t.Fatalf("apply: %v\n%s\n%s", err, out, errOut)
	}
	if n := writes(); n != 0 {
		t.Fatalf("a no-change apply wrote %d rows", n)
	}
	write(webEnv + apiEnv)
	if out, errOut, err := runRoot(t, dir, env, "apply", "--emulator", "--auto-approve"); err != nil || !strings.Contains(out, "1 created") {
		t.Fatalf("apply: %v\n%s\n%s", err, out, errOut)
	}
	if n := writes(); n < 3 { // the lock row in and out, and the records
		t.Fatalf("an apply with a change wrote %d rows: the count does not see writes", n)
	}
}
