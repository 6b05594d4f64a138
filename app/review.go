package app

import (
	"context"

	"sessionscope/backend/session"
	"sessionscope/backend/workspace"
)

// ReviewService runs the weekly review: start one, work through its flagged sessions with a
// decision and a note each, close it with the reviewer's name.
type ReviewService struct{ ws *workspace.Workspace }

// ReviewView is one review and its progress.
type ReviewView struct {
	ID            int64                `json:"id"`
	Title         string               `json:"title"`
	StartedAt     string               `json:"startedAt"`
	StartedBy     string               `json:"startedBy"`
	SinceReviewID int64                `json:"sinceReviewId"` // the closed review it compares with (0 = none)
	ClosedAt      string               `json:"closedAt"`      // "": still open
	ClosedBy      string               `json:"closedBy"`
	Closed        bool                 `json:"closed"`
	Snapshots     []ReviewSnapshotView `json:"snapshots"`
	Items         int                  `json:"items"`    // flagged sessions to review
	Reviewed      int                  `json:"reviewed"` // of them, those with every flag decided
}

// ReviewSnapshotView is one org's snapshot a review pins, and the one it is compared with.
type ReviewSnapshotView struct {
	ConnectionID    int64  `json:"connectionId"`
	Connection      string `json:"connection"`
	SnapshotID      int64  `json:"snapshotId"`
	SnapshotAt      string `json:"snapshotAt"`
	SinceSnapshotID int64  `json:"sinceSnapshotId"` // 0 = nothing to compare with
}

// OpenReviewView is the review being worked on, if any.
type OpenReviewView struct {
	Open   bool       `json:"open"`
	Review ReviewView `json:"review"`
}

// ReviewItemsQuery asks for a window of a review's flagged sessions.
type ReviewItemsQuery struct {
	Pending bool `json:"pending"` // only sessions with a flag still undecided
	Offset  int  `json:"offset"`
	Limit   int  `json:"limit"` // 1–1000
}

// ReviewItemsPage is one window of a review's flagged sessions and how many the query selects.
type ReviewItemsPage struct {
	Items []ReviewItemView `json:"items"`
	Total int              `json:"total"`
}

// ReviewItemView is one flagged session of a review and its decisions.
type ReviewItemView struct {
	ID           int64            `json:"id"`
	ConnectionID int64            `json:"connectionId"`
	Connection   string           `json:"connection"`
	SessionID    string           `json:"sessionId"` // to open its detail
	DisplayID    string           `json:"displayId"` // shortened when the id is a credential
	Username     string           `json:"username"`
	Severity     string           `json:"severity"`
	Decision     string           `json:"decision"` // the last decision on the whole session ("" = none)
	Note         string           `json:"note"`
	MarkedAt     string           `json:"markedAt"`
	MarkedBy     string           `json:"markedBy"`
	Reviewed     bool             `json:"reviewed"` // every flag decided
	Flags        []ReviewFlagView `json:"flags"`
}

// ReviewFlagView is one flag of a reviewed session, with its own decision.
type ReviewFlagView struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Reason   string `json:"reason"`
	Decision string `json:"decision"`
	Note     string `json:"note"`
	MarkedAt string `json:"markedAt"`
	MarkedBy string `json:"markedBy"`
}

// MarkRequest records a decision on a review item, or on one rule's flags of it.
type MarkRequest struct {
	ItemID   int64  `json:"itemId"`
	Rule     string `json:"rule"`     // "" = every flag of the session
	Decision string `json:"decision"` // one of Decisions
	Note     string `json:"note"`
}

// ReviewMarkView is one mark as it was made (the review's log).
type ReviewMarkView struct {
	ID       int64  `json:"id"`
	ItemID   int64  `json:"itemId"`
	Rule     string `json:"rule"`
	Decision string `json:"decision"`
	Note     string `json:"note"`
	At       string `json:"at"`
	Actor    string `json:"actor"`
}

// ReviewChangeView is what changed in one org since the review this one compares with.
type ReviewChangeView struct {
	Connection     string   `json:"connection"`
	Compared       bool     `json:"compared"`
	Note           string   `json:"note"` // why nothing was compared
	From           string   `json:"from"` // when each snapshot finished
	To             string   `json:"to"`
	NewSessions    int      `json:"newSessions"`
	EndedSessions  int      `json:"endedSessions"`
	NewUsers       []string `json:"newUsers"`
	NewUserCount   int      `json:"newUserCount"`
	NewCountries   []string `json:"newCountries"`
	NewDeviceCount int      `json:"newDeviceCount"`
}

// Decisions lists the decisions a mark may carry (expected, signed_out, follow_up).
func (s *ReviewService) Decisions() []string { return nonNilStrings(s.ws.Decisions()) }

// Start opens a review of the given orgs' current snapshots (every org when empty).
func (s *ReviewService) Start(title string, connectionIDs []int64) (ReviewView, error) {
	r, err := s.ws.StartReview(context.Background(), title, connectionIDs)
	if err != nil {
		return ReviewView{}, err
	}
	return toReview(r), nil
}

// List lists every review, newest first.
func (s *ReviewService) List() ([]ReviewView, error) {
	rs, err := s.ws.Reviews(context.Background())
	if err != nil {
		return nil, err
	}
	out := make([]ReviewView, len(rs))
	for i, r := range rs {
		out[i] = toReview(r)
	}
	return out, nil
}

// Get returns one review.
func (s *ReviewService) Get(id int64) (ReviewView, error) {
	r, err := s.ws.Review(context.Background(), id)
	if err != nil {
		return ReviewView{}, err
	}
	return toReview(r), nil
}

// Open returns the review being worked on, if any.
func (s *ReviewService) Open() (OpenReviewView, error) {
	r, ok, err := s.ws.OpenReview(context.Background())
	if err != nil || !ok {
		return OpenReviewView{Review: ReviewView{Snapshots: []ReviewSnapshotView{}}}, err
	}
	return OpenReviewView{Open: true, Review: toReview(r)}, nil
}

// Items returns a window of a review's flagged sessions, most severe first.
func (s *ReviewService) Items(id int64, q ReviewItemsQuery) (ReviewItemsPage, error) {
	ctx := context.Background()
	items, total, err := s.ws.ReviewItems(ctx, id, workspace.ReviewItemsQuery{Pending: q.Pending, Offset: q.Offset, Limit: q.Limit})
	if err != nil {
		return ReviewItemsPage{}, err
	}
	secret, err := s.secretIDs(ctx)
	if err != nil {
		return ReviewItemsPage{}, err
	}
	page := ReviewItemsPage{Items: make([]ReviewItemView, len(items)), Total: total}
	for i, it := range items {
		page.Items[i] = toReviewItem(it, secret[it.ConnectionID])
	}
	return page, nil
}

// Mark records a decision and note and returns the item as it now stands.
func (s *ReviewService) Mark(reviewID int64, m MarkRequest) (ReviewItemView, error) {
	ctx := context.Background()
	it, err := s.ws.MarkReview(ctx, reviewID, workspace.Mark{ItemID: m.ItemID, Rule: workspace.Rule(m.Rule),
		Decision: m.Decision, Note: m.Note})
	if err != nil {
		return ReviewItemView{}, err
	}
	secret, err := s.secretIDs(ctx)
	if err != nil {
		return ReviewItemView{}, err
	}
	return toReviewItem(it, secret[it.ConnectionID]), nil
}

// Close signs an open review off with the reviewer's name; it is read-only afterwards.
func (s *ReviewService) Close(id int64, reviewer string) (ReviewView, error) {
	r, err := s.ws.CloseReview(context.Background(), id, reviewer)
	if err != nil {
		return ReviewView{}, err
	}
	return toReview(r), nil
}

// Marks returns a review's marks in the order they were made.
func (s *ReviewService) Marks(id int64) ([]ReviewMarkView, error) {
	ms, err := s.ws.ReviewMarks(context.Background(), id)
	if err != nil {
		return nil, err
	}
	out := make([]ReviewMarkView, len(ms))
	for i, m := range ms {
		out[i] = ReviewMarkView{ID: m.ID, ItemID: m.ItemID, Rule: string(m.Rule), Decision: m.Decision, Note: m.Note,
			At: rfc3339(m.At), Actor: m.Actor}
	}
	return out, nil
}

// Changes compares each snapshot the review pins with the one of the last closed review.
func (s *ReviewService) Changes(id int64) ([]ReviewChangeView, error) {
	chs, err := s.ws.ReviewChanges(context.Background(), id)
	if err != nil {
		return nil, err
	}
	out := make([]ReviewChangeView, len(chs))
	for i, c := range chs {
		v := ReviewChangeView{Connection: c.Connection, Note: c.Note, NewUsers: []string{}, NewCountries: []string{}}
		if d := c.Diff; d != nil {
			v.Compared, v.From, v.To = true, rfc3339(d.From.FinishedAt), rfc3339(d.To.FinishedAt)
			v.NewSessions, v.EndedSessions, v.NewUserCount, v.NewDeviceCount = d.NewSessions, d.EndedSessions, d.NewUserCount, d.NewDeviceCount
			v.NewUsers = append(v.NewUsers, d.NewUsers...)
			v.NewCountries = append(v.NewCountries, d.NewCountries...)
		}
		out[i] = v
	}
	return out, nil
}

// secretIDs tells, per connection, whether its session ids are credentials to shorten.
func (s *ReviewService) secretIDs(ctx context.Context) (map[int64]bool, error) {
	conns, err := s.ws.Connections(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]bool, len(conns))
	for _, c := range conns {
		out[c.ID] = s.ws.SessionIDIsSecret(c.Kind)
	}
	return out, nil
}

func toReview(r workspace.Review) ReviewView {
	v := ReviewView{ID: r.ID, Title: r.Title, StartedAt: rfc3339(r.StartedAt), StartedBy: r.StartedBy,
		SinceReviewID: r.SinceReviewID, ClosedAt: rfc3339(r.ClosedAt), ClosedBy: r.ClosedBy, Closed: r.Closed(),
		Snapshots: make([]ReviewSnapshotView, len(r.Snapshots)), Items: r.Items, Reviewed: r.Reviewed}
	for i, p := range r.Snapshots {
		v.Snapshots[i] = ReviewSnapshotView{ConnectionID: p.ConnectionID, Connection: p.Connection, SnapshotID: p.SnapshotID,
			SnapshotAt: rfc3339(p.SnapshotAt), SinceSnapshotID: p.SinceSnapshotID}
	}
	return v
}

func toReviewItem(it workspace.ReviewItem, secretID bool) ReviewItemView {
	display := it.SessionID
	if secretID {
		display = session.ShortID(it.SessionID)
	}
	v := ReviewItemView{ID: it.ID, ConnectionID: it.ConnectionID, Connection: it.Connection, SessionID: it.SessionID,
		DisplayID: display, Username: it.Username, Severity: it.Severity.String(), Decision: it.Decision, Note: it.Note,
		MarkedAt: rfc3339(it.MarkedAt), MarkedBy: it.MarkedBy, Reviewed: it.Reviewed(), Flags: make([]ReviewFlagView, len(it.Flags))}
	for i, f := range it.Flags {
		v.Flags[i] = ReviewFlagView{Rule: string(f.Rule), Severity: f.Severity.String(), Reason: f.Reason, Decision: f.Decision,
			Note: f.Note, MarkedAt: rfc3339(f.MarkedAt), MarkedBy: f.MarkedBy}
	}
	return v
}
