import { type ArgsOf, CHANNELS, type Channel, type Envelope, type ResultOf } from '../../preload/api'
import { BridgeError, toBridgeError } from './errors'
import { schemas } from './schemas'

export type Handler<C extends Channel> = (args: ArgsOf<C>) => Promise<ResultOf<C>> | ResultOf<C>
export type Handlers = { [C in Channel]: Handler<C> }
/** A domain module's part of the handler table. */
export type HandlerGroup<K extends Channel> = { [C in K]: Handler<C> }

function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && (CHANNELS as readonly string[]).includes(name)
}

/**
 * The one entry point for every call from a renderer, whichever host carries
 * it: unknown channels and invalid payloads are refused before a handler
 * runs; failures come back as `{ok: false, error: {code, message}}`.
 */
export function createDispatcher(handlers: Handlers) {
  return async function dispatch(channel: unknown, args: unknown): Promise<Envelope> {
    try {
      if (!isChannel(channel)) throw new BridgeError('unknown-channel', `Unknown channel ${JSON.stringify(String(channel)).slice(0, 80)}.`)
      const parsed = schemas[channel].safeParse(args)
      if (!parsed.success) {
        const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ')
        throw new BridgeError('invalid-payload', `Invalid payload for ${channel}: ${detail}`)
      }
      const handler = handlers[channel] as (a: unknown) => Promise<unknown> | unknown
      return { ok: true, result: await handler(parsed.data) }
    } catch (err) {
      return { ok: false, error: toBridgeError(err) }
    }
  }
}

export type Dispatch = ReturnType<typeof createDispatcher>
