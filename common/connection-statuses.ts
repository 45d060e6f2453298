/**
 * Member connection statuses, as MX numbers them (0–5 documented for Nexus,
 * the rest from MX's Platform API; see shared/nexus/NEXUS-API.md).
 * Shared by the simulator, main and the renderer: one list of facts, not logic.
 */
export const CONNECTION_STATUSES = [
  'CREATED',
  'PREVENTED',
  'DENIED',
  'CHALLENGED',
  'REJECTED',
  'LOCKED',
  'CONNECTED',
  'IMPEDED',
  'RECONNECTED',
  'DEGRADED',
  'DISCONNECTED',
  'DISCONTINUED',
  'CLOSED',
  'DELAYED',
  'FAILED',
  'UPDATED',
  'DISABLED',
  'IMPORTED',
  'RESUMED',
  'EXPIRED',
  'IMPAIRED',
  'PENDING',
] as const

export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number]

export function isConnectionStatus(value: unknown): value is ConnectionStatus {
  return typeof value === 'string' && (CONNECTION_STATUSES as readonly string[]).includes(value)
}

export function connectionStatusId(status: ConnectionStatus): number {
  return CONNECTION_STATUSES.indexOf(status)
}

/** Statuses MX reports while an aggregation is still under way. */
export const PROCESSING_STATUSES: readonly ConnectionStatus[] = ['CREATED', 'RECONNECTED', 'UPDATED', 'RESUMED', 'PENDING']

/** Statuses that need the end user; reaching one fires the connection-status webhook. */
export const NEEDS_USER_STATUSES: readonly ConnectionStatus[] = [
  'CHALLENGED',
  'DENIED',
  'EXPIRED',
  'IMPAIRED',
  'IMPEDED',
  'LOCKED',
  'PREVENTED',
  'REJECTED',
]

/**
 * Settled: no aggregation under way and the status is final for now. A
 * CHALLENGED member counts as settled for a follower: the job waits on the user.
 */
export function isSettled(member: { is_being_aggregated?: unknown; connection_status?: unknown }): boolean {
  const status = member.connection_status
  if (status === 'CHALLENGED') return true
  if (member.is_being_aggregated === true) return false
  return !(typeof status === 'string' && (PROCESSING_STATUSES as readonly string[]).includes(status))
}

/** Codes of MX's test institutions: only their members accept a forced connection_status. */
export const TEST_INSTITUTION_CODES: readonly string[] = ['mxbank', 'mx_bank_oauth']
