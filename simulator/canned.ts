import { CONNECTION_STATUSES, type ConnectionStatus, isConnectionStatus } from '../common/connection-statuses'
import { notFound } from './errors'
import { stableGuid } from './ids'
import type { Institution, Member, User } from './model'
import { challengesFor } from './outcomes'
import type { SimState } from './state'

/**
 * int-data's `MD-SESSION-TOKEN: test_session` shortcut: no SSO, and member
 * paths take `test_member` or a connection-status name in place of a guid,
 * answering with canned data that nothing persists.
 */
export const TEST_SESSION_TOKEN = 'test_session'

export const TEST_SESSION_USER: User = {
  guid: stableGuid('USR', 'test_session'),
  id: 'test_session',
  client_id: 'test_session',
}

export function cannedGuids(): string[] {
  return ['test_member', ...CONNECTION_STATUSES]
}

export function cannedMember(state: SimState, guid: string): Member {
  if (guid !== 'test_member' && !isConnectionStatus(guid)) throw notFound('Member')
  const inst = state.institutionByCode('mxbank') as Institution
  const m = state.newMember(TEST_SESSION_USER, inst, guid === 'test_member' ? 'Test member' : `Test member (${guid})`)
  m.guid = guid
  m.connection_status = guid === 'test_member' ? 'CONNECTED' : (guid as ConnectionStatus)
  m.aggregated_at = '2016-10-13T18:07:57.000Z'
  m.successfully_aggregated_at = '2016-10-13T17:57:38.000Z'
  if (m.connection_status === 'CHALLENGED') m.challenges = challengesFor('TEXT', guid, 0)
  return m
}
