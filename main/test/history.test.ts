import { spawn } from 'node:child_process'
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { HistoryStore } from '../history/store'
import { fakeExchange } from './fake-exchange'

const dirs: string[] = []
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'nexus-qa-history-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('history', () => {
  it('appends, lists newest first, searches, gets, deletes, and survives a reopen', () => {
    const dir = tmp()
    const h = new HistoryStore(dir)
    for (let i = 0; i < 30; i++) h.append(fakeExchange(i))
    expect(h.list({ limit: 3 }).items.map((s) => s.id)).toEqual(['x-29', 'x-28', 'x-27'])
    expect(h.list({ environment: 'local' }).total).toBe(15)
    expect(h.list({ memberGuid: 'MBR-3' }).total).toBe(3)
    expect(h.list({ status: 400 }).total).toBe(10)
    expect(h.list({ text: 'NOTE 17' }).items.map((s) => s.id)).toEqual(['x-17'])
    expect(h.get('x-5')?.request.body).toContain('note 5')
    expect(h.delete('x-5')).toBe(true)
    expect(h.get('x-5')).toBeNull()
    h.close()
    const again = new HistoryStore(dir)
    expect(again.count).toBe(29)
    expect(again.get('x-6')?.id).toBe('x-6')
    expect(again.get('x-5')).toBeNull()
    again.close()
  })

  it('reports a torn line and loads the rest', () => {
    const dir = tmp()
    const h = new HistoryStore(dir)
    h.append(fakeExchange(1))
    h.close()
    appendFileSync(join(dir, 'history.jsonl'), '{"t":"x","x":{"id":"torn","requ')
    const again = new HistoryStore(dir)
    expect(again.count).toBe(1)
    expect(again.problems).toHaveLength(1)
    again.append(fakeExchange(2))
    again.close()
    const third = new HistoryStore(dir)
    expect(third.count).toBe(2)
    expect(third.problems).toHaveLength(1)
    third.close()
  })

  it('rotates at the size cap and drops the oldest file', () => {
    const dir = tmp()
    const h = new HistoryStore(dir, { maxFileBytes: 4000, maxFiles: 2 })
    for (let i = 0; i < 60; i++) h.append(fakeExchange(i))
    expect(h.count).toBeLessThan(60)
    expect(h.get('x-59')?.id).toBe('x-59')
    expect(h.get('x-0')).toBeNull()
    const kept = h.count
    h.close()
    expect(new HistoryStore(dir, { maxFileBytes: 4000, maxFiles: 2 }).count).toBe(kept)
  })

  it('with a single file, rotation starts the file afresh', () => {
    const h = new HistoryStore(tmp(), { maxFileBytes: 4000, maxFiles: 1 })
    for (let i = 0; i < 30; i++) h.append(fakeExchange(i))
    expect(h.count).toBeGreaterThan(0)
    expect(h.count).toBeLessThan(30)
    expect(h.get('x-29')?.id).toBe('x-29')
    h.close()
  })

  it('a process killed mid-write loses at most that record', async () => {
    const dir = tmp()
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'history-writer.ts'), dir], { stdio: ['ignore', 'pipe', 'inherit'] })
    await new Promise<void>((resolve) => {
      let out = ''
      child.stdout!.on('data', (d) => {
        out += d
        if (out.includes('500')) resolve()
      })
    })
    child.kill('SIGKILL')
    await new Promise((r) => child.once('exit', r))
    const h = new HistoryStore(dir)
    const lines = readFileSync(join(dir, 'history.jsonl'), 'utf8').split('\n').filter(Boolean).length
    expect(h.count).toBeGreaterThanOrEqual(500)
    expect(h.count).toBeGreaterThanOrEqual(lines - 1)
    expect(h.problems.length).toBeLessThanOrEqual(1)
    h.close()
  })
})
