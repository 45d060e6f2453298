import { describe, expect, it } from 'vitest'
import { isAppUrl, windowOptions } from '../window-policy'
import { draft, useMain } from './harness'

describe('the dispatcher', () => {
  const h = useMain()

  it('refuses an unknown channel', async () => {
    expect(await h.raw('members:drop-table', {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } })
  })

  it('refuses a bad payload before any handler runs', async () => {
    const e = await h.raw('members:update', { draft: { ...draft('MBR-1'), skipAggregation: 'yes' } })
    expect(e).toMatchObject({ ok: false, error: { code: 'invalid-payload' } })
    expect((e as any).error.message).toContain('skipAggregation')
    expect(await h.raw('members:get', { guid: '' })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } })
    expect(await h.raw('members:get', { guid: 'x', extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } })
    const hist = await h.call('history:list', {})
    expect(hist.total).toBe(0)
  })
})

describe('the Electron window', () => {
  it('is sandboxed, isolated, without Node or webviews', () => {
    const o = windowOptions('/app/preload/index.cjs', false)
    expect(o.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      devTools: false,
      preload: '/app/preload/index.cjs',
    })
    expect(windowOptions('/p', true).webPreferences.devTools).toBe(true)
  })

  it('accepts only its own page as a sender or a navigation target', () => {
    const built = { devUrl: null, rendererIndex: '/opt/app/out/renderer/index.html' }
    expect(isAppUrl('file:///opt/app/out/renderer/index.html', built)).toBe(true)
    expect(isAppUrl('file:///opt/app/out/renderer/index.html#/history', built)).toBe(true)
    expect(isAppUrl('file:///opt/app/out/renderer/other.html', built)).toBe(false)
    expect(isAppUrl('file:///etc/passwd', built)).toBe(false)
    expect(isAppUrl('https://evil.example/opt/app/out/renderer/index.html', built)).toBe(false)
    expect(isAppUrl(undefined, built)).toBe(false)
    const dev = { devUrl: 'http://localhost:5173', rendererIndex: '' }
    expect(isAppUrl('http://localhost:5173/index.html', dev)).toBe(true)
    expect(isAppUrl('http://localhost:5173.evil.example/', dev)).toBe(false)
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false)
  })
})
