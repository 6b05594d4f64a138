package store

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"

	"sessionscope/backend/session"
)

// A snapshot's digest is what comparing it with another snapshot needs: a hash of every session
// id, its users, countries and (user, browser, platform) devices. It is gathered from the pages as
// they are written and stored when the snapshot completes, so a comparison reads two records of
// a few hundred kilobytes instead of every row of both snapshots. Snapshots written before
// digests existed are compared from their rows (diffRows).
type digest struct {
	Sessions    []uint64     // FNV-1a of each session id, sorted (a repeated id stays repeated)
	Users       []digestUser // by key; the empty key is left out
	Countries   []string     // sorted; the empty code is left out
	Devices     []string     // "browser\x00platform", the dictionary UserDevices points into
	UserDevices []uint64     // user index << 32 | device index, sorted; devices with no browser are left out
}

type digestUser struct {
	Key  string // user_key: the username in lower case
	Name string // the greatest spelling of the username seen under this key
}

// digestBuilder gathers a digest page by page.
type digestBuilder struct {
	sessions  []uint64
	users     map[string]string
	countries map[string]struct{}
	devices   map[string]uint32
	userDevs  map[userDevice]struct{}
}

type userDevice struct {
	user   string
	device uint32
}

func newDigestBuilder() *digestBuilder {
	return &digestBuilder{users: map[string]string{}, countries: map[string]struct{}{},
		devices: map[string]uint32{}, userDevs: map[userDevice]struct{}{}}
}

func hashID(id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	return h.Sum64()
}

// add takes in one page, with the same values the rows get (see SessionArgs).
func (b *digestBuilder) add(page []session.Session) {
	for i := range page {
		x := &page[i]
		b.sessions = append(b.sessions, hashID(x.ID))
		key := strings.ToLower(x.Username)
		if key != "" {
			if prev, ok := b.users[key]; !ok || x.Username > prev {
				b.users[key] = x.Username
			}
		}
		if x.Geo.CountryCode != "" {
			b.countries[x.Geo.CountryCode] = struct{}{}
		}
		if key != "" && x.Device.Browser != "" {
			dv := x.Device.Browser + "\x00" + x.Device.Platform
			n, ok := b.devices[dv]
			if !ok {
				n = uint32(len(b.devices))
				b.devices[dv] = n
			}
			b.userDevs[userDevice{key, n}] = struct{}{}
		}
	}
}

func (b *digestBuilder) build() *digest {
	d := &digest{Sessions: b.sessions}
	slices.Sort(d.Sessions)
	d.Users = make([]digestUser, 0, len(b.users))
	for k, n := range b.users {
		d.Users = append(d.Users, digestUser{k, n})
	}
	slices.SortFunc(d.Users, func(x, y digestUser) int { return cmp.Compare(x.Key, y.Key) })
	for c := range b.countries {
		d.Countries = append(d.Countries, c)
	}
	slices.Sort(d.Countries)
	d.Devices = make([]string, len(b.devices))
	for dv, n := range b.devices {
		d.Devices[n] = dv
	}
	index := make(map[string]int, len(d.Users))
	for i, u := range d.Users {
		index[u.Key] = i
	}
	d.UserDevices = make([]uint64, 0, len(b.userDevs))
	for ud := range b.userDevs {
		d.UserDevices = append(d.UserDevices, uint64(index[ud.user])<<32|uint64(ud.device))
	}
	slices.Sort(d.UserDevices)
	return d
}

func (d *digest) encode() ([]byte, error) {
	var buf bytes.Buffer
	err := gob.NewEncoder(&buf).Encode(d)
	return buf.Bytes(), err
}

// saveDigest stores a completed snapshot's digest inside its completing transaction.
func saveDigest(ctx context.Context, tx *sql.Tx, snapshotID int64, d *digest) error {
	body, err := d.encode()
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT OR REPLACE INTO snapshot_digests(snapshot_id, body) VALUES (?, ?)`, snapshotID, body)
	return err
}

// loadDigest reads a snapshot's digest; nil when the snapshot has none.
func (s *Store) loadDigest(ctx context.Context, snapshotID int64) (*digest, error) {
	var body []byte
	err := s.db.QueryRowContext(ctx, `SELECT body FROM snapshot_digests WHERE snapshot_id = ?`, snapshotID).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var d digest
	if err := gob.NewDecoder(bytes.NewReader(body)).Decode(&d); err != nil {
		return nil, fmt.Errorf("digest of snapshot %d is unreadable: %w", snapshotID, err)
	}
	return &d, nil
}

// userDevice of a digest entry: the user's key and name, the browser and the platform.
func (d *digest) userDevice(e uint64) (digestUser, string, string) {
	u := d.Users[e>>32]
	browser, platform, _ := strings.Cut(d.Devices[uint32(e)], "\x00")
	return u, browser, platform
}

// compareDigests fills diff with what b (the later snapshot) has that a has not, and the
// sessions of a that b has not, exactly as compareRows does from the rows.
func compareDigests(diff *Diff, a, b *digest) {
	for _, h := range b.Sessions {
		if _, found := slices.BinarySearch(a.Sessions, h); !found {
			diff.NewSessions++
		}
	}
	for i, h := range a.Sessions {
		if i > 0 && a.Sessions[i-1] == h {
			continue
		}
		if _, found := slices.BinarySearch(b.Sessions, h); !found {
			diff.EndedSessions++
		}
	}
	userIn := func(d *digest, key string) bool {
		_, found := slices.BinarySearchFunc(d.Users, key, func(u digestUser, k string) int { return cmp.Compare(u.Key, k) })
		return found
	}
	for _, u := range b.Users {
		if !userIn(a, u.Key) {
			diff.NewUserCount++
			if len(diff.NewUsers) < diffListMax {
				diff.NewUsers = append(diff.NewUsers, u.Name)
			}
		}
	}
	for _, c := range b.Countries {
		if _, found := slices.BinarySearch(a.Countries, c); !found {
			diff.NewCountries = append(diff.NewCountries, c)
		}
	}
	// a's devices as one set of strings; b's are walked in (user key, browser, platform) order.
	had := make(map[string]struct{}, len(a.UserDevices))
	for _, e := range a.UserDevices {
		u, browser, platform := a.userDevice(e)
		had[u.Key+"\x00"+browser+"\x00"+platform] = struct{}{}
	}
	var fresh []UserDevice
	var keys []string
	for _, e := range b.UserDevices {
		u, browser, platform := b.userDevice(e)
		if _, ok := had[u.Key+"\x00"+browser+"\x00"+platform]; !ok {
			fresh = append(fresh, UserDevice{Username: u.Name, Browser: browser, Platform: platform})
			keys = append(keys, u.Key)
		}
	}
	order := make([]int, len(fresh))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int {
		return cmp.Or(cmp.Compare(keys[x], keys[y]), cmp.Compare(fresh[x].Browser, fresh[y].Browser),
			cmp.Compare(fresh[x].Platform, fresh[y].Platform))
	})
	diff.NewDeviceCount = len(fresh)
	for _, i := range order[:min(len(order), diffListMax)] {
		diff.NewDevices = append(diff.NewDevices, fresh[i])
	}
}
