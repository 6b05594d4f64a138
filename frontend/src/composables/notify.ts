// Stores report outcomes through this seam; App.vue plugs in Naive UI's notification API (which
// only exists inside its provider). Without it (tests), messages go to the console.
export type NotifyKind = 'success' | 'info' | 'warning' | 'error'

export interface Notice {
  title: string
  content?: string
  /** Milliseconds; 0 keeps it until closed. Errors stay by default. */
  duration?: number
}

export type Notifier = (kind: NotifyKind, notice: Notice) => void

let current: Notifier = (kind, n) => {
  const line = n.content ? `${n.title}: ${n.content}` : n.title
  if (kind === 'error' || kind === 'warning') console.warn(line)
  else console.info(line)
}

export function setNotifier(n: Notifier): void {
  current = n
}

export function notify(kind: NotifyKind, notice: Notice): void {
  current(kind, notice)
}
