package workspace

import (
	"os"

	"sessionscope/backend/geo"
)

// Environment variables that point the enrichment at the user's own databases. Every one is
// optional: without them IPs are still classified (private / unknown) and user agents parsed.
const (
	EnvGeoIPCity = "SESSIONSCOPE_GEOIP_CITY" // MaxMind GeoLite2/GeoIP2 City .mmdb
	EnvGeoIPASN  = "SESSIONSCOPE_GEOIP_ASN"  // MaxMind GeoLite2/GeoIP2 ASN .mmdb
	EnvDBIPv4    = "SESSIONSCOPE_DBIP_IPV4"  // DB-IP Lite City, IPv4 file
	EnvDBIPv6    = "SESSIONSCOPE_DBIP_IPV6"  // DB-IP Lite City, IPv6 file
	EnvUARegexes = "SESSIONSCOPE_UA_REGEXES" // uap-core regexes.yaml
)

// openEnricher opens the GeoIP and user-agent enrichment configured in the environment.
func openEnricher() (*geo.Enricher, error) {
	return geo.Open(geo.Config{
		CityDB: os.Getenv(EnvGeoIPCity), ASNDB: os.Getenv(EnvGeoIPASN),
		DBIPv4: os.Getenv(EnvDBIPv4), DBIPv6: os.Getenv(EnvDBIPv6),
		UARegexes: os.Getenv(EnvUARegexes),
	})
}
