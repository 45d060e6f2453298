import type { BridgeErrorShape } from '../../preload/api'

/** A failure meant for the user: crosses the bridge as `{code, message}`. */
export class BridgeError extends Error {
  constructor(
    readonly code: BridgeErrorShape['code'],
    message: string,
  ) {
    super(message)
  }

  toShape(): BridgeErrorShape {
    return { code: this.code, message: this.message }
  }
}

export function toBridgeError(err: unknown): BridgeErrorShape {
  if (err instanceof BridgeError) return err.toShape()
  return { code: 'failed', message: err instanceof Error ? err.message : String(err) }
}
