package bundle

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"math"
	"sort"
	"strings"
)

// manifestTable holds the manifest and its signature; it is the one table the digests leave
// out (the signature covers it).
const manifestTable = "bundle_manifest"

// schemaKey is the digest of the schema itself (every table, index and trigger's SQL), so a
// trigger or index slipped into a bundle shows as a change too.
const schemaKey = "sqlite_schema"

// TableDigest is one table's row count and SHA-256 in the manifest.
type TableDigest struct {
	Rows   int64  `json:"rows"`
	SHA256 string `json:"sha256"`
}

// querier is what digests read through: a *sql.DB or a *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// digestTables computes the digest of every table but the manifest's, and of the schema.
//
// The canonical form of a table: its column names, then its rows in primary-key order (the
// rowid for a table without one), each value as a type tag and its bytes — integers as 8 bytes
// big-endian, reals as their IEEE 754 bits, text and blobs with their length first, NULL as its
// tag alone. Two files with the same rows give the same digest whatever their page layout.
func digestTables(ctx context.Context, db querier) (map[string]TableDigest, error) {
	names, err := tableNames(ctx, db)
	if err != nil {
		return nil, err
	}
	out := map[string]TableDigest{}
	for _, name := range names {
		d, err := digestTable(ctx, db, name)
		if err != nil {
			return nil, fmt.Errorf("digest table %s: %w", name, err)
		}
		out[name] = d
	}
	schema, err := digestSchema(ctx, db)
	if err != nil {
		return nil, err
	}
	out[schemaKey] = schema
	return out, nil
}

func tableNames(ctx context.Context, db querier) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table'
		AND name NOT LIKE 'sqlite_%' AND name <> ? ORDER BY name`, manifestTable)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// orderOf is the ORDER BY of a table's canonical row order: its primary key's columns in key
// order, or the rowid.
func orderOf(ctx context.Context, db querier, table string) (cols []string, order string, err error) {
	rows, err := db.QueryContext(ctx, `SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`, table)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	type keyCol struct {
		name string
		pos  int
	}
	var key []keyCol
	for rows.Next() {
		var name string
		var pk int
		if err := rows.Scan(&name, &pk); err != nil {
			return nil, "", err
		}
		cols = append(cols, name)
		if pk > 0 {
			key = append(key, keyCol{name, pk})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	if len(key) == 0 {
		return cols, "rowid", nil
	}
	sort.Slice(key, func(i, j int) bool { return key[i].pos < key[j].pos })
	parts := make([]string, len(key))
	for i, k := range key {
		parts[i] = quoteIdent(k.name)
	}
	return cols, strings.Join(parts, ", "), nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func digestTable(ctx context.Context, db querier, table string) (TableDigest, error) {
	cols, order, err := orderOf(ctx, db, table)
	if err != nil {
		return TableDigest{}, err
	}
	h := sha256.New()
	for _, c := range cols {
		writeText(h, 't', c)
	}
	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = quoteIdent(c)
	}
	rows, err := db.QueryContext(ctx, `SELECT `+strings.Join(quoted, ", ")+` FROM `+quoteIdent(table)+` ORDER BY `+order)
	if err != nil {
		return TableDigest{}, err
	}
	defer rows.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var n int64
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return TableDigest{}, err
		}
		h.Write([]byte{'r'})
		for _, v := range vals {
			if err := writeValue(h, v); err != nil {
				return TableDigest{}, err
			}
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return TableDigest{}, err
	}
	return TableDigest{Rows: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// digestSchema covers the SQL of every schema object but the manifest table's. Root page
// numbers are left out: they change with the layout, not with the meaning.
func digestSchema(ctx context.Context, db querier) (TableDigest, error) {
	rows, err := db.QueryContext(ctx, `SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema
		WHERE name <> ? AND tbl_name <> ? ORDER BY type, name`, manifestTable, manifestTable)
	if err != nil {
		return TableDigest{}, err
	}
	defer rows.Close()
	h := sha256.New()
	var n int64
	for rows.Next() {
		var typ, name, tbl, text string
		if err := rows.Scan(&typ, &name, &tbl, &text); err != nil {
			return TableDigest{}, err
		}
		h.Write([]byte{'r'})
		for _, s := range []string{typ, name, tbl, text} {
			writeText(h, 't', s)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return TableDigest{}, err
	}
	return TableDigest{Rows: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

func writeText(h hash.Hash, tag byte, s string) {
	var b [9]byte
	b[0] = tag
	binary.BigEndian.PutUint64(b[1:], uint64(len(s)))
	h.Write(b[:])
	h.Write([]byte(s))
}

func writeValue(h hash.Hash, v any) error {
	var b [9]byte
	switch x := v.(type) {
	case nil:
		h.Write([]byte{'n'})
	case int64:
		b[0] = 'i'
		binary.BigEndian.PutUint64(b[1:], uint64(x))
		h.Write(b[:])
	case float64:
		b[0] = 'f'
		binary.BigEndian.PutUint64(b[1:], math.Float64bits(x))
		h.Write(b[:])
	case string:
		writeText(h, 't', x)
	case []byte:
		writeText(h, 'b', string(x))
	case bool: // the driver does not return these for stored values; kept total anyway
		if x {
			return writeValue(h, int64(1))
		}
		return writeValue(h, int64(0))
	default:
		return fmt.Errorf("unexpected value of type %T", v)
	}
	return nil
}
