import { describe, expect, it } from 'vitest'
import { formatCoordinates, formatDateTime, formatLocation, formatPlace, formatRelative, parseTime, plural, pluralCount } from '../../src/lib/format'

describe('time formatting', () => {
  it.each(['', '0001-01-01T00:00:00Z', 'garbage', '1970-01-01T00:00:00Z'])('%j is unknown → "—"', (v) => {
    expect(parseTime(v)).toBeNull()
    expect(formatDateTime(v)).toBe('—')
    expect(formatRelative(v)).toBe('—')
  })

  it('formats a real time without "Invalid Date"', () => {
    const s = formatDateTime('2026-11-20T10:00:00Z')
    expect(s).not.toContain('Invalid')
    expect(s).toMatch(/\d/)
  })

  it('gives relative times in both directions', () => {
    const now = Date.parse('2026-11-20T12:00:00Z')
    expect(formatRelative('2026-11-20T11:59:40Z', now)).toBe('just now')
    expect(formatRelative('2026-11-20T11:55:00Z', now)).toBe('5 min ago')
    expect(formatRelative('2026-11-20T09:00:00Z', now)).toBe('3 h ago')
    expect(formatRelative('2026-11-18T12:00:00Z', now)).toBe('2 d ago')
    expect(formatRelative('2026-11-20T14:00:00Z', now)).toBe('in 2 h')
  })
})

describe('places', () => {
  it('"City, CC" with what is known', () => {
    expect(formatLocation({ city: 'Berlin', countryCode: 'DE' })).toBe('Berlin, DE')
    expect(formatLocation({ city: '', countryCode: 'DE' })).toBe('DE')
    expect(formatLocation({})).toBe('—')
    expect(formatPlace({ city: 'Austin', subdivision: 'Texas', country: 'United States', countryCode: 'US' })).toBe('Austin, Texas, United States (US)')
  })

  it('coordinates only when both are numbers', () => {
    expect(formatCoordinates(52.52, 13.405)).toBe('52.5200, 13.4050')
    expect(formatCoordinates(undefined, 13)).toBe('—')
    expect(formatCoordinates(null, null)).toBe('—')
  })
})

describe('plurals', () => {
  it('takes the word for one or for many', () => {
    expect(plural(1, 'session')).toBe('session')
    expect(plural(0, 'session')).toBe('sessions')
    expect(plural(2, 'entry', 'entries')).toBe('entries')
    expect(plural(1, 'has', 'have')).toBe('has')
  })

  it('puts the grouped number before the word', () => {
    expect(pluralCount(1, 'user')).toBe('1 user')
    expect(pluralCount(3, 'refresh', 'refreshes')).toBe('3 refreshes')
    expect(pluralCount(12345, 'session')).toMatch(/^12.345 sessions$/)
  })
})
