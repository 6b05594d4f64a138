package window

import (
	"context"
	"fmt"
	"strings"
)

// arms builds one SELECT per snapshot, joined with UNION ALL; cond is an extra condition.
func arms(snaps []Snapshot, col, where, cond string, fargs, cargs []any) (string, []any) {
	parts := make([]string, len(snaps))
	var args []any
	for i, sn := range snaps {
		parts[i] = fmt.Sprintf(`SELECT id AS rid, %s AS k FROM sessions WHERE snapshot_id = ?%s%s`, col, where, cond)
		args = append(args, sn.ID)
		args = append(args, fargs...)
		args = append(args, cargs...)
	}
	return strings.Join(parts, " UNION ALL "), args
}

// scanWindow reads (id, key) rows.
func (e *Engine) scanWindow(ctx context.Context, query string, args ...any) ([]int64, []any, error) {
	rows, err := e.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var ids []int64
	var keys []any
	for rows.Next() {
		var id int64
		var k any
		if err := rows.Scan(&id, &k); err != nil {
			return nil, nil, err
		}
		ids, keys = append(ids, id), append(keys, k)
	}
	return ids, keys, rows.Err()
}
