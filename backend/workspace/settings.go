package workspace

import (
	"context"
	"encoding/json"
	"fmt"
)

// Themes the window can use.
const (
	ThemeAuto  = "auto"
	ThemeLight = "light"
	ThemeDark  = "dark"
)

const settingTheme = "theme"

// Theme returns the theme preference: auto (follow the system), light or dark.
func (w *Workspace) Theme(ctx context.Context) (string, error) {
	return w.st.Setting(ctx, settingTheme, ThemeAuto)
}

// SetTheme stores the theme preference; anything but auto, light or dark is refused.
func (w *Workspace) SetTheme(ctx context.Context, theme string) error {
	if err := w.refuseWrite("changing the theme"); err != nil {
		return err
	}
	switch theme {
	case ThemeAuto, ThemeLight, ThemeDark:
		return w.st.SetSetting(ctx, settingTheme, theme)
	}
	return fmt.Errorf("unknown theme %q: use auto, light or dark", theme)
}

// Preference keys the frontend may keep: JSON it owns (the saved views, the chosen columns).
var preferenceKeys = map[string]bool{"views": true, "columns": true}

// maxPreference bounds one preference's JSON.
const maxPreference = 256 << 10

// Preference returns a stored frontend preference, "" when never set.
func (w *Workspace) Preference(ctx context.Context, key string) (string, error) {
	if !preferenceKeys[key] {
		return "", fmt.Errorf("unknown preference %q", key)
	}
	return w.st.Setting(ctx, "pref."+key, "")
}

// SetPreference stores a frontend preference: JSON of at most 256 KB ("" clears it).
func (w *Workspace) SetPreference(ctx context.Context, key, value string) error {
	if err := w.refuseWrite("saving preferences"); err != nil {
		return err
	}
	if !preferenceKeys[key] {
		return fmt.Errorf("unknown preference %q", key)
	}
	if len(value) > maxPreference {
		return fmt.Errorf("preference %q is too large (%d bytes; at most %d)", key, len(value), maxPreference)
	}
	if value != "" && !json.Valid([]byte(value)) {
		return fmt.Errorf("preference %q must be JSON", key)
	}
	return w.st.SetSetting(ctx, "pref."+key, value)
}
