package simkit

import "strings"

// OrgDefaults fills the Config fields every simulator has: 200 users, seed 1 and the
// organisation "Acme Corp" when unset.
func OrgDefaults(users *int, seed *int64, org *string) {
	if *users <= 0 {
		*users = 200
	}
	if *seed == 0 {
		*seed = 1
	}
	if strings.TrimSpace(*org) == "" {
		*org = "Acme Corp"
	}
}

// Slug is the first word of an organisation's name folded to lower-case ASCII without
// hyphens ("Acme Corp" → "acme"), or fallback when nothing is left.
func Slug(org, fallback string) string {
	slug := ""
	if f := strings.Fields(org); len(f) > 0 {
		slug = strings.ReplaceAll(ASCIIFold(f[0]), "-", "")
	}
	if slug == "" {
		return fallback
	}
	return slug
}

// DataSeed mixes the configured seed with the organisation's name: every generated value
// derives from it.
func DataSeed(seed int64, org string) uint64 { return uint64(seed) ^ Splitmix(HashString(org)) }
