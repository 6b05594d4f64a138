package cli

import (
	"context"
	"fmt"
)

// runDemoInit adds the demo connections, so `refresh --all` can fill them headless. Their
// simulators run inside whichever sessionscope process uses them.
func runDemoInit(ctx context.Context, home string, env Env) error {
	ws, err := openWorkspace(ctx, home, env)
	if err != nil {
		return err
	}
	defer ws.Close()
	if err := ws.OpenDemo(ctx); err != nil {
		return err
	}
	for _, d := range ws.DemoStatus() {
		fmt.Fprintf(env.Stdout, "%s: %d active sessions\n", d.Connection, d.Active)
	}
	fmt.Fprintln(env.Stdout, "demo workspace ready; `sessionscope refresh --all` fills it")
	return nil
}
