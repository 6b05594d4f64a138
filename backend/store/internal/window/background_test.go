package window

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// A job asked for while it runs runs once more afterwards, not once per request.
func TestRerunTakesInTheLastRequest(t *testing.T) {
	e := New(Options{})
	defer e.Stop()
	var r Rerun
	var runs atomic.Int32
	release := make(chan struct{})
	job := func(context.Context) {
		if runs.Add(1) == 1 {
			<-release
		}
	}
	e.Start(&r, 0, job)
	for runs.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	e.Start(&r, 0, job)
	e.Start(&r, 0, job)
	close(release)
	for r.Busy() {
		time.Sleep(time.Millisecond)
	}
	if n := runs.Load(); n != 2 {
		t.Fatalf("%d runs, want 2", n)
	}
}

// Stop cancels a job in flight, waits for it, and no job starts afterwards.
func TestStopCancelsAndWaits(t *testing.T) {
	e := New(Options{})
	var r Rerun
	var ended atomic.Bool
	running := make(chan struct{})
	e.Start(&r, 0, func(ctx context.Context) {
		close(running)
		<-ctx.Done()
		ended.Store(true)
	})
	<-running
	e.Stop()
	if !ended.Load() {
		t.Fatal("Stop returned before the job ended")
	}
	started := false
	e.Start(&r, 0, func(context.Context) { started = true })
	if r.Busy() || started {
		t.Fatal("a job started after Stop")
	}
}
