package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"sessionscope/backend/session"
	"sessionscope/backend/workspace"
)

// userOut is one user in --json output.
type userOut struct {
	Username     string   `json:"username"`
	Name         string   `json:"name"`
	Connections  []string `json:"connections"`
	Sessions     int      `json:"sessions"`
	Countries    int      `json:"countries"`
	LastActiveAt *string  `json:"last_active_at"`
}

// runUsers lists one row per user across the orgs, who holds the most sessions first.
func runUsers(ctx context.Context, home string, args []string, env Env) error {
	fs := newFlags("users", env, &home)
	conn := fs.String("connection", "", "only this connection")
	user := fs.String("user", "", "username or display-name prefix")
	sort := fs.String("sort", "sessions", "sessions, countries, last_active_at or username")
	limit := fs.Int("limit", 100, "users to print (1–1000)")
	asJSON := fs.Bool("json", false, "print one JSON array")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	ws, err := openWorkspace(ctx, home, env)
	if err != nil {
		return err
	}
	defer ws.Close()
	q := workspace.UsersQuery{Filter: session.Filter{User: *user}, Sort: *sort, Desc: *sort != "username", Limit: *limit}
	if *conn != "" {
		c, err := ws.ConnectionByName(ctx, *conn)
		if err != nil {
			return err
		}
		q.Filter.ConnectionIDs = []int64{c.ID}
	}
	rows, total, err := ws.Users(ctx, q)
	if err != nil {
		return fmt.Errorf("users: %w", err)
	}
	out := make([]userOut, len(rows))
	for i, r := range rows {
		out[i] = userOut{Username: r.Username, Name: r.Name, Connections: r.Connections, Sessions: r.Sessions,
			Countries: r.Countries, LastActiveAt: timePtr(r.LastActiveAt)}
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "USERNAME\tNAME\tSESSIONS\tCOUNTRIES\tORGS\tLAST ACTIVE")
	for _, u := range out {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\n", u.Username, u.Name, u.Sessions, u.Countries,
			strings.Join(u.Connections, ", "), deref(u.LastActiveAt))
	}
	fmt.Fprintf(tw, "%d of %d users\n", len(out), total)
	return tw.Flush()
}
