package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
)

func runReport(ctx context.Context, home string, args []string, env Env) error {
	fs := newFlags("report", env, &home)
	review := fs.Int64("review", 0, "the review to report on")
	out := fs.String("o", "", "the HTML file to write")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *review <= 0 || *out == "" || fs.NArg() > 0 {
		return fmt.Errorf("report: give --review N and -o FILE.html: %w", ErrUsage)
	}
	ws, err := openWorkspace(ctx, home, env)
	if err != nil {
		return err
	}
	defer ws.Close()
	// Written beside the target and moved in place whole, so a scheduler never picks up half a report.
	tmp, err := os.CreateTemp(filepath.Dir(*out), "."+filepath.Base(*out)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	err = ws.ReviewReport(ctx, *review, tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), *out)
	}
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	fmt.Fprintln(env.Stdout, "wrote", *out)
	return nil
}
