import { create } from 'jsondiffpatch'
import { flattenDelta, stripVolatile } from './diff'

// Diffs run here, off the UI thread, so two 1 MB bodies never freeze the window.
const differ = create({
  objectHash: (item: object, index?: number) => {
    const o = item as Record<string, unknown>
    return typeof o.guid === 'string' ? o.guid : typeof o.id === 'string' || typeof o.id === 'number' ? String(o.id) : `$$index:${index}`
  },
})

self.onmessage = (e: MessageEvent<{ id: number; left: string; right: string; ignoreVolatile: boolean }>) => {
  const { id, left, right, ignoreVolatile } = e.data
  const t0 = performance.now()
  try {
    const a = ignoreVolatile ? stripVolatile(JSON.parse(left)) : JSON.parse(left)
    const b = ignoreVolatile ? stripVolatile(JSON.parse(right)) : JSON.parse(right)
    const changes = flattenDelta(differ.diff(a, b))
    self.postMessage({ id, changes, ms: performance.now() - t0 })
  } catch (err) {
    self.postMessage({ id, error: (err as Error).message })
  }
}
