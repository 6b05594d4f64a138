package cli

import (
	"context"
	"fmt"
	"strings"
)

func runSignOut(ctx context.Context, home string, args []string, env Env) error {
	if isBulkSignOut(args) {
		return runBulkSignOut(ctx, home, args, env)
	}
	fs := newFlags("signout", env, &home)
	conn := fs.String("connection", "", "connection name")
	id := fs.String("session", "", "session id")
	user := fs.String("user", "", "user id: end every session of this user")
	reason := fs.String("reason", "", "why (goes to the audit trail; required with --user)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *conn == "" || (*id == "") == (*user == "") {
		return fmt.Errorf("signout needs --connection and one of --session or --user: %w", ErrUsage)
	}
	if *user != "" && strings.TrimSpace(*reason) == "" {
		return fmt.Errorf("signing out every session of a user needs --reason: %w", ErrUsage)
	}
	ws, err := openWorkspace(ctx, home, env)
	if err != nil {
		return err
	}
	defer ws.Close()
	c, err := ws.ConnectionByName(ctx, *conn)
	if err != nil {
		return err
	}
	if *user != "" {
		res, entry, err := ws.SignOutUser(ctx, c.ID, *user, *reason)
		if err != nil {
			return err
		}
		switch res.Outcome {
		case "ended":
			fmt.Fprintf(env.Stdout, "ended the sessions of user %s on %s (audit entry %d)\n", *user, c.Name, entry.ID)
		case "already_gone":
			fmt.Fprintf(env.Stdout, "user %s had no sessions left on %s (audit entry %d)\n", *user, c.Name, entry.ID)
		default:
			return fmt.Errorf("could not end the sessions of %s on %s: %s (audit entry %d)", *user, c.Name, res.Message, entry.ID)
		}
		return nil
	}
	res, entry, err := ws.SignOut(ctx, c.ID, *id, *reason)
	if err != nil {
		return err
	}
	switch res.Outcome {
	case "ended":
		fmt.Fprintf(env.Stdout, "ended session %s on %s (audit entry %d)\n", *id, c.Name, entry.ID)
	case "already_gone":
		fmt.Fprintf(env.Stdout, "session %s on %s was already gone (audit entry %d)\n", *id, c.Name, entry.ID)
	default:
		return fmt.Errorf("could not end session %s on %s: %s (audit entry %d)", *id, c.Name, res.Message, entry.ID)
	}
	return nil
}
