// Package pgstate is the PostgreSQL backend of the state log: the same
// records, hash chain, lineage and serials as the local log, shared by every
// CI runner that applies a stack, with a per-stack advisory lock that dies
// with its holder's connection.
package pgstate

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"terrarium/internal/state"
)

// EnvConn is the environment variable that holds the connection string when
// the backend block has no conn_str.
const EnvConn = "TERRARIUM_PG_CONN"

// DefaultSchema is the PostgreSQL schema the tables live in by default.
const DefaultSchema = "terrarium"

// Config says where the log lives.
type Config struct {
	// ConnString is a libpq URL or key=value string; empty means
	// TERRARIUM_PG_CONN, then the standard PG* variables.
	ConnString string
	// SchemaName is the PostgreSQL schema holding terrarium's tables.
	SchemaName string
	// Getenv reads the environment; nil means no environment beyond what
	// pgx itself reads (the PG* variables).
	Getenv func(string) string
}

// backendSchema is what a `backend "postgres"` block may hold.
var backendSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "conn_str"},
		{Name: "schema_name"},
	},
}

// DecodeBackend reads the body of `backend "postgres" { ... }`. Unknown
// attributes and blocks, values that are not strings, and a schema_name
// that is not a plain identifier are diagnostics pointing at them.
func DecodeBackend(body hcl.Body, ctx *hcl.EvalContext) (Config, hcl.Diagnostics) {
	var cfg Config
	diags := state.DecodeBackendStrings(body, backendSchema, ctx,
		map[string]*string{"conn_str": &cfg.ConnString, "schema_name": &cfg.SchemaName},
		func(name, v string) string {
			if name == "schema_name" && v != "" && !validSchema(v) {
				return "schema_name must be a plain identifier: letters, digits and underscores, not starting with a digit, at most 63 characters."
			}
			return ""
		})
	return cfg, diags
}

var schemaRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,62}$`)

func validSchema(s string) bool { return schemaRE.MatchString(s) }

// schemaName returns the configured schema or the default.
func (c Config) schemaName() (string, error) {
	s := c.SchemaName
	if s == "" {
		s = DefaultSchema
	}
	if !validSchema(s) {
		return "", fmt.Errorf("postgres backend: schema_name %q is not a plain identifier", s)
	}
	return s, nil
}

// connString resolves the connection string: the config, then
// TERRARIUM_PG_CONN, then "" (pgx reads PGHOST, PGUSER, PGPASSWORD, ...).
func (c Config) connString() string {
	if c.ConnString != "" {
		return c.ConnString
	}
	if c.Getenv != nil {
		return c.Getenv(EnvConn)
	}
	return ""
}

// defaultConnectTimeout bounds a connection attempt when the connection
// string sets no connect_timeout: an unreachable server fails a CI job in
// seconds, not after the operating system's TCP timeout.
const defaultConnectTimeout = 10 * time.Second

// connect opens a pool; every error is redacted of the password.
func (c Config) connect(ctx context.Context) (*pgxpool.Pool, string, error) {
	schema, err := c.schemaName()
	if err != nil {
		return nil, "", err
	}
	pc, err := pgxpool.ParseConfig(c.connString())
	if err != nil {
		return nil, "", redactErr(fmt.Errorf("postgres backend: bad connection string: %w", err), c.connString(), "")
	}
	pw := pc.ConnConfig.Password
	if pc.ConnConfig.ConnectTimeout == 0 {
		pc.ConnConfig.ConnectTimeout = defaultConnectTimeout
	}
	if pc.MaxConns < 4 {
		pc.MaxConns = 4
	}
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err == nil {
		err = pool.Ping(ctx)
	}
	if err != nil {
		if pool != nil {
			pool.Close()
		}
		return nil, "", redactErr(fmt.Errorf("postgres backend: connecting to %s: %w", Describe(pc.ConnConfig), err), c.connString(), pw)
	}
	return pool, schema, nil
}

// Describe names a server without its password: user@host:port/database.
func Describe(cc *pgx.ConnConfig) string {
	return fmt.Sprintf("%s@%s:%d/%s", cc.User, cc.Host, cc.Port, cc.Database)
}

// redactedError hides a password in an error's text while keeping the chain.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

var urlPassword = regexp.MustCompile(`(://[^:/@\s]*):[^@\s]*@`)
var kvPassword = regexp.MustCompile(`(?i)(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)`)

// Redact removes passwords from s: the given one wherever it appears, the
// password part of any URL, and any password=... pair.
func Redact(s, password string) string {
	if password != "" {
		s = strings.ReplaceAll(s, password, "xxxxx")
	}
	s = urlPassword.ReplaceAllString(s, "$1:xxxxx@")
	return kvPassword.ReplaceAllString(s, "${1}xxxxx")
}

func redactErr(err error, conn, password string) error {
	if err == nil {
		return nil
	}
	if password == "" {
		if pc, perr := pgx.ParseConfig(conn); perr == nil {
			password = pc.Password
		}
	}
	msg := Redact(err.Error(), password)
	if msg == err.Error() {
		return err
	}
	return &redactedError{msg: msg, err: errors.Unwrap(err)}
}

// Target names the server and schema a config points at, without the
// password: for messages.
func (c Config) Target() string {
	schema := c.SchemaName
	if schema == "" {
		schema = DefaultSchema
	}
	pc, err := pgx.ParseConfig(c.connString())
	if err != nil {
		return "PostgreSQL (unparsable connection string), schema " + schema
	}
	return "PostgreSQL " + Describe(pc) + ", schema " + schema
}

// WithoutPassword returns conn with every password taken out (the password
// of a URL's user info, and any parameter whose name ends in password:
// password, sslpassword), so that it can be recorded: a saved plan names
// the server, never the secret, which then comes from PGPASSWORD or
// ~/.pgpass as libpq's rules say. removed reports whether there was one.
func WithoutPassword(conn string) (out string, removed bool) {
	if u, err := url.Parse(conn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		if _, ok := u.User.Password(); ok {
			u.User, removed = url.User(u.User.Username()), true
		}
		q := u.Query()
		for k := range q {
			if strings.HasSuffix(strings.ToLower(k), "password") {
				q.Del(k)
				removed = true
			}
		}
		if removed {
			u.RawQuery = q.Encode()
		}
		return u.String(), removed
	}
	out = kvSecret.ReplaceAllString(conn, "$1")
	return strings.TrimSpace(out), out != conn
}

// kvSecret is a key=value pair whose key ends in password, with its value
// (quoted values may hold spaces and escaped quotes).
var kvSecret = regexp.MustCompile(`(?i)(^|\s)\w*password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)`)
