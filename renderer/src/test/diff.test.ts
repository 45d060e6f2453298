import { describe, expect, it } from 'vitest'
import { diffValues, stripVolatile } from '../lib/diff'
import { diffSide } from '../lib/diff-client'

const m = (guid: string, status = 'CONNECTED', extra: Record<string, unknown> = {}) => ({ guid, connection_status: status, aggregated_at: 't1', ...extra })

describe('diffValues', () => {
  it('reports changed, added and removed fields with readable paths', () => {
    expect(diffValues({ member: { connection_status: 'DENIED', y: 2, 'odd key': 1 } }, { member: { connection_status: 'LOCKED', x: 1, 'odd key': 2 } })).toEqual([
      { path: '$.member.connection_status', kind: 'changed', before: 'DENIED', after: 'LOCKED' },
      { path: '$.member.y', kind: 'removed', before: 2 },
      { path: '$.member["odd key"]', kind: 'changed', before: 1, after: 2 },
      { path: '$.member.x', kind: 'added', after: 1 },
    ])
    expect(diffValues({ a: [1, 2] }, { a: { 0: 1 } })).toEqual([{ path: '$.a', kind: 'changed', before: [1, 2], after: { 0: 1 } }])
    expect(diffValues(null, 0)).toEqual([{ path: '$', kind: 'changed', before: null, after: 0 }])
    expect(diffValues({ same: [1, { a: 'x' }] }, { same: [1, { a: 'x' }] })).toEqual([])
  })

  it('matches records by guid: removed at the left index, added and changed at the right one', () => {
    const left = { members: [m('A'), m('B'), m('C')] }
    const right = { members: [m('B', 'DENIED'), m('C'), m('D')] }
    expect(diffValues(left, right)).toEqual([
      { path: '$.members[0]', kind: 'removed', before: m('A') },
      { path: '$.members[0].connection_status', kind: 'changed', before: 'CONNECTED', after: 'DENIED' },
      { path: '$.members[2]', kind: 'added', after: m('D') },
    ])
  })

  it('reports records that changed place as moved, the fewest possible', () => {
    const left = [m('A'), m('B'), m('C'), m('D')]
    const right = [m('B'), m('C'), m('D'), m('A')]
    expect(diffValues(left, right)).toEqual([{ path: '$[0]', kind: 'moved', after: 'to index 3' }])
  })

  it('compares arrays without unique keys position by position', () => {
    expect(diffValues([1, 2, 3], [1, 5])).toEqual([
      { path: '$[1]', kind: 'changed', before: 2, after: 5 },
      { path: '$[2]', kind: 'removed', before: 3 },
    ])
    // A repeated guid: positions, not keys.
    expect(diffValues([m('A'), m('A')], [m('A'), m('A', 'LOCKED')])).toEqual([{ path: '$[1].connection_status', kind: 'changed', before: 'CONNECTED', after: 'LOCKED' }])
    // Numeric ids are keys too.
    expect(diffValues([{ id: 1, v: 'a' }, { id: 2, v: 'b' }], [{ id: 2, v: 'b' }])).toEqual([{ path: '$[0]', kind: 'removed', before: { id: 1, v: 'a' } }])
  })

  it('leaves volatile fields out when asked, including inside added and removed records', () => {
    expect(stripVolatile({ a: 1, aggregated_at: 'x', most_recent_job_guid: 'J', n: [{ updated_at: 1, b: 2 }] })).toEqual({ a: 1, n: [{ b: 2 }] })
    const left = { members: [m('A', 'CONNECTED', { most_recent_job_guid: 'J1' })] }
    const right = { members: [m('A', 'CONNECTED', { aggregated_at: 't2', most_recent_job_guid: 'J2' }), m('B')] }
    expect(diffValues(left, right, { ignoreVolatile: true })).toEqual([{ path: '$.members[1]', kind: 'added', after: { guid: 'B', connection_status: 'CONNECTED' } }])
    expect(diffValues(left, right).map((c) => c.path)).toEqual(['$.members[0].aggregated_at', '$.members[0].most_recent_job_guid', '$.members[1]'])
  })

  it('matches two overlapping 1,600-record pages by guid', () => {
    const page = (from: number) => ({ members: Array.from({ length: 1600 }, (_, i) => m(`MBR-${from + i}`, (from + i) % 7 ? 'CONNECTED' : 'DENIED')) })
    const changes = diffValues(page(0), page(800))
    expect(changes.filter((c) => c.kind === 'removed')).toHaveLength(800)
    expect(changes.filter((c) => c.kind === 'added')).toHaveLength(800)
    expect(changes.filter((c) => c.kind === 'changed' || c.kind === 'moved')).toHaveLength(0)
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
