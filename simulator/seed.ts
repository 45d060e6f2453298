import type { ConnectionStatus } from '../common/connection-statuses'
import { stableGuid } from './ids'
import type { CredentialDefinition, Institution } from './model'

export const DEFAULT_CLIENT_ID = 'sim-client'
export const DEFAULT_API_KEY = 'sim-api-key'
export const DEFAULT_USER_IDS = ['qa-user-1', 'qa-user-2'] as const

export interface SeedOptions {
  /** Extra generated MX Bank members per user, for scale tests. */
  membersPerUser?: number
}

export interface SeedMember {
  key: string
  user_id: string
  institution_code: string
  name: string
  status: ConnectionStatus | null
  username: string
  password: string
  /** The seeded member waits on an MFA challenge of this kind. */
  challenge?: 'TEXT'
  metadata?: string
}

export interface Seed {
  client_id: string
  api_key: string
  user_ids: string[]
  institutions: Institution[]
  members: SeedMember[]
}

function credentialsFor(code: string): CredentialDefinition[] {
  return [
    { guid: stableGuid('CRD', `${code}:LOGIN`), field_name: 'LOGIN', label: 'Username', type: 'LOGIN', display_order: 1 },
    { guid: stableGuid('CRD', `${code}:PASSWORD`), field_name: 'PASSWORD', label: 'Password', type: 'PASSWORD', display_order: 2 },
  ]
}

const THREE_HOURS = 3 * 60 * 60 * 1000

export const SEED_INSTITUTIONS: Institution[] = [
  { code: 'mxbank', name: 'MX Bank', is_test: true, is_oauth: false, throttle_ms: 0, url: 'https://www.mx.com' },
  { code: 'mx_bank_oauth', name: 'MX Bank (OAuth)', is_test: true, is_oauth: true, throttle_ms: 0, url: 'https://www.mx.com' },
  { code: 'chase', name: 'Chase Bank', is_test: false, is_oauth: false, throttle_ms: THREE_HOURS, url: 'https://www.chase.com' },
  { code: 'wells_fargo', name: 'Wells Fargo', is_test: false, is_oauth: false, throttle_ms: THREE_HOURS, url: 'https://www.wellsfargo.com' },
].map((i) => ({ ...i, guid: stableGuid('INS', i.code), credentials: i.is_oauth ? [] : credentialsFor(i.code) }))

/** Per user: the statuses a tester most often starts from, plus an OAuth and a non-test member. */
const MEMBERS_PER_USER: Omit<SeedMember, 'key' | 'user_id'>[] = [
  { institution_code: 'mxbank', name: 'MX Bank (denied)', status: 'DENIED', username: 'mxuser', password: 'UNAUTHORIZED' },
  { institution_code: 'mxbank', name: 'MX Bank (prevented)', status: 'PREVENTED', username: 'mxuser', password: 'password' },
  { institution_code: 'mxbank', name: 'MX Bank (challenged)', status: 'CHALLENGED', username: 'mxuser', password: 'challenge', challenge: 'TEXT' },
  { institution_code: 'mxbank', name: 'MX Bank (connected)', status: 'CONNECTED', username: 'mxuser', password: 'password' },
  { institution_code: 'mxbank', name: 'MX Bank (locked)', status: 'LOCKED', username: 'mxuser', password: 'LOCKED' },
  { institution_code: 'mxbank', name: 'MX Bank (no credentials)', status: null, username: '', password: '' },
  { institution_code: 'mx_bank_oauth', name: 'MX Bank OAuth (pending)', status: 'PENDING', username: '', password: '' },
  { institution_code: 'chase', name: 'Chase (connected)', status: 'CONNECTED', username: 'chaseuser', password: 'password', metadata: 'non-test institution' },
]

const GENERATED_STATUSES: ConnectionStatus[] = ['CONNECTED', 'DENIED', 'PREVENTED', 'DEGRADED', 'LOCKED', 'EXPIRED', 'IMPAIRED']

export function defaultSeed(options: SeedOptions = {}): Seed {
  const extra = Math.max(0, Math.floor(options.membersPerUser ?? 0))
  const members: SeedMember[] = []
  for (const user_id of DEFAULT_USER_IDS) {
    for (const m of MEMBERS_PER_USER) members.push({ ...m, user_id, key: `${user_id}:${m.name}` })
    for (let n = 1; n <= extra; n++) {
      const status = GENERATED_STATUSES[n % GENERATED_STATUSES.length]!
      members.push({
        key: `${user_id}:generated:${n}`,
        user_id,
        institution_code: 'mxbank',
        name: `MX Bank #${n} (${status.toLowerCase()})`,
        status,
        username: 'mxuser',
        password: status === 'DENIED' ? 'UNAUTHORIZED' : status === 'LOCKED' ? 'LOCKED' : 'password',
      })
    }
  }
  return {
    client_id: DEFAULT_CLIENT_ID,
    api_key: DEFAULT_API_KEY,
    user_ids: [...DEFAULT_USER_IDS],
    institutions: SEED_INSTITUTIONS,
    members,
  }
}

export const SEEDS: Record<string, (options?: SeedOptions) => Seed> = { default: defaultSeed }
