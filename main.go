// SessionScope: see and end user sessions across identity systems. This file only starts the
// window (wails.Run with the bound services) or hands the command line to backend/cli.
package main

import (
	"context"
	"embed"
	"fmt"
	"log/slog"
	"os"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"

	"sessionscope/app"
	"sessionscope/backend/cli"
	"sessionscope/backend/workspace"
)

//go:embed all:frontend/dist
var assets embed.FS

//go:embed build/appicon.png
var icon []byte

// keyringService separates dev/test builds' secrets from real ones (see main_dev.go).
var keyringService = "sessionscope"

// bindingsOnly is set in the build that only generates the frontend's bindings
// (main_bindings.go): the window then runs on a throwaway data folder.
var bindingsOnly bool

func main() {
	if s := os.Getenv("SESSIONSCOPE_KEYRING_SERVICE"); s != "" {
		keyringService = s
	}
	gui, ok := cli.Parse(os.Args[1:])
	if !ok {
		os.Exit(cli.Run(context.Background(), os.Args[1:], cli.Env{Stdin: os.Stdin, Stdout: os.Stdout,
			Stderr: os.Stderr, KeyringService: keyringService}))
	}
	if err := runWindow(gui); err != nil {
		fmt.Fprintln(os.Stderr, "sessionscope:", err)
		os.Exit(1)
	}
}

func runWindow(req *cli.GUIRequest) error {
	ctx := context.Background()
	home := req.Home
	if bindingsOnly {
		tmp, err := os.MkdirTemp("", "sessionscope-bindings-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		home, req.Bundle, req.Demo, keyringService = tmp, "", false, "sessionscope-bindings"
	}
	if home == "" {
		h, err := workspace.DefaultHome()
		if err != nil {
			return err
		}
		home = h
	}
	var ws *workspace.Workspace
	var err error
	if req.Bundle != "" { // read-only: no keyring, no connector, no network
		ws, err = cli.OpenBundleForWindow(ctx, req.Home, req.Bundle, os.Stderr)
	} else {
		ws, err = workspace.Open(ctx, workspace.Options{Home: home, KeyringService: keyringService,
			Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))})
	}
	if err != nil {
		return err
	}
	defer ws.Close()
	if req.Demo && req.Bundle == "" {
		if err := ws.OpenDemo(ctx); err != nil {
			return err
		}
	}
	emitter := &app.RuntimeEmitter{}
	a := app.New(ws, emitter)
	a.SetStartView(req.View)
	if req.Bundle != "" {
		a.SetDataFolder(home, keyringService)
	}
	return wails.Run(&options.App{
		Title:            "SessionScope",
		Width:            1360,
		Height:           820,
		MinWidth:         960,
		MinHeight:        600,
		AssetServer:      &assetserver.Options{Assets: assets},
		BackgroundColour: &options.RGBA{R: 250, G: 250, B: 252, A: 255},
		OnStartup: func(ctx context.Context) {
			emitter.SetContext(ctx)
			a.Startup(ctx)
		},
		OnShutdown:     a.Shutdown,
		Bind:           a.Bind(),
		ErrorFormatter: app.FormatError,
		Linux:          &linux.Options{ProgramName: "sessionscope", Icon: icon},
	})
}
