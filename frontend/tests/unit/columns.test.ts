import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('../../wailsjs/go/app/SettingsService', () => ({ Preference: vi.fn(), SetPreference: vi.fn() }))

import * as Settings from '../../wailsjs/go/app/SettingsService'
import ColumnChooser from '../../src/components/filters/ColumnChooser.vue'
import { COLUMNS, defaultShown, gridTemplate, visibleColumns } from '../../src/lib/sessionColumns'
import { SORT_KEYS } from '../../src/api/types'
import { detailGroups } from '../../src/lib/detailFields'
import { NOT_REPORTED } from '../../src/lib/format'
import { makeRow } from './support/fixtures'
import { setNotifier } from '../../src/composables/notify'
import { parseColumnsPreference, useColumnsStore } from '../../src/stores/columns'

const preference = vi.mocked(Settings.Preference)
const setPreference = vi.mocked(Settings.SetPreference)
const $ = (sel: string) => document.querySelector<HTMLElement>(sel)

describe('column definitions', () => {
  it('sort only by backend sort keys; the current set is the default; new ones are hidden', () => {
    for (const c of COLUMNS) if (c.sortKey !== null) expect(SORT_KEYS).toContain(c.sortKey)
    for (const id of ['country', 'city', 'asn', 'deviceType', 'browser', 'platform']) {
      const c = COLUMNS.find((x) => x.id === id)!
      expect(c.sortKey).toBeNull()
      expect(c.defaultVisible).toBe(false)
    }
    expect(visibleColumns(true).map((c) => c.id)).toEqual([
      'username', 'connection', 'sessionType', 'loginType', 'createdAt', 'lastActiveAt', 'sourceIp', 'location', 'securityLevel',
    ])
    expect(visibleColumns(false).map((c) => c.id)).not.toContain('connection')
    // Username cannot be hidden.
    expect(visibleColumns(true, new Set()).map((c) => c.id)).toEqual(['username'])
    // The chooser's track comes last.
    expect(gridTemplate(visibleColumns(false, new Set(['username'])))).toBe('minmax(200px, 2fr) 28px')
  })

  it('a server that reports no last activity (Kratos) says so in the column and the detail pane', () => {
    const col = COLUMNS.find((c) => c.id === 'lastActiveAt')!
    const now = Date.parse('2026-11-20T12:00:00Z')
    const kratos = { ...makeRow(1), lastActiveAt: '', lastActiveUnreported: true }
    expect(col.text(kratos, now)).toBe('not reported')
    expect(col.title?.(kratos)).toBe(NOT_REPORTED)
    const field = (r: typeof kratos) =>
      detailGroups(r, null, now)
        .flatMap((g) => g.fields)
        .find((f) => f.label === 'Last active')!
    expect(field(kratos).value).toBe(NOT_REPORTED)
    // A server that has the time but gave none for this session shows a dash, not "not reported".
    const unknown = { ...kratos, lastActiveUnreported: false }
    expect(col.text(unknown, now)).not.toContain('not reported')
    expect(field(unknown).value).not.toBe(NOT_REPORTED)
  })

  it('parses the stored preference, ignoring unknown ids and junk', () => {
    expect(parseColumnsPreference('')).toEqual({})
    expect(parseColumnsPreference('not json')).toEqual({})
    expect(parseColumnsPreference('{"version":1,"shown":{"country":true,"nope":true,"city":"yes","loginType":false}}')).toEqual({
      country: true,
      loginType: false,
    })
  })
})

describe('columns store and chooser', () => {
  let wrapper: VueWrapper | undefined
  beforeEach(() => {
    setActivePinia(createPinia())
    setNotifier(() => {})
    preference.mockReset()
    setPreference.mockReset().mockResolvedValue(undefined as never)
  })
  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
  })

  it('loads the stored choice once and keeps defaults for columns it does not name', async () => {
    preference.mockResolvedValue(JSON.stringify({ version: 1, shown: { country: true, securityLevel: false } }) as never)
    const store = useColumnsStore()
    await Promise.all([store.load(), store.load()])
    await store.load()
    expect(preference).toHaveBeenCalledTimes(1)
    expect(preference).toHaveBeenCalledWith('columns')
    expect(store.isShown('country')).toBe(true)
    expect(store.isShown('securityLevel')).toBe(false)
    expect(store.isShown('sourceIp')).toBe(true) // default
    expect(store.isShown('city')).toBe(false) // default
  })

  it('persists every column\'s state on a change', async () => {
    preference.mockResolvedValue('' as never)
    const store = useColumnsStore()
    await store.load()
    expect([...store.shown].sort()).toEqual([...defaultShown()].sort())
    await store.setShown('city', true)
    expect(setPreference).toHaveBeenCalledTimes(1)
    const [key, json] = setPreference.mock.calls[0]
    expect(key).toBe('columns')
    const saved = JSON.parse(json)
    expect(saved.version).toBe(1)
    expect(Object.keys(saved.shown).sort()).toEqual(COLUMNS.map((c) => c.id).sort())
    expect(saved.shown.city).toBe(true)
    expect(saved.shown.country).toBe(false)
    expect(saved.shown.username).toBe(true)
    // Username cannot be hidden; nothing is written.
    await store.setShown('username', false)
    expect(store.isShown('username')).toBe(true)
    expect(setPreference).toHaveBeenCalledTimes(1)
    // A fresh store (next start) reads it back.
    preference.mockResolvedValue(json as never)
    setActivePinia(createPinia())
    const again = useColumnsStore()
    await again.load()
    expect(again.isShown('city')).toBe(true)
  })

  it('a choice made before the stored one arrives wins; a failed save keeps the choice and says so', async () => {
    let answer!: (v: string) => void
    preference.mockReturnValue(new Promise<string>((r) => (answer = r)) as never)
    const notices: string[] = []
    setNotifier((_kind, n) => notices.push(n.title))
    setPreference.mockRejectedValue({ code: 'internal', message: 'disk full' } as never)
    const store = useColumnsStore()
    const loading = store.load()
    await store.setShown('browser', true)
    answer(JSON.stringify({ version: 1, shown: { browser: false } }))
    await loading
    expect(store.isShown('browser')).toBe(true)
    expect(store.error).toContain('disk full')
    expect(notices).toEqual(['Could not save the column choice'])
  })

  it('the chooser shows a checkbox per column and toggles it', async () => {
    preference.mockResolvedValue('' as never)
    const store = useColumnsStore()
    await store.load()
    wrapper = mount(ColumnChooser, { attachTo: document.body })
    await wrapper.get('[data-testid="columns-menu"]').trigger('click')
    await flushPromises()
    const toggles = [...document.querySelectorAll<HTMLElement>('[data-testid="column-toggle"]')]
    expect(toggles.map((t) => t.dataset.key)).toEqual(COLUMNS.map((c) => c.id))
    const country = $('[data-testid="column-toggle"][data-key="country"]')!
    expect(country.dataset.checked).toBe('false')
    country.click()
    await flushPromises()
    expect(store.isShown('country')).toBe(true)
    expect($('[data-testid="column-toggle"][data-key="country"]')!.dataset.checked).toBe('true')
    expect(setPreference).toHaveBeenCalledTimes(1)
    // Username is not hideable.
    $('[data-testid="column-toggle"][data-key="username"]')!.click()
    await flushPromises()
    expect(store.isShown('username')).toBe(true)

    $('[data-testid="columns-reset"]')!.click()
    await flushPromises()
    expect(store.isShown('country')).toBe(false)
  })
})
