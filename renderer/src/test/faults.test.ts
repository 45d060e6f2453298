import { describe, expect, it } from 'vitest'
import { describeFaults } from '../lib/faults'

const none = { method: null, latency_ms: 0, error_status: 500, error_count: 0, error_rate: 0, rate_limit_count: 0, retry_after_s: 30, drop_count: 0 }

describe('describeFaults', () => {
  it('says nothing when no fault is active', () => {
    expect(describeFaults(none)).toEqual([])
  })

  it('names every active fault with its numbers', () => {
    expect(describeFaults({ ...none, latency_ms: 250, error_count: 3, error_status: 503, rate_limit_count: 1, retry_after_s: 12, drop_count: 2 })).toEqual([
      'every call waits 250 ms',
      'the next 3 calls get HTTP 503',
      'the next call gets HTTP 429, Retry-After 12 s',
      'the next 2 calls are cut off (connection dropped)',
    ])
    expect(describeFaults({ ...none, error_rate: 0.25, error_status: 502 })).toEqual(['25 % of calls get HTTP 502'])
  })

  it('names the method when only calls of one method meet the faults', () => {
    expect(describeFaults({ ...none, method: 'PUT', error_count: 1, error_status: 503, latency_ms: 80 })).toEqual([
      'every PUT call waits 80 ms',
      'the next PUT call gets HTTP 503',
    ])
    expect(describeFaults({ ...none, method: 'PUT', drop_count: 2 })).toEqual(['the next 2 PUT calls are cut off (connection dropped)'])
  })
})
