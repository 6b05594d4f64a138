import { describe, expect, it, vi } from 'vitest'
import { printDocument } from '../../src/lib/printDocument'

describe('printDocument', () => {
  it('prints the document from a hidden frame, not the window, and then removes the frame', async () => {
    vi.useFakeTimers()
    const print = vi.fn()
    const frame = document.createElement('iframe')
    Object.defineProperty(frame, 'contentWindow', { value: { focus: vi.fn(), print } })
    const doc = { createElement: () => frame, body: document.body } as unknown as Document
    const printed = printDocument('<!DOCTYPE html><h1>Week 49</h1>', doc)
    expect(frame.srcdoc).toContain('Week 49')
    expect(document.body.contains(frame)).toBe(true)
    frame.onload?.(new Event('load'))
    await printed
    expect(print).toHaveBeenCalledOnce()
    vi.runAllTimers()
    expect(document.body.contains(frame)).toBe(false)
    vi.useRealTimers()
  })

  it('fails, and leaves nothing behind, when the frame has no window', async () => {
    const frame = document.createElement('iframe')
    Object.defineProperty(frame, 'contentWindow', { value: null })
    const doc = { createElement: () => frame, body: document.body } as unknown as Document
    const printed = printDocument('<p>x</p>', doc)
    frame.onload?.(new Event('load'))
    await expect(printed).rejects.toThrow('did not open')
    expect(document.body.contains(frame)).toBe(false)
  })
})
