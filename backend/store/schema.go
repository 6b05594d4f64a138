package store

import (
	"io/fs"
	"strconv"
	"strings"
)

// SchemaVersion is the schema version this build's migrations bring a database to (the
// number of the newest one): a bundle written by a newer build has a higher one.
func SchemaVersion() int {
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	v := 0
	for _, name := range names {
		n, err := strconv.Atoi(strings.SplitN(strings.TrimPrefix(name, "migrations/"), "_", 2)[0])
		if err == nil && n > v {
			v = n
		}
	}
	return v
}
