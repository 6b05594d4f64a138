package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"sessionscope/backend/session"
)

// The audit trail proves itself three ways: each entry's hash covers its contents and the
// previous entry's hash (an edit, insertion or deletion breaks the chain); audit transactions
// commit with synchronous=FULL (an entry reported written survives a power cut); and the newest
// entry's id and hash are also kept in a small file beside the database (cutting off the newest
// entries, or rewriting the whole chain, no longer matches it).

// auditHeadSetting records that this database's chain head is kept in the file, so a missing
// file is a finding rather than a database from before the file existed.
const auditHeadSetting = "audit_head_file"

// auditHead is the chain head kept outside the database.
type auditHead struct {
	ID   int64  `json:"id"`
	Hash string `json:"hash"`
}

func (s *Store) auditHeadPath() string { return s.path + ".audit-head" }

// beginDurable starts a write transaction whose commit is on disk when Commit returns: the
// writer connection runs it with synchronous=FULL (in WAL mode the log is fsynced at commit),
// and goes back to NORMAL after. SQLite refuses to change the level inside a transaction, so it
// is set before BEGIN and checked after. Call done after Commit or Rollback.
func (s *Store) beginDurable(ctx context.Context) (*sql.Tx, func(), error) {
	s.writeMu.Lock()
	s.flushBatch()
	restore := func() {
		s.w.ExecContext(context.Background(), `PRAGMA synchronous = NORMAL`)
		s.writeMu.Unlock()
	}
	if _, err := s.w.ExecContext(ctx, `PRAGMA synchronous = FULL`); err != nil {
		restore()
		return nil, nil, fmt.Errorf("make the audit write durable: %w", err)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		restore()
		return nil, nil, err
	}
	var level int
	if err := tx.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&level); err != nil || level < 2 {
		tx.Rollback()
		restore()
		if err == nil {
			err = fmt.Errorf("the database connection runs at synchronous level %d", level)
		}
		return nil, nil, fmt.Errorf("make the audit write durable: %w", err)
	}
	return tx, restore, nil
}

// commitAudit commits a durable transaction whose newest audit entry is last, then moves the
// chain head file to it. Call with the transaction's writeMu still held (before done), so this
// process's head writes follow its commits in order.
func (s *Store) commitAudit(tx *sql.Tx, last session.AuditEntry) error {
	if _, err := tx.Exec(`INSERT INTO settings(key, value) VALUES (?, '1') ON CONFLICT(key) DO NOTHING`, auditHeadSetting); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("write audit entry: %w", err)
	}
	if last.ID == 0 {
		return nil
	}
	if err := s.writeAuditHead(auditHead{ID: last.ID, Hash: last.Hash}); err != nil {
		return fmt.Errorf("the audit entry is written, but keeping the chain head beside the database failed: %w", err)
	}
	return nil
}

// writeAuditHead replaces the head file atomically (temporary file, fsync, rename, fsync of the
// folder). Another process may have written a newer head meanwhile: an older one never
// replaces it.
func (s *Store) writeAuditHead(h auditHead) error {
	if cur, ok, err := s.readAuditHead(); err == nil && ok && cur.ID >= h.ID {
		return nil
	}
	data, _ := json.Marshal(h)
	return writeFileDurably(s.auditHeadPath(), append(data, '\n'))
}

func (s *Store) readAuditHead() (auditHead, bool, error) {
	data, err := os.ReadFile(s.auditHeadPath())
	if errors.Is(err, os.ErrNotExist) {
		return auditHead{}, false, nil
	}
	if err != nil {
		return auditHead{}, false, err
	}
	var h auditHead
	if err := json.Unmarshal(data, &h); err != nil || h.ID <= 0 || h.Hash == "" {
		return auditHead{}, true, fmt.Errorf("the chain head file %s is unreadable", filepath.Base(s.auditHeadPath()))
	}
	return h, true, nil
}

func writeFileDurably(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	// The rename is only durable once the folder is; some systems cannot sync a folder.
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// AuditCheck is the result of verifying the audit trail.
type AuditCheck struct {
	OK       bool   `json:"ok"`
	Entries  int    `json:"entries"`
	FirstBad int64  `json:"firstBad"` // the first entry that fails; 0 when the trail holds
	Problem  string `json:"problem"`  // edited | inserted | deleted | truncated | rewritten | head_missing | head_unreadable
	Message  string `json:"message"`
	HeadID   int64  `json:"headId"` // the newest entry the head file names; 0 when there is none
	// Unanchored counts entries newer than the head file: written just before the process
	// stopped, or appended by someone who could not update the file.
	Unanchored int `json:"unanchored"`
}

// Audit problems.
const (
	AuditEdited    = "edited"
	AuditInserted  = "inserted"
	AuditDeleted   = "deleted"
	AuditTruncated = "truncated"
	AuditRewritten = "rewritten"
	AuditNoHead    = "head_missing"
	AuditBadHead   = "head_unreadable"
)

// CheckAudit walks the whole chain in id order and compares its end with the head file.
func (s *Store) CheckAudit(ctx context.Context) (AuditCheck, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, actor, action, connection, target, reason, result, detail, prev_hash, hash
		FROM audit ORDER BY id`)
	if err != nil {
		return AuditCheck{}, err
	}
	defer rows.Close()
	var c AuditCheck
	w := chainWalk{seen: map[string]int64{}}
	for rows.Next() {
		var e session.AuditEntry
		var at int64
		var prevHash string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Connection, &e.Target, &e.Reason, &e.Result, &e.Detail, &prevHash, &e.Hash); err != nil {
			return c, err
		}
		e.At = time.UnixMilli(at).UTC()
		c.Entries++
		if c.Problem == "" {
			w.step(&c, e, prevHash)
		}
	}
	if err := rows.Err(); err != nil {
		return c, err
	}
	if c.Problem == "" {
		w.finish(&c)
	}
	if c.Problem == "" {
		if err := s.checkHead(ctx, &c, w.lastID); err != nil {
			return c, err
		}
	}
	c.OK = c.Problem == ""
	if c.OK {
		c.Message = fmt.Sprintf("audit trail intact: %d entries, each matches its hash chain", c.Entries)
		if c.HeadID > 0 {
			c.Message += fmt.Sprintf(", and the newest matches the head kept beside the database (entry %d)", c.HeadID)
		}
		if c.Unanchored > 0 {
			c.Message += fmt.Sprintf("; %d newer entries were written after the head was last kept", c.Unanchored)
		}
	}
	return c, nil
}

// chainWalk follows the chain one entry at a time. A link that does not hold is decided one
// entry later: when the next entry links back to the one before the suspect, the suspect was
// inserted; otherwise entries before the suspect were deleted.
type chainWalk struct {
	prev    string           // hash of the last good entry
	lastID  int64            // id of the newest entry seen
	seen    map[string]int64 // hash → id of every good entry
	order   []int64          // ids in order, to name the entry after a given one
	suspect *session.AuditEntry
	before  string // the hash the suspect should have linked to
}

func (w *chainWalk) step(c *AuditCheck, e session.AuditEntry, prevHash string) {
	w.lastID = e.ID
	selfOK := strings.EqualFold(auditHash(prevHash, e), e.Hash)
	if w.suspect != nil {
		if selfOK && prevHash == w.before {
			x := w.suspect
			c.FirstBad, c.Problem = x.ID, AuditInserted
			c.Message = fmt.Sprintf("audit trail broken at entry %d: it was inserted (entry %d links past it)", x.ID, e.ID)
			return
		}
		w.deleted(c)
		return
	}
	if !selfOK {
		c.FirstBad, c.Problem = e.ID, AuditEdited
		c.Message = fmt.Sprintf("audit trail broken at entry %d: it was changed after it was written (its hash does not match its contents)", e.ID)
		return
	}
	if prevHash != w.prev {
		if id, ok := w.seen[prevHash]; ok && prevHash != "" {
			// It links to an older entry: everything between that one and it was inserted.
			first := w.after(id)
			c.FirstBad, c.Problem = first, AuditInserted
			c.Message = fmt.Sprintf("audit trail broken at entry %d: it was inserted (entry %d links back to entry %d, before it)", first, e.ID, id)
			return
		}
		w.suspect, w.before = &e, w.prev
		return
	}
	w.accept(e)
}

// deleted decides a suspect whose link does not hold and whom the next entry does not skip.
func (w *chainWalk) deleted(c *AuditCheck) {
	x := w.suspect
	prevID := int64(0)
	if len(w.order) > 0 {
		prevID = w.order[len(w.order)-1]
	}
	switch {
	case prevID == 0:
		c.FirstBad, c.Problem = x.ID, AuditDeleted
		c.Message = fmt.Sprintf("audit trail broken at entry %d: entries before it were deleted (it does not start the chain)", x.ID)
	case x.ID == prevID+1:
		// Nothing is missing between them: the entry before was changed and its hash recomputed.
		c.FirstBad, c.Problem = prevID, AuditEdited
		c.Message = fmt.Sprintf("audit trail broken at entry %d: it was changed and its hash recomputed (entry %d no longer links to it)", prevID, x.ID)
	default:
		c.FirstBad, c.Problem = x.ID, AuditDeleted
		c.Message = fmt.Sprintf("audit trail broken at entry %d: entries between %d and it were deleted (it does not follow entry %d)", x.ID, prevID, prevID)
	}
}

func (w *chainWalk) finish(c *AuditCheck) {
	if w.suspect != nil {
		w.deleted(c)
	}
}

func (w *chainWalk) accept(e session.AuditEntry) {
	w.prev = e.Hash
	w.seen[e.Hash] = e.ID
	w.order = append(w.order, e.ID)
}

func (w *chainWalk) after(id int64) int64 {
	for i, x := range w.order {
		if x == id && i+1 < len(w.order) {
			return w.order[i+1]
		}
	}
	return w.lastID
}

// checkHead compares the chain's end with the head file.
func (s *Store) checkHead(ctx context.Context, c *AuditCheck, lastID int64) error {
	h, ok, err := s.readAuditHead()
	if err != nil && ok {
		c.Problem, c.Message = AuditBadHead, "audit trail cannot be anchored: "+err.Error()
		return nil
	}
	if err != nil {
		return err
	}
	if !ok {
		kept, err := s.Setting(ctx, auditHeadSetting, "")
		if err != nil {
			return err
		}
		if kept != "" {
			c.Problem = AuditNoHead
			c.Message = "audit trail cannot be anchored: the chain head kept beside the database is missing (the newest entries may have been cut off)"
		}
		return nil
	}
	c.HeadID = h.ID
	if lastID < h.ID {
		c.FirstBad, c.Problem = lastID+1, AuditTruncated
		c.Message = fmt.Sprintf("audit trail broken at entry %d: the newest entries (%d to %d) were cut off", lastID+1, lastID+1, h.ID)
		return nil
	}
	var hash string
	err = s.db.QueryRowContext(ctx, `SELECT hash FROM audit WHERE id = ?`, h.ID).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !strings.EqualFold(hash, h.Hash)) {
		c.FirstBad, c.Problem = h.ID, AuditRewritten
		c.Message = fmt.Sprintf("audit trail broken at entry %d: it does not match the chain head kept beside the database (the trail was rewritten)", h.ID)
		return nil
	}
	if err != nil {
		return err
	}
	var newer int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM audit WHERE id > ?`, h.ID).Scan(&newer); err != nil {
		return err
	}
	c.Unanchored = newer
	return nil
}
