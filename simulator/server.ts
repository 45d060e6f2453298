import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify'
import { NexusError } from './errors'
import { FaultInjector } from './faults'
import { registerControlRoutes } from './routes-control'
import { NEXUS_MEDIA_TYPE, type NexusIncoming, registerNexusRoutes, sessionAuthenticator } from './routes-nexus'
import { SEEDS } from './seed'
import { DEFAULT_JOB_MS, SimState } from './state'

export const BODY_LIMIT = 1024 * 1024

export interface SimulatorOptions {
  port?: number
  host?: string
  seed?: string
  membersPerUser?: number
  jobMs?: number
  webhookUrls?: string[]
  /** Random source for fault rates (tests pass a fixed one). */
  random?: () => number
}

/** [method, path pattern] of every route, for 405 answers to a known path with the wrong method. */
function routeTable(app: FastifyInstance): { methods: string[]; pattern: RegExp }[] {
  const table = new Map<string, Set<string>>()
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    const set = table.get(route.url) ?? new Set<string>()
    for (const m of methods) if (m !== 'HEAD') set.add(m)
    table.set(route.url, set)
  })
  const compiled: { methods: string[]; pattern: RegExp }[] = []
  app.addHook('onReady', async () => {
    for (const [url, methods] of table) {
      const re = url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[a-z_]+/g, '[^/]+')
      compiled.push({ methods: [...methods], pattern: new RegExp(`^${re}$`) })
    }
  })
  return compiled
}

const NEXUS_CONTENT_TYPE = `${NEXUS_MEDIA_TYPE}; charset=utf-8`

/** Writes a Nexus error straight to the raw response (the gate runs before Fastify). Returns false. */
function refuse(res: ServerResponse, err: NexusError): false {
  const body = JSON.stringify(err.body())
  res.writeHead(err.status, { 'content-type': NEXUS_CONTENT_TYPE, 'content-length': Buffer.byteLength(body), ...err.headers })
  res.end(body)
  return false
}

function isControl(url: string): boolean {
  return url.startsWith('/__sim/')
}

/** Nexus routes answer in MX's media type; SSO answers XML, the control plane plain JSON. */
function isNexus(url: string): boolean {
  return !isControl(url) && !url.startsWith('/sso/')
}

function acceptable(accept: string | undefined): boolean {
  if (!accept || accept === NEXUS_MEDIA_TYPE || accept === '*/*') return true
  return accept.split(',').some((part) => {
    const type = part.split(';')[0]!.trim().toLowerCase()
    return type === '*/*' || type === 'application/*' || type === 'application/json' || type === NEXUS_MEDIA_TYPE
  })
}

export function buildSimulator(options: SimulatorOptions = {}): { app: FastifyInstance; state: SimState; faults: FaultInjector } {
  const seedName = options.seed ?? 'default'
  const makeSeed = SEEDS[seedName]
  if (!makeSeed) throw new Error(`Unknown seed "${seedName}"; known seeds: ${Object.keys(SEEDS).join(', ')}`)
  const jobMs = options.jobMs ?? DEFAULT_JOB_MS
  const membersPerUser = options.membersPerUser ?? 0
  const state = new SimState(makeSeed({ membersPerUser }), { jobMs, webhookUrls: options.webhookUrls })
  const faults = new FaultInjector(options.random)
  // The gate: faults, the Accept check and session auth run on the raw request
  // before Fastify reads the body (the order is an assumption, README item 19),
  // without a per-request Fastify hook: this is the hot path of every Nexus call.
  const gate: { pass?: (req: NexusIncoming, res: ServerResponse) => boolean; handler?: (req: IncomingMessage, res: ServerResponse) => void } = {}
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    logger: false,
    return503OnClosing: true,
    forceCloseConnections: true,
    serverFactory: (handler, opts) => {
      gate.handler = handler
      const server = createServer((req, res) => {
        if (gate.pass!(req, res)) handler(req, res)
      })
      // What Fastify sets on a server it creates itself.
      const o = opts as { keepAliveTimeout?: number; requestTimeout?: number; connectionTimeout?: number }
      server.keepAliveTimeout = o.keepAliveTimeout ?? 72_000
      server.requestTimeout = o.requestTimeout ?? 0
      server.setTimeout(o.connectionTimeout ?? 0)
      return server
    },
  })
  const routes = routeTable(app)

  const parseJson = (_req: unknown, body: string, done: (err: Error | null, value?: unknown) => void) => {
    if (body === '') return done(null, undefined)
    try {
      done(null, JSON.parse(body))
    } catch (err) {
      done(new NexusError(400, '4000', `The body is not valid JSON: ${(err as Error).message}`))
    }
  }
  app.removeAllContentTypeParsers()
  app.addContentTypeParser([NEXUS_MEDIA_TYPE, 'application/json'], { parseAs: 'string' }, parseJson)

  const authenticate = sessionAuthenticator(state)
  app.decorateRequest('nexusUser', { getter(this: { raw: NexusIncoming }) { return this.raw.nexusUser } })
  app.decorateRequest('canned', { getter(this: { raw: NexusIncoming }) { return this.raw.canned } })
  gate.pass = (req, res) => {
    const url = req.url ?? '/'
    if (isControl(url)) return true
    const sso = url.startsWith('/sso/')
    if (!faults.applies(req.method)) return check(req, res, sso)
    const action = faults.next()
    if (action.kind === 'none' && !faults.latencyMs) return check(req, res, sso)
    const go = () => {
      if (action.kind === 'drop') return void req.socket.destroy()
      if (action.kind === 'rate-limit') return refuse(res, new NexusError(429, '4290', 'Too many requests.', { 'retry-after': String(action.retryAfter) }))
      if (action.kind === 'error') return refuse(res, new NexusError(action.status, `${action.status}0`, 'Injected server error.'))
      if (check(req, res, sso)) gate.handler!(req, res)
    }
    if (faults.latencyMs) setTimeout(go, faults.latencyMs)
    else go()
    return false
  }
  /** The Accept check and session auth of every Nexus route (not SSO, not POST /sessions). */
  function check(req: NexusIncoming, res: ServerResponse, sso: boolean): boolean {
    if (sso) return true
    if (!acceptable(req.headers.accept)) return refuse(res, new NexusError(406, '4060', `Accept must allow ${NEXUS_MEDIA_TYPE}.`))
    const url = req.url!
    if (url === '/sessions' || url.startsWith('/sessions?')) return true
    try {
      authenticate(req)
    } catch (err) {
      if (!(err instanceof NexusError)) throw err
      return refuse(res, err)
    }
    return true
  }

  // Every Nexus answer carries MX's media type. Set by wrapping each route's
  // handler when it is registered, not by a per-request hook (the hot path).
  app.addHook('onRoute', (route) => {
    if (!isNexus(route.url)) return
    const handler = route.handler
    route.handler = function (this: FastifyInstance, req, reply) {
      reply.header('content-type', NEXUS_CONTENT_TYPE)
      return handler.call(this, req, reply)
    }
  })

  app.setErrorHandler((error: FastifyError | NexusError, req, reply) => {
    if (isNexus(req.url)) reply.header('content-type', NEXUS_CONTENT_TYPE)
    if (error instanceof NexusError) {
      reply.code(error.status).headers(error.headers).send(error.body())
      return
    }
    const map: Record<string, [number, string, string]> = {
      FST_ERR_CTP_BODY_TOO_LARGE: [413, '4130', `The body is larger than ${BODY_LIMIT} bytes.`],
      FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, '4150', `Content-Type must be ${NEXUS_MEDIA_TYPE}.`],
      FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, '4000', 'Content-Length does not match the body.'],
    }
    const known = error.code ? map[error.code] : undefined
    if (known) {
      const [status, code, message] = known
      reply.code(status).send(new NexusError(status, code, message).body())
      return
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
    reply.code(status).send(new NexusError(status, `${status}0`, status === 500 ? 'Internal simulator error.' : error.message).body())
  })

  app.setNotFoundHandler((req, reply) => {
    if (isNexus(req.url)) reply.header('content-type', NEXUS_CONTENT_TYPE)
    const path = req.url.split('?')[0]!
    const allowed = routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods)
    if (allowed.length) {
      reply.code(405).header('allow', allowed.join(', '))
      reply.send(new NexusError(405, '4050', `${req.method} is not allowed on ${path}; use ${allowed.join(' or ')}.`).body())
      return
    }
    reply.code(404).send(new NexusError(404, '4040', `No such endpoint: ${req.method} ${path}.`).body())
  })

  registerNexusRoutes(app, state)
  registerControlRoutes(app, state, faults, { seed: seedName, membersPerUser, jobMs })
  app.addHook('onClose', async () => state.close())
  return { app, state, faults }
}
