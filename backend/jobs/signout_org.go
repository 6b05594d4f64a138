package jobs

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"sessionscope/backend/session"
	"sessionscope/backend/source"
	"sessionscope/backend/store"
)

// endedSet is the sessions this job ended on one connection, to recognise children that went
// with their parent.
type endedSet struct {
	mu sync.Mutex
	m  map[string]bool
}

func (e *endedSet) add(id string) { e.mu.Lock(); e.m[id] = true; e.mu.Unlock() }
func (e *endedSet) has(id string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.m[id]
}

// runOrg does one connection's part: the items left in flight first, then the pending ones in
// batches, a bounded number at a time. A connection that stops early (credential refused,
// server down) keeps its unsent items pending and says why.
func (ru *run) runOrg(o store.JobOrg) error {
	// Calls and their records finish even when the job is cancelled: only new batches stop.
	ctx := context.WithoutCancel(ru.stop)
	st := ru.r.Store
	sending, err := st.OrgItems(ctx, ru.job.ID, o.ConnectionID, store.ItemSending)
	if err != nil {
		return err
	}
	pending, err := st.OrgItems(ctx, ru.job.ID, o.ConnectionID, store.ItemPending)
	if err != nil || len(sending)+len(pending) == 0 {
		return err
	}
	cl, err := ru.r.Client(ctx, o.ConnectionID)
	if err != nil {
		return fmt.Errorf("could not open the connection (nothing was sent): %w", err)
	}
	if len(sending) > 0 {
		back, err := ru.resolveSending(ctx, cl, o, sending)
		if err != nil && ru.stop.Err() != nil {
			return errStopped
		}
		if err != nil {
			return fmt.Errorf("could not check the %d sessions in flight when the job stopped, so nothing more was sent: %w", len(sending), err)
		}
		pending = mergeBySeq(pending, back)
	}
	if ru.stop.Err() != nil {
		return errStopped
	}
	done, err := st.OrgItems(ctx, ru.job.ID, o.ConnectionID, store.ItemEnded)
	if err != nil {
		return err
	}
	ended := &endedSet{m: map[string]bool{}}
	for _, it := range done {
		ended.add(it.Target)
	}
	chunks, err := ru.chunks(cl, o, pending)
	if err != nil {
		return err
	}
	orgStop, stopOrg := context.WithCancel(ru.stop)
	defer stopOrg()
	work := make(chan []store.JobItem)
	var (
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
	)
	for range ru.r.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ch := range work {
				if err := ru.doChunk(ctx, cl, o, ch, ended); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					stopOrg()
				}
			}
		}()
	}
feed:
	for _, ch := range chunks {
		select {
		case <-orgStop.Done():
			break feed
		case work <- ch:
		}
	}
	close(work)
	wg.Wait()
	switch {
	case first != nil && !errors.Is(first, errStopped):
		return first
	case ru.stop.Err() != nil:
		return errStopped
	}
	return nil
}

// doChunk sends one batch: marked sending (committed) before the call, results recorded durably
// with their audit entries after it.
func (ru *run) doChunk(ctx context.Context, cl source.Client, o store.JobOrg, items []store.JobItem, ended *endedSet) error {
	// A cancel asked for from another process is seen here, before each batch.
	if asked, err := ru.r.Store.CancelRequested(ctx, ru.job.ID); err == nil && asked {
		ru.cancel()
	}
	if ru.stop.Err() != nil {
		return errStopped
	}
	seqs := make([]int64, len(items))
	for i, it := range items {
		seqs[i] = it.Seq
	}
	if err := ru.r.Store.MarkSending(ctx, ru.job.ID, seqs); err != nil {
		return err
	}
	for i := range items {
		items[i].State = store.ItemSending
	}
	ru.track.moved(o.ConnectionID, store.ItemPending, store.ItemSending, len(items))
	results, callErr := ru.call(ctx, cl, o, items, ended)
	if err := ru.record(ctx, o, results); err != nil {
		return err
	}
	return callErr
}

// record writes results with their audit entries, then counts them.
func (ru *run) record(ctx context.Context, o store.JobOrg, results []store.ItemResult) error {
	for i := range results {
		results[i].Audit = ru.auditOf(o, results[i])
	}
	if err := ru.r.Store.RecordItems(ctx, ru.job.ID, results); err != nil {
		return fmt.Errorf("the server answered, but recording the results failed (they stay in flight and are checked on resume): %w", err)
	}
	for _, r := range results {
		ru.track.moved(o.ConnectionID, r.Item.State, r.State, 1)
	}
	return nil
}

func (ru *run) auditOf(o store.JobOrg, r store.ItemResult) session.AuditEntry {
	e := session.AuditEntry{Actor: ru.actor(o), Connection: o.Connection, Reason: ru.job.Reason, Result: r.State, Detail: r.Message}
	it := r.Item
	switch it.Method {
	case store.MethodUser:
		e.Action, e.Target = "signout.user", fmt.Sprintf("every session of %s (user %s)", it.Username, it.UserID)
	case store.MethodContain:
		e.Action, e.Target = "contain.user", fmt.Sprintf("user %s (%s)", it.Username, it.UserID)
	default:
		id := it.Target
		if o.SecretIDs {
			id = session.ShortID(id)
		}
		e.Action, e.Target = "signout.session", fmt.Sprintf("session %s of %s", id, it.Username)
	}
	return e
}

// chunks cuts a connection's pending items into batches: up to the batch size for the batch
// method, SessionChunk items for one-call-per-item methods. A family is not split across two
// batches when it fits in one.
func (ru *run) chunks(cl source.Client, o store.JobOrg, items []store.JobItem) ([][]store.JobItem, error) {
	batch := o.BatchSize
	if br, ok := cl.(source.BatchRevoker); ok && br.MaxBatch() > 0 {
		batch = min(max(batch, 1), br.MaxBatch())
	}
	size := func(method string) int {
		if method == store.MethodBatch {
			return max(batch, 1)
		}
		return ru.r.SessionChunk
	}
	family := func(it store.JobItem) string {
		if it.ParentID != "" {
			return it.ParentID
		}
		return it.Target
	}
	var out [][]store.JobItem
	var cur []store.JobItem
	famStart := 0
	for _, it := range items {
		if err := supports(cl, it.Method); err != nil {
			return nil, err
		}
		if len(cur) > 0 && (cur[0].Method != it.Method || len(cur) >= size(cur[0].Method)) {
			if cur[0].Method == it.Method && famStart > 0 && family(cur[len(cur)-1]) == family(it) {
				out = append(out, cur[:famStart:famStart])
				cur = append([]store.JobItem(nil), cur[famStart:]...)
			}
			if cur[0].Method != it.Method || len(cur) >= size(cur[0].Method) {
				out = append(out, cur)
				cur = nil
			}
			famStart = 0
		}
		if len(cur) > 0 && family(cur[len(cur)-1]) != family(it) {
			famStart = len(cur)
		}
		cur = append(cur, it)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out, nil
}

func supports(cl source.Client, method string) error {
	var ok bool
	switch method {
	case store.MethodBatch:
		_, ok = cl.(source.BatchRevoker)
	case store.MethodSession:
		_, ok = cl.(source.SessionRevoker)
	case store.MethodUser:
		_, ok = cl.(source.UserRevoker)
	case store.MethodContain:
		_, ok = cl.(source.UserContainer)
	}
	if !ok {
		return fmt.Errorf("this connection can no longer do what the job planned (%s)", method)
	}
	return nil
}

// mergeBySeq merges two item lists sorted by seq.
func mergeBySeq(a, b []store.JobItem) []store.JobItem {
	out := make([]store.JobItem, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if a[0].Seq < b[0].Seq {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return append(append(out, a...), b...)
}
