import { describe, expect, it } from 'vitest'
import { describeFaults, wholeNumberError } from '../lib/faults'

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

describe('wholeNumberError', () => {
  it('accepts whole numbers in range, bounds included', () => {
    expect(wholeNumberError(500, 500, 599, 'The HTTP status')).toBeNull()
    expect(wholeNumberError(599, 500, 599, 'The HTTP status')).toBeNull()
  })

  it('says what is wrong otherwise', () => {
    expect(wholeNumberError(200, 500, 599, 'The HTTP status')).toBe('The HTTP status must be a whole number from 500 to 599, not 200.')
    expect(wholeNumberError(1.5, 0, 10, 'Latency')).toBe('Latency must be a whole number from 0 to 10, not 1.5.')
    expect(wholeNumberError('', 0, 10, 'Latency')).toBe('Latency must be a whole number from 0 to 10.')
  })
})
