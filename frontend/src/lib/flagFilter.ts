// The flag part of the shared filter as one choice, for the picker and the chip: every
// session, any flag, a flag of one rule, or one most-severe level. The three filter fields
// (flagged, flagRule, flagSeverity) can combine in the backend; the window sets one at a time.
import type { SessionFilter } from '../api'

export type FlagFields = Pick<SessionFilter, 'flagged' | 'flagRule' | 'flagSeverity'>

/** '' (every session) | 'any' | 'rule:<rule>' | 'severity:<high|medium|low>'. */
export type FlagChoice = string

export const NO_FLAG_FILTER: FlagFields = { flagged: false, flagRule: '', flagSeverity: '' }

/** The filter fields of a choice; an unknown choice clears the flag filter. */
export function flagFields(choice: FlagChoice): FlagFields {
  if (choice === 'any') return { ...NO_FLAG_FILTER, flagged: true }
  if (choice.startsWith('rule:') && choice.length > 5) return { ...NO_FLAG_FILTER, flagRule: choice.slice(5) }
  if (choice.startsWith('severity:') && choice.length > 9) return { ...NO_FLAG_FILTER, flagSeverity: choice.slice(9) }
  return { ...NO_FLAG_FILTER }
}

/** The choice a filter holds (a rule wins over a severity, which wins over "any"). */
export function flagChoice(f: FlagFields): FlagChoice {
  if (f.flagRule) return `rule:${f.flagRule}`
  if (f.flagSeverity) return `severity:${f.flagSeverity}`
  return f.flagged ? 'any' : ''
}

/** "impossible_travel" → "impossible travel", when no label is known. */
export function ruleWords(rule: string): string {
  return rule.replace(/_/g, ' ')
}
