package main

import (
	"embed"
	"fmt"
	"os"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"

	"sessionscope/app"
)

//go:embed all:frontend/dist
var assets embed.FS

func main() {
	a := &app.App{}
	err := wails.Run(&options.App{
		Title:       "SessionScope",
		Width:       1360,
		Height:      820,
		AssetServer: &assetserver.Options{Assets: assets},
		Bind:        []any{&app.WorkspaceService{}, &app.SessionsService{}, &app.RefreshService{}, &app.SignOutService{}, &app.SettingsService{}},
	})
	_ = a
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
