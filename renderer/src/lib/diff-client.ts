import type { Change } from './diff'

let worker: Worker | null = null
let nextId = 1
const pending = new Map<number, (r: { changes?: Change[]; error?: string; ms?: number }) => void>()

/** Diffs two JSON values in a Web Worker. */
export function diffOffThread(left: unknown, right: unknown, ignoreVolatile: boolean): Promise<{ changes: Change[]; ms: number }> {
  if (!worker) {
    worker = new Worker(new URL('./diff.worker.ts', import.meta.url), { type: 'module' })
    worker.onmessage = (e) => {
      pending.get(e.data.id)?.(e.data)
      pending.delete(e.data.id)
    }
  }
  const id = nextId++
  return new Promise((resolve, reject) => {
    pending.set(id, (r) => (r.error ? reject(new Error(r.error)) : resolve({ changes: r.changes ?? [], ms: r.ms ?? 0 })))
    // JSON text: reactive proxies cannot be structured-cloned, and text transfers fast.
    worker!.postMessage({ id, left: JSON.stringify(left ?? null), right: JSON.stringify(right ?? null), ignoreVolatile })
  })
}
