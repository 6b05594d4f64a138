// The column model of the virtual grid (components/common/VirtualGrid.vue): what a table tells
// the grid about each column, and the CSS grid tracks the header and the rows share.

/** Every row and the sticky header are this tall (the virtualizer and the CSS agree on it). */
export const ROW_HEIGHT = 30
export const HEADER_HEIGHT = 30

export interface GridColumn<T, K extends string = string> {
  id: string
  label: string
  /** The backend sort key; null = the header does not sort. */
  sortKey: K | null
  /** Minimum width in px and share of the spare width. */
  min: number
  fr: number
  /** Classes of the column's cells (tabular, mono). */
  className?: string
  /** Right-aligned, header included. */
  numeric?: boolean
  text: (row: T, now: number) => string
  /** The cell's tooltip. */
  title?: (row: T) => string
  /** A muted second text after the first, e.g. a user's display name after the username. */
  sub?: (row: T) => string
  /** A class that depends on the row, e.g. to stress a high count. */
  cellClass?: (row: T) => string
}

type Tracked = Pick<GridColumn<unknown>, 'min' | 'fr'>

/**
 * The grid tracks: an optional fixed track in front (the selection checkboxes), one per column,
 * then an optional fixed track (e.g. the column chooser).
 */
export function gridTemplate(cols: readonly Tracked[], endWidth = 0, startWidth = 0): string {
  const tracks = cols.map((c) => `minmax(${c.min}px, ${c.fr}fr)`)
  if (startWidth > 0) tracks.unshift(`${startWidth}px`)
  if (endWidth > 0) tracks.push(`${endWidth}px`)
  return tracks.join(' ')
}

/** Header and rows share this minimum so their columns line up when scrolled sideways. */
export function minGridWidth(cols: readonly Tracked[], endWidth = 0, startWidth = 0): number {
  return cols.reduce((n, c) => n + c.min, 0) + endWidth + startWidth
}

/** What a table may ask of its grid (the grid's template ref). */
export interface GridHandle {
  /** Rows that fit in the viewport, less one (what PageDown moves). */
  pageRows(): number
  scrollToIndex(index: number): void
  /** Focus the rows (for the arrow keys) without scrolling. */
  focus(): void
}

/** The rows of a grid: a store whose window cache holds them (stores/sessions, stores/users). */
export interface GridSource<T, K extends string = string> {
  /** All rows of the query; null until the first answer. */
  readonly total: number | null
  readonly loading: boolean
  /** Bumped when the query changes: the grid scrolls back to the top. */
  readonly queryGeneration: number
  readonly sort: K
  readonly desc: boolean
  /** The row, or undefined while its window is not loaded. */
  rowAt(index: number): T | undefined
  /** Rows [start, end) are on screen (± prefetch): fetch the windows not cached. */
  requestRange(start: number, end: number): void
  toggleSort(key: K): void
}
