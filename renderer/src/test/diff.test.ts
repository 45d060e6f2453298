import { describe, expect, it } from 'vitest'
import { diffValues, flattenDelta, stripVolatile, toViews } from '../lib/diff'
import { diffSide } from '../lib/diff-client'

const m = (guid: string, status = 'CONNECTED', extra: Record<string, unknown> = {}) => ({ guid, connection_status: status, aggregated_at: 't1', ...extra })

describe('diff', () => {
  it('flattens jsondiffpatch deltas into readable paths', () => {
    expect(flattenDelta({ member: { connection_status: ['DENIED', 'LOCKED'], x: [1], y: [2, 0, 0] }, list: { _t: 'a', 1: [5], _0: [4, 0, 0], _2: ['', 0, 3] } })).toEqual([
      { path: '$.member.connection_status', kind: 'changed', before: 'DENIED', after: 'LOCKED' },
      { path: '$.member.x', kind: 'added', after: 1 },
      { path: '$.member.y', kind: 'removed', before: 2 },
      { path: '$.list[1]', kind: 'added', after: 5 },
      { path: '$.list[0]', kind: 'removed', before: 4 },
      { path: '$.list[2]', kind: 'moved', after: 'to index 0' },
    ])
  })

  it('reports changed, added and removed fields', () => {
    expect(diffValues({ member: { connection_status: 'DENIED', y: 2, 'odd key': 1 } }, { member: { connection_status: 'LOCKED', x: 1, 'odd key': 2 } })).toEqual([
      { path: '$.member.connection_status', kind: 'changed', before: 'DENIED', after: 'LOCKED' },
      { path: '$.member.y', kind: 'removed', before: 2 },
      { path: '$.member["odd key"]', kind: 'changed', before: 1, after: 2 },
      { path: '$.member.x', kind: 'added', after: 1 },
    ])
    expect(diffValues({ same: [1, { a: 'x' }] }, { same: [1, { a: 'x' }] })).toEqual([])
  })

  it('matches records by guid or id wherever they are, and names them in the path', () => {
    const left = { members: [m('A'), m('B'), m('C')] }
    const right = { members: [m('C'), m('B', 'DENIED'), m('D')] }
    expect(diffValues(left, right)).toEqual([
      { path: '$.members.A', kind: 'removed', before: m('A') },
      { path: '$.members.B.connection_status', kind: 'changed', before: 'CONNECTED', after: 'DENIED' },
      { path: '$.members.D', kind: 'added', after: m('D') },
    ])
    expect(diffValues({ l: [{ id: 1, v: 'a' }, { id: 2, v: 'b' }] }, { l: [{ id: 2, v: 'c' }] }).map((c) => c.path)).toEqual(['$.l["1"]', '$.l["2"].v'])
    expect(diffValues({ l: [m('MBR-1')] }, { l: [m('MBR-1', 'LOCKED')] })[0]!.path).toBe('$.l["MBR-1"].connection_status')
  })

  it('compares arrays without unique keys position by position', () => {
    expect(diffValues({ a: [m('A'), m('A')] }, { a: [m('A'), m('A', 'LOCKED')] })).toEqual([
      { path: '$.a[1].connection_status', kind: 'changed', before: 'CONNECTED', after: 'LOCKED' },
    ])
    expect(diffValues(['PFM'], ['PFM', 'MONEY_MOVEMENT'])).toEqual([{ path: '$[1]', kind: 'added', after: 'MONEY_MOVEMENT' }])
  })

  it('leaves volatile fields out when asked, including inside added and removed records', () => {
    expect(stripVolatile({ a: 1, aggregated_at: 'x', most_recent_job_guid: 'J', n: [{ updated_at: 1, b: 2 }] })).toEqual({ a: 1, n: [{ b: 2 }] })
    const left = { members: [m('A', 'CONNECTED', { most_recent_job_guid: 'J1' })] }
    const right = { members: [m('A', 'CONNECTED', { aggregated_at: 't2', most_recent_job_guid: 'J2' }), m('B')] }
    expect(diffValues(left, right, { ignoreVolatile: true })).toEqual([{ path: '$.members.B', kind: 'added', after: { guid: 'B', connection_status: 'CONNECTED' } }])
    expect(diffValues(left, right).map((c) => c.path)).toEqual(['$.members.A.aggregated_at', '$.members.A.most_recent_job_guid', '$.members.B'])
  })

  it('matches two overlapping 1,600-record pages by guid', () => {
    const page = (from: number) => ({ members: Array.from({ length: 1600 }, (_, i) => m(`MBR-${from + i}`, (from + i) % 7 ? 'CONNECTED' : 'DENIED')) })
    const changes = diffValues(page(0), page(800))
    expect(changes.filter((c) => c.kind === 'removed')).toHaveLength(800)
    expect(changes.filter((c) => c.kind === 'added')).toHaveLength(800)
    expect(changes.filter((c) => c.kind === 'changed' || c.kind === 'moved')).toHaveLength(0)
  })

  it('previews values as short pretty JSON for the view', () => {
    const [v] = toViews([{ path: '$.a', kind: 'changed', before: 'x'.repeat(500), after: { b: 1 } }])
    expect(v!.before).toHaveLength(401)
    expect(v!.before!.endsWith('…')).toBe(true)
    expect(v!.after).toBe('{\n  "b": 1\n}')
  })
})

describe('diffSide', () => {
  it('sends the body text, and the error when there is no answer', () => {
    const base = { id: 'x', environment: 'local', environmentName: 'L', operation: 'op', memberGuid: null, startedAt: '', durationMs: 1, request: { method: 'GET', url: 'u', headers: {}, body: null } }
    expect(diffSide({ ...base, response: { status: 200, statusText: 'OK', headers: {}, bodyText: '{"a":1}', json: { a: 1 } } })).toEqual({ status: 200, text: '{"a":1}', json: true })
    expect(diffSide({ ...base, response: { status: 502, statusText: '', headers: {}, bodyText: '<html>' } })).toEqual({ status: 502, text: '<html>', json: false })
    expect(diffSide({ ...base, error: { kind: 'timeout', message: 'No answer within 30 s.' } })).toEqual({ status: null, text: 'No answer within 30 s.', json: false })
  })
})
