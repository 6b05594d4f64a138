// The items of a sign-out job: paged for the window, streamed for the runner, per org, counted.

package store

import "context"

// JobItems returns a job's items in order after afterSeq, at most limit; state "" = any.
func (s *Store) JobItems(ctx context.Context, jobID int64, state string, afterSeq int64, limit int) ([]JobItem, error) {
	q := `SELECT job_id, seq, connection_id, method, target, parent_id, user_id, username, sessions, state, message,
		attempts, updated_at, audit_id, recheck FROM signout_items WHERE job_id = ? AND seq > ?`
	args := []any{jobID, afterSeq}
	if state != "" {
		q += ` AND state = ?`
		args = append(args, state)
	}
	q += ` ORDER BY seq LIMIT ?`
	rows, err := s.db.QueryContext(ctx, q, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []JobItem
	for rows.Next() {
		var it JobItem
		var updated int64
		if err := rows.Scan(&it.JobID, &it.Seq, &it.ConnectionID, &it.Method, &it.Target, &it.ParentID, &it.UserID,
			&it.Username, &it.Sessions, &it.State, &it.Message, &it.Attempts, &updated, &it.AuditID, &it.Recheck); err != nil {
			return nil, err
		}
		it.UpdatedAt = fromMS(nullInt(updated))
		out = append(out, it)
	}
	return out, rows.Err()
}

// EachJobItem calls fn for every item of a job in a state ("" = any), in order, a page at a time.
func (s *Store) EachJobItem(ctx context.Context, jobID int64, state string, fn func(JobItem) error) error {
	after := int64(0)
	for {
		page, err := s.JobItems(ctx, jobID, state, after, 2000)
		if err != nil {
			return err
		}
		for _, it := range page {
			if err := fn(it); err != nil {
				return err
			}
		}
		if len(page) < 2000 {
			return nil
		}
		after = page[len(page)-1].Seq
	}
}

// OrgItems returns a job's items of one connection in a state, in order.
func (s *Store) OrgItems(ctx context.Context, jobID, connectionID int64, state string) ([]JobItem, error) {
	var out []JobItem
	err := s.EachJobItem(ctx, jobID, state, func(it JobItem) error {
		if it.ConnectionID == connectionID {
			out = append(out, it)
		}
		return nil
	})
	return out, err
}

// JobCountsByConnection counts a job's items by state, per connection.
func (s *Store) JobCountsByConnection(ctx context.Context, jobID int64) (map[int64]ItemCounts, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT connection_id, state, count(*), sum(recheck = 'still_listed')
		FROM signout_items WHERE job_id = ? GROUP BY connection_id, state`, jobID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]ItemCounts{}
	for rows.Next() {
		var conn int64
		var state string
		var n, still int
		if err := rows.Scan(&conn, &state, &n, &still); err != nil {
			return nil, err
		}
		c := out[conn]
		c.add(state, n)
		c.StillListed += still
		out[conn] = c
	}
	return out, rows.Err()
}

func (c *ItemCounts) add(state string, n int) {
	switch state {
	case ItemPending:
		c.Pending += n
	case ItemSending:
		c.Sending += n
	case ItemEnded:
		c.Ended += n
	case ItemAlreadyGone:
		c.AlreadyGone += n
	case ItemContained:
		c.Contained += n
	case ItemFailed:
		c.Failed += n
	}
}
