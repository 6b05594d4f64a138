package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// pageBatch is the write transaction the pages of running snapshots share. Committing page by
// page rewrote every touched index page to the WAL at each commit: with twenty indexes and
// several snapshots written at once that was most of a refresh's cost. A running snapshot is not
// visible until it completes, and an interrupted one is removed whole, so holding its pages a
// moment longer before they commit loses nothing.
type pageBatch struct {
	tx      *sql.Tx
	rows    int
	writers []*SnapshotWriter // with pages in this batch
	timer   *time.Timer
}

const (
	batchRows  = 16384           // a batch commits once it holds this many rows…
	batchDelay = 1 * time.Second // …or this long after it began, whichever comes first
)

// openBatch returns the open batch, beginning one if needed. Call with writeMu held.
func (s *Store) openBatch() (*pageBatch, error) {
	if s.batch != nil {
		return s.batch, nil
	}
	// Not the caller's context: the batch outlives the call, and other snapshots' pages join it.
	tx, err := s.w.BeginTx(context.Background(), nil)
	if err != nil {
		return nil, err
	}
	b := &pageBatch{tx: tx}
	b.timer = time.AfterFunc(batchDelay, func() {
		s.writeMu.Lock()
		defer s.writeMu.Unlock()
		if s.batch == b {
			s.flushBatch()
		}
	})
	s.batch = b
	return b, nil
}

// inBatch runs fn inside a savepoint of the batch: a page that fails leaves no trace and does not
// disturb the other pages of the batch. Should the savepoint itself fail, the batch is lost:
// it is rolled back and every snapshot with pages in it fails. Call with writeMu held.
func (s *Store) inBatch(b *pageBatch, fn func(*sql.Tx) error) error {
	ctx := context.Background()
	if _, err := b.tx.ExecContext(ctx, `SAVEPOINT page`); err != nil {
		s.dropBatch(err)
		return err
	}
	if err := fn(b.tx); err != nil {
		if _, rerr := b.tx.ExecContext(ctx, `ROLLBACK TO page`); rerr != nil {
			s.dropBatch(rerr)
			return errors.Join(err, rerr)
		}
		if _, rerr := b.tx.ExecContext(ctx, `RELEASE page`); rerr != nil {
			s.dropBatch(rerr)
			return errors.Join(err, rerr)
		}
		return err
	}
	if _, err := b.tx.ExecContext(ctx, `RELEASE page`); err != nil {
		s.dropBatch(err)
		return err
	}
	return nil
}

// dropBatch rolls the open batch back and fails the snapshots with pages in it.
func (s *Store) dropBatch(cause error) {
	b := s.batch
	if b == nil {
		return
	}
	s.batch = nil
	b.timer.Stop()
	b.tx.Rollback()
	s.resetWriter()
	err := fmt.Errorf("sessions written with this page's were lost: %w", cause)
	for _, w := range b.writers {
		w.err = err
	}
}

// resetWriter ends whatever transaction a failure left open on the writer connection (there is
// one connection: a transaction stuck on it would stop every later write).
func (s *Store) resetWriter() {
	s.w.ExecContext(context.Background(), `ROLLBACK`) // "no transaction is active" is the good case
}

// flushBatch commits the open batch, if any. Call with writeMu held.
func (s *Store) flushBatch() {
	b := s.batch
	if b == nil {
		return
	}
	s.batch = nil
	b.timer.Stop()
	if err := b.tx.Commit(); err != nil {
		s.resetWriter()
		err = fmt.Errorf("commit sessions: %w", err)
		for _, w := range b.writers {
			w.err = err
		}
	}
}
