package pgstate

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// migrations are the schema versions, in order; version i+1 is
// migrations[i]. Never edit a released one: append a new version. {{s}} is
// replaced by the quoted schema name.
var migrations = []string{
	// 1: the log, the lock holders.
	`CREATE TABLE {{s}}.records (
		stack  text   NOT NULL,
		seq    bigint NOT NULL CHECK (seq > 0),
		kind   text   NOT NULL,
		line   text   NOT NULL, -- the record's canonical JSON line, hashed as is
		hash   text   NOT NULL, -- hex SHA-256 of line: the next record's prev
		PRIMARY KEY (stack, seq) -- a fork (two records at one seq) is impossible
	);
	CREATE INDEX records_checkpoints ON {{s}}.records (stack, seq) WHERE kind = 'checkpoint';
	CREATE TABLE {{s}}.locks (
		stack       text        PRIMARY KEY,
		id          text        NOT NULL,
		info        jsonb       NOT NULL,
		backend_pid integer     NOT NULL,
		created     timestamptz NOT NULL DEFAULT now()
	);`,
}

// SchemaVersion is the newest schema version this build creates.
var SchemaVersion = len(migrations)

// advisoryKey maps a name to a 64-bit advisory lock key.
func advisoryKey(parts ...string) int64 {
	h := sha256.Sum256([]byte("terrarium\x00" + strings.Join(parts, "\x00")))
	return int64(binary.BigEndian.Uint64(h[:8]))
}

// Migrate creates or upgrades terrarium's tables in schema. It is
// idempotent, and safe when several processes run it at once: the whole
// upgrade is one transaction under a transaction-scoped advisory lock. A
// database already at a newer version than this build knows is refused.
func Migrate(ctx context.Context, pool *pgxpool.Pool, schema string) (applied int, err error) {
	if !validSchema(schema) {
		return 0, fmt.Errorf("postgres backend: schema_name %q is not a plain identifier", schema)
	}
	s := pgx.Identifier{schema}.Sanitize()
	// Fast path: already current, no lock taken.
	if v, err := schemaVersion(ctx, pool, s, schema); err == nil && v == SchemaVersion {
		return 0, nil
	}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, advisoryKey("migrate", schema)); err != nil {
			return err
		}
		stmts := []string{
			`CREATE SCHEMA IF NOT EXISTS ` + s,
			`CREATE TABLE IF NOT EXISTS ` + s + `.migrations (
				version integer PRIMARY KEY,
				applied timestamptz NOT NULL DEFAULT now())`,
		}
		for _, q := range stmts {
			if _, err := tx.Exec(ctx, q); err != nil {
				return err
			}
		}
		var cur int
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM `+s+`.migrations`).Scan(&cur); err != nil {
			return err
		}
		if cur > SchemaVersion {
			return futureSchemaError(schema, cur)
		}
		for v := cur + 1; v <= SchemaVersion; v++ {
			if _, err := tx.Exec(ctx, strings.ReplaceAll(migrations[v-1], "{{s}}", s)); err != nil {
				return fmt.Errorf("schema version %d: %w", v, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO `+s+`.migrations (version) VALUES ($1)`, v); err != nil {
				return err
			}
			applied++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("postgres backend: upgrading schema %s: %w", schema, err)
	}
	return applied, nil
}

func futureSchemaError(schema string, v int) error {
	return fmt.Errorf("schema %s is at version %d, written by a newer terrarium; this build knows versions up to %d: upgrade terrarium", schema, v, SchemaVersion)
}

// schemaVersion reads the current version; an error when the table is absent.
func schemaVersion(ctx context.Context, pool *pgxpool.Pool, quoted, schema string) (int, error) {
	var v int
	err := pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM `+quoted+`.migrations`).Scan(&v)
	if err == nil && v > SchemaVersion {
		return v, futureSchemaError(schema, v)
	}
	return v, err
}
