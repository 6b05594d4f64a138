package store

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/session"
)

// auditOf writes n entries and lifts the append-only triggers, as someone editing the file
// with another SQLite client would.
func auditOf(t *testing.T, n int) *Store {
	t.Helper()
	s := openTemp(t)
	for i := 1; i <= n; i++ {
		if _, err := s.AppendAudit(context.Background(), session.AuditEntry{Actor: "me", Action: "signout.session",
			Connection: "Acme", Target: fmt.Sprintf("session %d", i), Reason: "incident", Result: "ended"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{`DROP TRIGGER audit_no_update`, `DROP TRIGGER audit_no_delete`} {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func checkAudit(t *testing.T, s *Store) AuditCheck {
	t.Helper()
	c, err := s.CheckAudit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func wantBad(t *testing.T, c AuditCheck, id int64, problem string) {
	t.Helper()
	if c.OK || c.FirstBad != id || c.Problem != problem || !strings.Contains(c.Message, fmt.Sprintf("entry %d", id)) {
		t.Fatalf("want %s at entry %d, got %+v", problem, id, c)
	}
}

// entryRow reads what the hash of entry id covers.
func entryRow(t *testing.T, s *Store, id int64) (session.AuditEntry, string) {
	t.Helper()
	var e session.AuditEntry
	var at int64
	var prev string
	if err := s.db.QueryRow(`SELECT id, at, actor, action, connection, target, reason, result, detail, prev_hash, hash
		FROM audit WHERE id = ?`, id).Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Connection, &e.Target, &e.Reason,
		&e.Result, &e.Detail, &prev, &e.Hash); err != nil {
		t.Fatal(err)
	}
	e.At = time.UnixMilli(at).UTC()
	return e, prev
}

func TestAuditIntactTrailVerifiesAndIsAnchored(t *testing.T) {
	s := auditOf(t, 5)
	c := checkAudit(t, s)
	if !c.OK || c.Entries != 5 || c.HeadID != 5 || c.Unanchored != 0 {
		t.Fatalf("intact trail: %+v", c)
	}
	if err := s.VerifyAudit(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestAuditEditedEntryIsNamed(t *testing.T) {
	s := auditOf(t, 5)
	if _, err := s.db.Exec(`UPDATE audit SET result = 'failed' WHERE id = 3`); err != nil {
		t.Fatal(err)
	}
	wantBad(t, checkAudit(t, s), 3, AuditEdited)
}

func TestAuditEditWithRecomputedHashIsNamed(t *testing.T) {
	s := auditOf(t, 5)
	e, prev := entryRow(t, s, 3)
	e.Reason = "routine"
	if _, err := s.db.Exec(`UPDATE audit SET reason = ?, hash = ? WHERE id = 3`, e.Reason, auditHash(prev, e)); err != nil {
		t.Fatal(err)
	}
	wantBad(t, checkAudit(t, s), 3, AuditEdited)
}

func TestAuditDeletedEntryIsDetected(t *testing.T) {
	s := auditOf(t, 5)
	if _, err := s.db.Exec(`DELETE FROM audit WHERE id = 3`); err != nil {
		t.Fatal(err)
	}
	c := checkAudit(t, s)
	wantBad(t, c, 4, AuditDeleted)
	if !strings.Contains(c.Message, "between 2 and") {
		t.Fatalf("the message should say where: %s", c.Message)
	}
}

func TestAuditInsertedEntryIsNamed(t *testing.T) {
	for _, chained := range []bool{true, false} {
		t.Run(fmt.Sprintf("chained=%v", chained), func(t *testing.T) {
			s := auditOf(t, 5)
			// Make room at id 3, then slip a forged entry in.
			for id := 5; id >= 3; id-- {
				if _, err := s.db.Exec(`UPDATE audit SET id = id + 1 WHERE id = ?`, id); err != nil {
					t.Fatal(err)
				}
			}
			_, prev := entryRow(t, s, 4) // the old third entry links to the second
			if !chained {
				prev = strings.Repeat("0", 64)
			}
			forged := session.AuditEntry{At: time.Now().UTC().Truncate(time.Millisecond), Actor: "me", Action: "signout.session",
				Connection: "Acme", Target: "session 99", Reason: "forged", Result: "ended"}
			forged.Hash = auditHash(prev, forged)
			if _, err := s.db.Exec(`INSERT INTO audit(id, at, actor, action, connection, target, reason, result, detail, prev_hash, hash)
				VALUES (3, ?, ?, ?, ?, ?, ?, ?, '', ?, ?)`, forged.At.UnixMilli(), forged.Actor, forged.Action, forged.Connection,
				forged.Target, forged.Reason, forged.Result, prev, forged.Hash); err != nil {
				t.Fatal(err)
			}
			wantBad(t, checkAudit(t, s), 3, AuditInserted)
		})
	}
}

func TestAuditTruncationIsDetectedByTheHeadFile(t *testing.T) {
	s := auditOf(t, 5)
	if _, err := s.db.Exec(`DELETE FROM audit WHERE id >= 4`); err != nil {
		t.Fatal(err)
	}
	c := checkAudit(t, s)
	wantBad(t, c, 4, AuditTruncated)
	if !strings.Contains(c.Message, "4 to 5") {
		t.Fatalf("the message should say which entries: %s", c.Message)
	}
}

func TestAuditRewrittenChainIsDetectedByTheHeadFile(t *testing.T) {
	s := auditOf(t, 3)
	// Rebuild a self-consistent chain with different content.
	prev := ""
	for id := int64(1); id <= 3; id++ {
		e, _ := entryRow(t, s, id)
		e.Reason = "nothing happened"
		e.Hash = auditHash(prev, e)
		if _, err := s.db.Exec(`UPDATE audit SET reason = ?, prev_hash = ?, hash = ? WHERE id = ?`, e.Reason, prev, e.Hash, id); err != nil {
			t.Fatal(err)
		}
		prev = e.Hash
	}
	wantBad(t, checkAudit(t, s), 3, AuditRewritten)
}

func TestAuditMissingHeadFileIsAFinding(t *testing.T) {
	s := auditOf(t, 2)
	if err := os.Remove(s.auditHeadPath()); err != nil {
		t.Fatal(err)
	}
	c := checkAudit(t, s)
	if c.OK || c.Problem != AuditNoHead {
		t.Fatalf("a deleted head file must be reported: %+v", c)
	}
	// The next entry writes it again.
	if _, err := s.AppendAudit(context.Background(), session.AuditEntry{Actor: "me", Action: "x", Result: "ok"}); err != nil {
		t.Fatal(err)
	}
	if c := checkAudit(t, s); !c.OK || c.HeadID != 3 {
		t.Fatalf("after a new entry: %+v", c)
	}
}

func TestAuditEntriesNewerThanTheHeadAreReportedNotFailed(t *testing.T) {
	s := auditOf(t, 4)
	// A process that stopped between committing entries 3-4 and moving the head.
	e, _ := entryRow(t, s, 2)
	if err := writeFileDurably(s.auditHeadPath(), []byte(fmt.Sprintf(`{"id":2,"hash":%q}`, e.Hash))); err != nil {
		t.Fatal(err)
	}
	c := checkAudit(t, s)
	if !c.OK || c.HeadID != 2 || c.Unanchored != 2 {
		t.Fatalf("entries after the head: %+v", c)
	}
	// An older head never replaces a newer one (another process may have written it).
	if err := s.writeAuditHead(auditHead{ID: 1, Hash: "x"}); err != nil {
		t.Fatal(err)
	}
	if h, _, _ := s.readAuditHead(); h.ID != 2 {
		t.Fatalf("head went back to %d", h.ID)
	}
}

func TestAuditWritesAreDurable(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	tx, done, err := s.beginDurable(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var level int
	if err := tx.QueryRow(`PRAGMA synchronous`).Scan(&level); err != nil || level != 2 {
		t.Fatalf("an audit transaction runs at synchronous %d (%v), want FULL (2)", level, err)
	}
	tx.Rollback()
	done()
	if err := s.w.QueryRow(`PRAGMA synchronous`).Scan(&level); err != nil || level != 1 {
		t.Fatalf("after it the writer is back at %d (%v), want NORMAL (1)", level, err)
	}
}
