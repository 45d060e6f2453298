/**
 * THE contract between the renderer and main. Every operation is declared
 * once here: its channel name, its argument type and its result type; so are
 * the events main pushes to the renderer. Main implements a handler per
 * channel (main/ipc), the preload and the browser host build the same
 * `window.nexusQa` object from `createApi(invoke, subscribe)`.
 *
 * Nothing in this file may carry a secret from main to the renderer: tokens
 * and keys appear only as masked previews.
 */

export type TriState = 'omit' | 'true' | 'false'
export type UseCase = 'PFM' | 'MONEY_MOVEMENT'
export type BodyFormat = 'rooted' | 'legacy' | 'raw'
export type EnvironmentKind = 'local' | 'int' | 'prod' | 'custom'
export type SignInMode = 'sso' | 'apiToken' | 'sessionToken' | 'testSession'

export interface EnvironmentView {
  id: string
  kind: EnvironmentKind
  name: string
  baseUrl: string
  ssoUrl: string
  /** Production: every write needs an explicit confirmation sent with that request. */
  confirmWrites: boolean
  /** The simulator's /__sim control plane is available (Local simulator only). */
  hasSimulator: boolean
}

export interface SessionView {
  envId: string
  mode: SignInMode
  clientId: string | null
  userId: string | null
  /** Masked preview, e.g. `CWfo…tKg`. Never the token. */
  tokenPreview: string
  /** Sliding expiry as far as the console knows (30 min after the last call). */
  expiresAt: string
  /** Whether an SSO API key is stored, so the session can renew itself on 4011. */
  canRenew: boolean
  storage: 'keychain' | 'memory'
}

export interface VaultStatus {
  available: boolean
  backend: string
  /** Set when no keychain is available: what is missing, in plain words. */
  problem: string | null
  /** The user chose memory-only storage for this run. */
  memoryOnly: boolean
}

export interface CredentialInput {
  credential_guid: string
  value: string
}

/** What the tester is about to send to PUT /members/{guid}. */
export interface UpdateDraft {
  memberGuid: string
  bodyFormat: BodyFormat
  /** Used verbatim when bodyFormat is 'raw'. */
  rawBody: string
  skipAggregation: TriState
  skipWebhook: TriState
  backgroundAggregationIsDisabled: TriState
  /** The MX-Skip-Webhook header. */
  skipWebhookHeader: TriState
  /** null: omit. Any string is sent verbatim, so unknown values can test rejection. */
  connectionStatus: string | null
  credentials: CredentialInput[] | null
  useCases: UseCase[] | null
  metadata: string | null
  /** Deprecated MFA answers through update (the seed warns against skip_aggregation with them). */
  challenges: { guid: string; value: string }[] | null
}

/** A draft that sends nothing but an empty rooted member: every field omitted. */
export function defaultDraft(memberGuid = ''): UpdateDraft {
  return {
    memberGuid,
    bodyFormat: 'rooted',
    rawBody: '{\n  "member": {\n  }\n}',
    skipAggregation: 'omit',
    skipWebhook: 'omit',
    backgroundAggregationIsDisabled: 'omit',
    skipWebhookHeader: 'omit',
    connectionStatus: null,
    credentials: null,
    useCases: null,
    metadata: null,
    challenges: null,
  }
}

export interface HttpRequestView {
  method: string
  url: string
  headers: Record<string, string>
  body: string | null
}

export interface HttpResponseView {
  status: number
  statusText: string
  headers: Record<string, string>
  bodyText: string
  json?: unknown
}

export type ExchangeErrorKind = 'timeout' | 'cancelled' | 'network' | 'session-expired' | 'invalid-response' | 'refused'

/** One request and its answer (or failure), with every secret redacted. */
export interface Exchange {
  id: string
  environment: string
  environmentName: string
  operation: string
  memberGuid: string | null
  startedAt: string
  durationMs: number
  request: HttpRequestView
  response?: HttpResponseView
  error?: { kind: ExchangeErrorKind; message: string }
  /** The session was renewed after a 4011 and the request retried. */
  renewed?: boolean
  /** Parsed Nexus error, when the body carried one in a shape we know. */
  nexusError?: { code: string | null; message: string | null }
  /**
   * Made by the console on its own (job follow-up polls, the matrix's baseline
   * restores and reads, scenario lookups): kept in history like every other
   * Exchange, hidden from the history list unless asked for.
   */
  background?: boolean
}

export interface ExchangeSummary {
  id: string
  environment: string
  operation: string
  memberGuid: string | null
  startedAt: string
  durationMs: number
  method: string
  url: string
  status: number | null
  error: string | null
  background?: boolean
}

export interface Pagination {
  current_page: number
  per_page: number
  total_entries: number
  total_pages: number
}

/** Members as MX returns them; parsed tolerantly, so every field is optional. */
export interface MemberView {
  guid: string
  name?: string | null
  connection_status?: string | null
  connection_status_id?: number | null
  connection_status_message?: string | null
  institution_code?: string | null
  institution_guid?: string
  is_being_aggregated?: boolean | null
  is_oauth?: boolean | null
  aggregated_at?: string | null
  successfully_aggregated_at?: string | null
  most_recent_job_guid?: string | null
  metadata?: string | null
  use_cases?: string[]
  background_aggregation_is_disabled?: boolean
  user_guid?: string | null
  [field: string]: unknown
}

export interface CredentialDefinitionView {
  guid: string
  label: string
  field_name: string
  type: string
  display_order?: number
}

export interface ChallengeView {
  guid: string
  type: string
  label: string
  field_name?: string
  options?: { label: string; value: string }[]
  image_data?: string
}

export interface FollowProgress {
  followId: string
  memberGuid: string
  envId: string
  member: MemberView | null
  job: Record<string, unknown> | null
  /** Every distinct status the member went through, in order. */
  timeline: { at: string; status: string | null; aggregating: boolean }[]
  state: 'following' | 'settled' | 'challenged' | 'cancelled' | 'failed' | 'timed-out'
  message: string | null
}

export interface HistoryQuery {
  environment?: string
  memberGuid?: string
  status?: number
  text?: string
  /** Include background Exchanges (job polls, matrix bookkeeping); they are left out by default. */
  includeBackground?: boolean
  offset?: number
  limit?: number
}

export interface HistoryPage {
  items: ExchangeSummary[]
  total: number
  /** Torn or unreadable lines found while loading (a crash mid-write), reported, never fatal. */
  problems: string[]
}

export interface SimulatorControl {
  clock: { now: string; offset_ms: number }
  config: { job_ms: number }
  faults: Required<SimFaults>
  webhook_urls: string[]
}

export interface SimFaults {
  /** Only calls with this method meet the faults; null: every Nexus call. */
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | null
  latency_ms?: number
  error_status?: number
  error_count?: number
  error_rate?: number
  rate_limit_count?: number
  retry_after_s?: number
  drop_count?: number
}

export interface WebhookView {
  id: number
  at: string
  kind: string
  action: string
  member_guid: string
  outcome: string
  suppressed_by?: string[]
  deliveries: { url: string; outcome: string; http_status?: number; error?: string }[]
  payload: unknown
}

export interface MatrixSpec {
  memberGuid: string
  /** null: connection_status omitted. */
  statuses: (string | null)[]
  skipAggregation: TriState[]
  skipWebhook: TriState[]
  skipWebhookHeader: TriState[]
  bodyFormats: ('rooted' | 'legacy')[]
  credentials: boolean[]
  /** Values sent when credentials are on (default MX Bank's mxuser / password). */
  credentialValues?: { login: string; password: string }
  /** Status restored before each combination (default: the member's status at the start). */
  baselineStatus?: string
}

export type MatrixVerdict = 'pass' | 'fail' | 'not-observable'

export interface MatrixCell {
  index: number
  label: string
  combo: {
    connectionStatus: string | null
    credentials: boolean
    bodyFormat: 'rooted' | 'legacy'
    skipAggregation: TriState
    skipWebhook: TriState
    skipWebhookHeader: TriState
  }
  expected: {
    httpStatus: number
    connectionStatusText: string
    jobStarts: boolean
    webhookFires: boolean
    rules: string[]
  } | null
  observed: { httpStatus: number | null; connectionStatus: string | null; jobStarted: boolean | null; webhookFired: boolean | null }
  verdicts: { httpStatus: MatrixVerdict; connectionStatus: MatrixVerdict; jobStarts: MatrixVerdict; webhookFires: MatrixVerdict }
  verdict: 'pass' | 'fail'
  exchangeId: string | null
  error: string | null
}

export interface MatrixResult {
  runId: string
  spec: MatrixSpec
  startedAt: string
  durationMs: number
  cancelled: boolean
  total: number
  cells: MatrixCell[]
  summary: { pass: number; fail: number; notObservable: number }
}

export interface ScenarioStepResult {
  index: number
  kind: string
  title: string
  status: 'pass' | 'fail' | 'error' | 'skipped'
  message: string | null
  exchangeId: string | null
  durationMs: number
}

export interface ScenarioResult {
  name: string
  passed: boolean
  steps: ScenarioStepResult[]
  durationMs: number
}

export interface SignInRequest {
  envId: string
  mode: SignInMode
  clientId?: string
  userId?: string
  /** SSO API key (mode 'sso'): goes to the keychain, never comes back. */
  apiKey?: string
  apiToken?: string
  sessionToken?: string
}

/** Every write to a production environment must carry this, set by an explicit confirmation. */
export interface WriteConfirmation {
  confirmProduction?: boolean
  /** Chosen by the caller so it can cancel the request with requests:cancel. */
  requestId?: string
}

export interface Channels {
  'app:info': { args: void; result: { version: string; host: 'electron' | 'browser'; userDataDir: string } }
  'env:list': { args: void; result: { environments: EnvironmentView[]; activeId: string } }
  'env:select': { args: { id: string }; result: EnvironmentView }
  'env:saveCustom': { args: { id?: string; name: string; baseUrl: string; ssoUrl?: string }; result: EnvironmentView }
  'env:removeCustom': { args: { id: string }; result: void }
  'vault:status': { args: void; result: VaultStatus }
  'vault:useMemoryOnly': { args: void; result: VaultStatus }
  'session:get': { args: { envId: string }; result: SessionView | null }
  'session:signIn': { args: SignInRequest; result: { session: SessionView; exchanges: Exchange[] } }
  'session:signOut': { args: { envId: string }; result: void }
  'members:list': { args: { page?: number; perPage?: number }; result: { members: MemberView[]; pagination: Pagination | null; exchange: Exchange } }
  'members:get': { args: { guid: string }; result: { member: MemberView | null; exchange: Exchange } }
  'members:credentials': { args: { guid: string }; result: { credentials: CredentialDefinitionView[]; exchange: Exchange } }
  'members:challenges': { args: { guid: string }; result: { challenges: ChallengeView[]; exchange: Exchange } }
  'members:update': { args: { draft: UpdateDraft } & WriteConfirmation; result: { exchange: Exchange; before: MemberView | null; followId: string | null } }
  'members:preview': { args: { draft: UpdateDraft }; result: { request: HttpRequestView; curl: string; problems: string[] } }
  'members:resume': { args: { guid: string; answers: { guid: string; value: string }[] } & WriteConfirmation; result: { exchange: Exchange; followId: string | null } }
  'members:aggregate': { args: { guid: string } & WriteConfirmation; result: { exchange: Exchange; followId: string | null } }
  'jobs:get': { args: { guid: string }; result: { job: Record<string, unknown> | null; exchange: Exchange } }
  'requests:cancel': { args: { requestId: string }; result: { cancelled: boolean } }
  'follow:cancel': { args: { followId: string }; result: { cancelled: boolean } }
  'history:list': { args: HistoryQuery; result: HistoryPage }
  'history:get': { args: { id: string }; result: Exchange | null }
  'history:delete': { args: { id: string }; result: { deleted: boolean } }
  'history:export': { args: { format: 'json' | 'har'; ids?: string[] }; result: { filename: string; mimeType: string; content: string } }
  'exchange:curl': { args: { id: string }; result: { curl: string } }
  'sim:control': { args: void; result: SimulatorControl }
  'sim:webhooks': { args: { memberGuid?: string }; result: { webhooks: WebhookView[] } }
  'sim:clock': { args: { advanceMs?: number; set?: string; reset?: boolean }; result: SimulatorControl }
  'sim:config': { args: { jobMs: number }; result: SimulatorControl }
  'sim:faults': { args: SimFaults | null; result: SimulatorControl }
  'sim:reset': { args: void; result: SimulatorControl }
  'matrix:run': { args: { spec: MatrixSpec; runId: string } & WriteConfirmation; result: MatrixResult }
  'matrix:cancel': { args: { runId: string }; result: { cancelled: boolean } }
  'matrix:export': { args: { runId: string; format: 'junit' | 'json' }; result: { filename: string; mimeType: string; content: string } }
  'scenario:run': { args: { text: string; runId: string } & WriteConfirmation; result: ScenarioResult }
  'scenario:cancel': { args: { runId: string }; result: { cancelled: boolean } }
  'scenario:fromHistory': { args: { ids: string[]; name: string }; result: { filename: string; mimeType: string; content: string } }
}

export type Channel = keyof Channels
export type ArgsOf<C extends Channel> = Channels[C]['args']
export type ResultOf<C extends Channel> = Channels[C]['result']

export interface Events {
  'session:changed': { envId: string; session: SessionView | null }
  'session:expiring': { envId: string; expiresAt: string; minutesLeft: number }
  'follow:progress': FollowProgress
  'env:changed': { activeId: string }
  'matrix:progress': { runId: string; done: number; total: number; cell: MatrixCell }
  'scenario:progress': { runId: string; step: ScenarioStepResult }
}
export type EventName = keyof Events

export const CHANNELS = [
  'app:info',
  'env:list',
  'env:select',
  'env:saveCustom',
  'env:removeCustom',
  'vault:status',
  'vault:useMemoryOnly',
  'session:get',
  'session:signIn',
  'session:signOut',
  'members:list',
  'members:get',
  'members:credentials',
  'members:challenges',
  'members:update',
  'members:preview',
  'members:resume',
  'members:aggregate',
  'jobs:get',
  'requests:cancel',
  'follow:cancel',
  'history:list',
  'history:get',
  'history:delete',
  'history:export',
  'exchange:curl',
  'sim:control',
  'sim:webhooks',
  'sim:clock',
  'sim:config',
  'sim:faults',
  'sim:reset',
  'matrix:run',
  'matrix:cancel',
  'matrix:export',
  'scenario:run',
  'scenario:cancel',
  'scenario:fromHistory',
] as const satisfies readonly Channel[]

// A channel declared in Channels but missing from CHANNELS fails here.
type MissingChannel = Exclude<Channel, (typeof CHANNELS)[number]>
const allChannelsListed: MissingChannel extends never ? true : MissingChannel = true
void allChannelsListed

export const EVENTS = ['session:changed', 'session:expiring', 'follow:progress', 'env:changed', 'matrix:progress', 'scenario:progress'] as const satisfies readonly EventName[]

/** A failure from main, carried across the bridge as plain data. */
export interface BridgeErrorShape {
  code: 'invalid-payload' | 'unknown-channel' | 'forbidden-sender' | 'failed' | 'confirmation-required' | 'no-session' | 'keychain-unavailable'
  message: string
}

/** What every transport carries back for a call. */
export type Envelope = { ok: true; result: unknown } | { ok: false; error: BridgeErrorShape }

/** The renderer-side error for a failed call: `code` says what kind of failure. */
export class NexusQaError extends Error {
  constructor(
    readonly code: BridgeErrorShape['code'],
    message: string,
  ) {
    super(message)
    this.name = 'NexusQaError'
  }
}

export type Invoke = (channel: Channel, args: unknown) => Promise<Envelope>
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void

type Call<C extends Channel, R> = ArgsOf<C> extends void ? () => Promise<R> : (args: ArgsOf<C>) => Promise<R>

type On = { on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void }

/**
 * What crosses the bridge (`window.nexusQa`): one named method per channel,
 * each resolving to an Envelope. Plain data only, so failures keep their code
 * across Electron's context bridge.
 */
export type BridgeApi = { [C in Channel]: Call<C, Envelope> } & On

/** What the renderer uses: the same methods, resolving to results and throwing NexusQaError. */
export type NexusQaApi = { [C in Channel]: Call<C, ResultOf<C>> } & On

/** Builds the bridge object from a transport; identical for Electron IPC and the browser host. */
export function createApi(invoke: Invoke, subscribe: Subscribe): BridgeApi {
  const api: Record<string, unknown> = {}
  for (const channel of CHANNELS) api[channel] = (args?: unknown) => invoke(channel, args)
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!(EVENTS as readonly string[]).includes(event)) throw new Error(`Unknown event ${event}`)
    return subscribe(event, listener)
  }
  return api as BridgeApi
}

/** Turns envelopes into results or thrown NexusQaErrors. */
export function unwrapApi(bridge: BridgeApi): NexusQaApi {
  const api: Record<string, unknown> = {}
  for (const channel of CHANNELS) {
    const call = bridge[channel] as (args?: unknown) => Promise<Envelope>
    api[channel] = async (args?: unknown) => {
      const envelope = await call(args)
      if (envelope.ok) return envelope.result
      throw new NexusQaError(envelope.error.code, envelope.error.message)
    }
  }
  api.on = bridge.on
  return api as NexusQaApi
}
