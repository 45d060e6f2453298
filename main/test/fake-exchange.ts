import type { Exchange } from '../../preload/api'

/** A small Exchange for history tests and benchmarks. */
export function fakeExchange(i: number, over: Partial<Exchange> = {}): Exchange {
  return {
    id: `x-${i}`,
    environment: i % 2 ? 'local' : 'int',
    environmentName: 'Local simulator',
    operation: 'update member',
    memberGuid: `MBR-${i % 10}`,
    startedAt: new Date(1_700_000_000_000 + i).toISOString(),
    durationMs: 3,
    request: { method: 'PUT', url: `http://127.0.0.1/members/MBR-${i % 10}`, headers: {}, body: `{"member":{"metadata":"note ${i}"}}` },
    response: { status: i % 3 ? 200 : 400, statusText: 'OK', headers: {}, bodyText: `{"member":{"guid":"MBR-${i % 10}"}}` },
    ...over,
  }
}
