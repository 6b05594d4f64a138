// Package store is SessionScope's local database: one SQLite file (modernc.org/sqlite, WAL)
// holding connections (never secrets), snapshots of every refresh, the sessions of each
// snapshot, the sessions signed out from here, settings and the append-only audit trail.
// A refresh writes a new snapshot page by page; it becomes a connection's current snapshot only
// when it completes, so an interrupted refresh never replaces good data.
//
// Who may import it: backend/workspace and the packages behind it (backend/jobs), and the
// benchmarks; the window and the command line reach it only through backend/workspace. Its
// window engine is the internal package internal/window, which nothing else can import.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"sessionscope/backend/store/internal/window"
)

//go:embed migrations/*.sql
var migrations embed.FS

// KeepSnapshots is how many complete snapshots per connection keep their session rows.
const KeepSnapshots = 5

// Store is the open database.
type Store struct {
	db      *sql.DB // readers
	w       *sql.DB // the one writer connection (begin, exec)
	path    string
	now     func() time.Time
	win     *window.Engine // finds the rows of a window (internal/window, window.go)
	top     usersTop       // the default users ranking, kept ready (userstop.go)
	writeMu sync.Mutex     // one write transaction of this process at a time, in arrival order
	batch   *pageBatch     // the open transaction pages of running snapshots share (snapshots.go)
	lock    io.Closer      // shared lock on the folder while open

	flagged flaggedCache // ordered flagged-id lists of the Flagged view (flagquery.go)
}

// Open opens (creating if needed) the database file at path and applies pending migrations.
// Snapshots left "running" by a process that died are marked interrupted and their rows removed.
func Open(ctx context.Context, path string) (*Store, error) {
	// Readers: an 8 MB page cache each, no memory map. Mapped pages that were read stay resident,
	// once per connection: on a million-session file that made the process's memory grow by
	// the mapped size times the connections, for windows 20-40% faster. The background work of a
	// refresh (flag pass, digest, ranks, users ranking) holds several readers at once, and each
	// cached page costs about twice its size in the C allocator: at 16 MB the 1M bench's second
	// refresh peaked at 507 MB RSS, at 8 MB at 452 MB. Windows were not measured to be slower:
	// user prefix p95 24-37 ms over three runs at 8 MB, 32-39 ms in the same day's two at 16 MB
	// (those with a 256 MB Go limit).
	db, err := openDB(path, "cache_size(-8192)", "mmap_size(0)")
	if err != nil {
		return nil, err
	}
	// The writer: one connection for every write of this process. Several refreshes writing
	// through pooled connections each invalidated the others' page caches on every commit; one
	// connection keeps one warm 16 MB cache of the indexes being filled. (64, 32 and 16 MB were
	// measured at 1M sessions: the refresh rate moved within the run-to-run noise, while the C
	// allocator holds each 4 KB page in an 8 KB block, so each halving saved ~2x its size in RSS:
	// the second refresh's anonymous memory went from 504 to 464 MB at 32 -> 16.)
	// No mmap: written pages go through the cache anyway.
	w, err := openDB(path, "cache_size(-16384)", "mmap_size(0)")
	if err != nil {
		db.Close()
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	lock, alone, err := lockFolder(path + ".lock")
	if err != nil {
		db.Close()
		w.Close()
		return nil, err
	}
	s := &Store{db: db, w: w, path: path, now: time.Now, lock: lock}
	s.win = s.newEngine()
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	// Only when no other SessionScope process has this folder open are "running" snapshots
	// leftovers of a process that died; otherwise they may be another process's live refresh.
	if alone {
		if err := s.recoverInterrupted(ctx); err != nil {
			s.Close()
			return nil, err
		}
	}
	// The users view opens on the default ranking, filtered views want ranks: have them ready
	// for data already here.
	s.warmUsersTop()
	s.win.WarmRanks()
	return s, nil
}

// openDB opens a connection pool on the file with the pragmas every connection gets, plus extra.
func openDB(path string, extra ...string) (*sql.DB, error) {
	q := url.Values{}
	// Temporary sort files (a big sort spills to them) stay files: in memory they would count
	// against the process, which a million-row sort would swell by hundreds of megabytes.
	for _, p := range append([]string{"journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(1)",
		"busy_timeout(30000)"}, extra...) {
		q.Add("_pragma", p)
	}
	// Immediate transactions take the write lock at BEGIN, so two writers queue on
	// busy_timeout instead of failing on a lock upgrade.
	q.Set("_txlock", "immediate")
	// Built as a URL so a folder name holding "?" or "#" still names the right file.
	dsn := (&url.URL{Scheme: "file", OmitHost: true, Path: path, RawQuery: q.Encode()}).String()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return db, nil
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// DB exposes the handle for benchmarks and tests in other packages.
func (s *Store) DB() *sql.DB { return s.db }

// Close waits for background query work and closes the database.
func (s *Store) Close() error {
	s.win.Stop()
	s.writeMu.Lock()
	if s.batch != nil { // pages of snapshots still running: they are removed at the next open
		s.batch.timer.Stop()
		s.batch.tx.Rollback()
		s.batch = nil
	}
	s.writeMu.Unlock()
	err := errors.Join(s.db.Close(), s.w.Close())
	if s.lock != nil {
		s.lock.Close()
	}
	return err
}

func (s *Store) migrate(ctx context.Context) error {
	var version int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read schema version of %s: %w", s.path, err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		n, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with its number", base)
		}
		if n <= version {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		if err := s.applyMigration(ctx, base, string(body), n); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) applyMigration(ctx context.Context, name, body string, version int) error {
	tx, done, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer done()
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, body); err != nil {
		return fmt.Errorf("apply migration %s: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", version)); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("apply migration %s: %w", name, err)
	}
	return nil
}

// ms stores a time as Unix milliseconds, 0 for unknown.
func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMS(v sql.NullInt64) time.Time {
	if !v.Valid || v.Int64 == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v.Int64).UTC()
}

// begin starts a write transaction. This process's writers queue on a mutex (fair, unlike
// SQLite's busy handler, under which four refreshes writing page after page can starve one);
// busy_timeout is left for other processes. Call done after Commit or Rollback.
func (s *Store) begin(ctx context.Context) (tx *sql.Tx, done func(), err error) {
	s.writeMu.Lock()
	s.flushBatch()
	tx, err = s.w.BeginTx(ctx, nil)
	if err != nil {
		s.writeMu.Unlock()
		return nil, nil, err
	}
	return tx, s.writeMu.Unlock, nil
}

// exec runs one write statement outside a transaction, queued like begin's.
func (s *Store) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	s.flushBatch()
	return s.w.ExecContext(ctx, query, args...)
}
