package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"sessionscope/backend/workspace"
)

// runPolicy runs `policy show|set|preview NAME …`.
func runPolicy(ctx context.Context, home string, args []string, env Env) error {
	if len(args) == 0 {
		return fmt.Errorf("policy: show, set or preview?: %w", ErrUsage)
	}
	action, rest := args[0], args[1:]
	switch action {
	case "show":
		fs := newFlags("policy show", env, &home)
		asJSON := fs.Bool("json", false, "print JSON")
		pos, err := parseAnywhere(fs, rest)
		if err != nil {
			return err
		}
		if len(pos) != 1 {
			return fmt.Errorf("policy show: give one connection name: %w", ErrUsage)
		}
		ws, err := openWorkspace(ctx, home, env)
		if err != nil {
			return err
		}
		defer ws.Close()
		c, err := connectionNamed(ctx, ws, pos[0])
		if err != nil {
			return err
		}
		v, err := ws.Policy(ctx, c.ID)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(env.Stdout, policyJSON(v))
		}
		return printPolicy(env, v)
	case "set", "preview":
		// NAME first, then FIELD=VALUE pairs (a value may hold spaces when quoted).
		var name string
		var pairs []string
		for _, a := range rest {
			switch {
			case strings.HasPrefix(a, "-"):
				return fmt.Errorf("policy %s: unknown flag %s: %w", action, a, ErrUsage)
			case name == "" && !strings.Contains(a, "="):
				name = a
			default:
				pairs = append(pairs, a)
			}
		}
		if name == "" || len(pairs) == 0 {
			return fmt.Errorf("policy %s: give a connection name and FIELD=VALUE settings: %w", action, ErrUsage)
		}
		changes := map[string]string{}
		for _, p := range pairs {
			k, v, ok := strings.Cut(p, "=")
			if !ok {
				return fmt.Errorf("policy %s: %q is not FIELD=VALUE: %w", action, p, ErrUsage)
			}
			changes[strings.TrimSpace(k)] = v
		}
		ws, err := openWorkspace(ctx, home, env)
		if err != nil {
			return err
		}
		defer ws.Close()
		c, err := connectionNamed(ctx, ws, name)
		if err != nil {
			return err
		}
		if action == "preview" {
			pv, err := ws.PreviewPolicy(ctx, c.ID, changes)
			if err != nil {
				return policyErrorText(err)
			}
			fmt.Fprintf(env.Stdout, "%s: %d of %d sessions flagged now; with this change %d (%d flags)\n", c.Name,
				pv.Current.Flagged, pv.Proposed.Sessions, pv.Proposed.Flagged, pv.Proposed.Flags)
			return nil
		}
		v, sum, err := ws.SetPolicy(ctx, c.ID, changes)
		if err != nil {
			return policyErrorText(err)
		}
		if err := printPolicy(env, v); err != nil {
			return err
		}
		if c.Current != nil {
			fmt.Fprintf(env.Stdout, "judged again: %d flags on %d of %d sessions\n", sum.Flags, sum.Flagged, sum.Sessions)
		}
		return nil
	}
	return fmt.Errorf("policy: unknown action %q: %w", action, ErrUsage)
}

func printPolicy(env Env, v workspace.PolicyView) error {
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "policy of %s\n", v.Connection)
	fmt.Fprintln(tw, "SETTING\tVALUE\tFROM\tDEFAULT\tSERVER")
	for _, f := range v.Fields {
		val := f.Value
		if val == "" {
			val = "(any)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", f.Name, val, f.Source, f.Default, f.Server)
	}
	if !v.ServerReadAt.IsZero() {
		fmt.Fprintf(tw, "server settings read %s\n", v.ServerReadAt.Format("2006-01-02 15:04 MST"))
	}
	return tw.Flush()
}

type policyFieldJSON struct {
	Name     string `json:"name"`
	Value    string `json:"value"`
	Source   string `json:"source"`
	Default  string `json:"default"`
	Server   string `json:"server"`
	Override string `json:"override"`
}

func policyJSON(v workspace.PolicyView) map[string]any {
	fields := make([]policyFieldJSON, len(v.Fields))
	for i, f := range v.Fields {
		fields[i] = policyFieldJSON{f.Name, f.Value, f.Source, f.Default, f.Server, f.Override}
	}
	out := map[string]any{"connection": v.Connection, "fields": fields, "server_settings": nonNilMap(v.ServerRaw),
		"server_read_at": nil, "updated_at": nil, "updated_by": v.UpdatedBy}
	if !v.ServerReadAt.IsZero() {
		out["server_read_at"] = timePtr(v.ServerReadAt)
	}
	if !v.UpdatedAt.IsZero() {
		out["updated_at"] = timePtr(v.UpdatedAt)
	}
	return out
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
