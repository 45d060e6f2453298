import { buildSimulator, type SimulatorOptions } from './server'
import type { SimState } from './state'

export type { SimulatorOptions } from './server'
export { DEFAULT_API_KEY, DEFAULT_CLIENT_ID, DEFAULT_USER_IDS } from './seed'

export interface RunningSimulator {
  url: string
  port: number
  state: SimState
  close(): Promise<void>
}

/** Starts the simulator on loopback; `port: 0` picks a free port. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1'
  if (!['127.0.0.1', '::1', 'localhost'].includes(host)) throw new Error('The simulator listens on loopback only.')
  const { app, state } = buildSimulator(options)
  await app.listen({ port: options.port ?? 0, host })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  let closing: Promise<void> | undefined
  return {
    url,
    port,
    state,
    close: () => (closing ??= (async () => {
      await app.close()
      await state.webhooks.settle()
    })()),
  }
}
