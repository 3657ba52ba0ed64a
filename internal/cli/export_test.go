package cli

// PGSchema gives the external tests (package cli_test) the fresh,
// dropped-after-the-test PostgreSQL schema of this package's tests.
var PGSchema = pgSchema
