import type { Exchange } from '../../../preload/api'
import type { ChangeView } from './diff'

/** One side of a comparison as the worker receives it: the status and the body's text. */
export interface DiffSide {
  status: number | null
  text: string | null
  /** The body parsed as JSON when the exchange was recorded: the worker parses it again. */
  json: boolean
}

/** What is compared of an exchange: its status and body (or its error, when there is no answer). */
export function diffSide(x: Exchange): DiffSide {
  if (x.response) return { status: x.response.status, text: x.response.bodyText, json: x.response.json !== undefined }
  return { status: null, text: x.error?.message ?? null, json: false }
}

let worker: Worker | null = null

function diffWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('./diff.worker.ts', import.meta.url), { type: 'module' })
    worker.onmessage = (e) => {
      pending.get(e.data.id)?.(e.data)
      pending.delete(e.data.id)
    }
  }
  return worker
}

/** Starts the worker ahead of the first comparison (called when the app is idle), so that one is not slower. */
export function warmDiffWorker(): void {
  diffWorker()
}
let nextId = 1
const pending = new Map<number, (r: { changes?: ChangeView[]; error?: string; ms?: number }) => void>()

/** Diffs two exchanges' bodies in a Web Worker. Plain strings cross over, so the UI thread does no JSON work. */
export function diffOffThread(left: DiffSide, right: DiffSide, ignoreVolatile: boolean): Promise<{ changes: ChangeView[]; ms: number }> {
  const w = diffWorker()
  const id = nextId++
  return new Promise((resolve, reject) => {
    pending.set(id, (r) => (r.error ? reject(new Error(r.error)) : resolve({ changes: r.changes ?? [], ms: r.ms ?? 0 })))
    w.postMessage({ id, left, right, ignoreVolatile })
  })
}
