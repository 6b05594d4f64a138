import type { GlobalThemeOverrides } from 'naive-ui'

// Compact density and a calm blue accent; everything else is Naive UI's own light/dark theme.
const common = {
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, Cantarell, "Noto Sans", "DejaVu Sans", "Helvetica Neue", Arial, sans-serif',
  fontFamilyMono: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace',
  fontSize: '13px',
  fontSizeMedium: '13px',
  fontSizeSmall: '12px',
  fontSizeTiny: '11px',
  heightMedium: '30px',
  heightSmall: '26px',
  heightTiny: '22px',
  borderRadius: '4px',
}

export const lightOverrides: GlobalThemeOverrides = {
  common: {
    ...common,
    primaryColor: '#2463d1',
    primaryColorHover: '#3b78e7',
    primaryColorPressed: '#1b4fab',
    primaryColorSuppl: '#3b78e7',
  },
}

export const darkOverrides: GlobalThemeOverrides = {
  common: {
    ...common,
    primaryColor: '#5b93f0',
    primaryColorHover: '#7aa8f4',
    primaryColorPressed: '#427ddc',
    primaryColorSuppl: '#7aa8f4',
  },
}
