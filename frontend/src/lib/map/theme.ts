// The map's colours and font, read from the CSS variables the app shell sets (they follow the
// light or dark theme), with fallbacks for a page without them (tests).

export interface MapTheme {
  bg: string
  ocean: string
  land: string
  border: string
  text: string
  text2: string
  muted: string
  accent: string
  danger: string
  selected: string
  font: string
}

export const FALLBACK_THEME: MapTheme = {
  bg: '#ffffff',
  ocean: '#f7f8fa',
  land: '#d8dce3',
  border: '#e0e0e6',
  text: '#1f2225',
  text2: '#4b5563',
  muted: '#8a9099',
  accent: '#2463d1',
  danger: '#d03050',
  selected: '#f0a020',
  font: 'system-ui, sans-serif',
}

/** The theme's colours, from the CSS variables the app shell sets on the root element. */
export function readTheme(el: Element = document.documentElement): MapTheme {
  const cs = getComputedStyle(el)
  const v = (name: string, fallback: string): string => cs.getPropertyValue(name).trim() || fallback
  return {
    bg: v('--ss-bg', FALLBACK_THEME.bg),
    ocean: v('--ss-panel', FALLBACK_THEME.ocean),
    land: v('--ss-text2', FALLBACK_THEME.text2),
    border: v('--ss-border', FALLBACK_THEME.border),
    text: v('--ss-text', FALLBACK_THEME.text),
    text2: v('--ss-text2', FALLBACK_THEME.text2),
    muted: v('--ss-muted', FALLBACK_THEME.muted),
    accent: v('--ss-accent', FALLBACK_THEME.accent),
    danger: v('--ss-error', FALLBACK_THEME.danger),
    selected: v('--ss-warning', FALLBACK_THEME.selected),
    font: cs.fontFamily || FALLBACK_THEME.font,
  }
}
