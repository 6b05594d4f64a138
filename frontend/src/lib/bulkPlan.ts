// Words and checks of the bulk sign-out preview: how a plan's method and limits read, and
// whether the admin has given what the plan asks for (a reason, the typed count).
import type { BulkPlan, OrgPlan } from '../api/bulk'
import { formatCount } from './format'

export function methodText(o: Pick<OrgPlan, 'method' | 'batchSize'>): string {
  switch (o.method) {
    case 'batch':
      return o.batchSize > 0 ? `batch delete, up to ${formatCount(o.batchSize)} per call` : 'batch delete'
    case 'session':
      return 'one call per session'
    case 'user':
      return 'one call per user (all their sessions)'
    case 'contain':
      return 'block the user'
    default:
      return '—'
  }
}

/** "12 of 15,000 left" / "not said by the server", and whether the plan is over it. */
export function limitText(o: Pick<OrgPlan, 'remaining' | 'limit'>): string {
  if (o.remaining < 0) return o.limit || 'not said by the server'
  return o.limit ? `${formatCount(o.remaining)} left (${o.limit})` : `${formatCount(o.remaining)} left`
}

/** The typed count as a number: digits only, thousands separators allowed. */
export function typedCount(text: string): number {
  const t = text.replace(/[\s,.'’_]/g, '')
  return /^\d+$/.test(t) ? Number(t) : NaN
}

/** Why the plan cannot start yet ('' = it can). */
export function startBlocker(plan: BulkPlan, reason: string, typed: string): string {
  if (plan.items === 0) return 'Nothing to do: every selected session is left out.'
  if (plan.existingJob) return `This plan is job ${plan.existingJob} already (${plan.existingState}): open it in Jobs.`
  if (plan.reasonRequired && reason.trim() === '') return 'Say why: the reason goes to the audit trail.'
  if (plan.confirmCount > 0 && typedCount(typed) !== plan.confirmCount) return `Type ${formatCount(plan.confirmCount)} to confirm.`
  return ''
}
