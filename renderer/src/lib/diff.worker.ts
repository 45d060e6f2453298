import { diffValues, toViews } from './diff'
import type { DiffSide } from './diff-client'

// Diffs run here, off the UI thread, so two 1 MB bodies never freeze the window.
// The sides arrive as text: parsing here keeps that work off the UI thread too.
const parse = (s: DiffSide): unknown => {
  let body: unknown = s.text
  if (s.json && s.text !== null) {
    try {
      body = JSON.parse(s.text)
    } catch {
      body = s.text
    }
  }
  return { status: s.status, body }
}

self.onmessage = (e: MessageEvent<{ id: number; left: DiffSide; right: DiffSide; ignoreVolatile: boolean }>) => {
  const { id, left, right, ignoreVolatile } = e.data
  const t0 = performance.now()
  try {
    const changes = toViews(diffValues(parse(left), parse(right), { ignoreVolatile }))
    self.postMessage({ id, changes, ms: performance.now() - t0 })
  } catch (err) {
    self.postMessage({ id, error: (err as Error).message })
  }
}
