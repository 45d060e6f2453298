import type { ConnectionStatus } from '../common/connection-statuses'
import { stableGuid } from './ids'
import type { Challenge, ChallengeType, Institution } from './model'

/** MX Bank: the password picks the outcome (shared/nexus/NEXUS-API.md, "Test institutions"). */
export const MX_BANK_PASSWORDS: Record<string, { status: ConnectionStatus; challenge?: ChallengeType }> = {
  challenge: { status: 'CHALLENGED', challenge: 'TEXT' },
  options: { status: 'CHALLENGED', challenge: 'OPTIONS' },
  image: { status: 'CHALLENGED', challenge: 'IMAGE' },
  BAD_REQUEST: { status: 'FAILED' },
  UNAUTHORIZED: { status: 'DENIED' },
  INVALID: { status: 'DENIED' },
  LOCKED: { status: 'LOCKED' },
  DISABLED: { status: 'DISABLED' },
  SERVER_ERROR: { status: 'FAILED' },
  UNAVAILABLE: { status: 'DEGRADED' },
}

export function outcomeFor(
  inst: Institution,
  creds: { username: string; password: string },
): { status: ConnectionStatus; challenge?: ChallengeType } {
  if (inst.is_oauth) return { status: 'PENDING' }
  if (!creds.username || !creds.password) return { status: 'DENIED' }
  if (!inst.is_test) return { status: 'CONNECTED' }
  return MX_BANK_PASSWORDS[creds.password] ?? { status: 'CONNECTED' }
}

const IMAGE_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="220" height="60"><rect width="220" height="60" fill="#f4efe1"/>' +
  '<text x="20" y="38" font-family="monospace" font-size="22" fill="#333">correct</text></svg>'

export function challengesFor(kind: ChallengeType, memberGuid: string, round: number): Challenge[] {
  const guid = stableGuid('CRD', `${memberGuid}:challenge:${kind}:${round}`)
  switch (kind) {
    case 'OPTIONS':
      return [
        {
          guid,
          type: 'OPTIONS',
          field_name: 'options',
          label: 'Which option is correct?',
          options: [
            { label: 'The correct one', value: 'correct' },
            { label: 'The wrong one', value: 'wrong' },
            { label: 'Neither', value: 'neither' },
          ],
        },
      ]
    case 'IMAGE':
      return [
        {
          guid,
          type: 'IMAGE',
          field_name: 'image',
          label: 'Enter the word shown in the image.',
          image_data: `data:image/svg+xml;base64,${Buffer.from(IMAGE_SVG).toString('base64')}`,
        },
      ]
    default:
      return [
        {
          guid,
          type: 'TEXT',
          field_name: 'text',
          label: round ? 'Follow-up: what is the name of your first pet?' : 'What city were you born in?',
        },
      ]
  }
}

export interface Answer {
  guid: string
  value: string
}

/**
 * `correct` passes; `challenge` (text questions) raises a follow-up; anything
 * else is REJECTED. Every open challenge needs an answer; an unknown guid is a 400.
 */
export function judgeAnswers(
  challenges: Challenge[],
  answers: Answer[],
): { result: 'pass' | 'follow-up' | 'reject'; error?: undefined } | { error: string; result?: undefined } {
  if (!answers.length) return { error: 'challenges must hold at least one answer.' }
  for (const a of answers) {
    if (!challenges.some((c) => c.guid === a.guid)) return { error: `Challenge ${a.guid} is not open for this member.` }
  }
  const missing = challenges.filter((c) => !answers.some((a) => a.guid === c.guid))
  if (missing.length) return { error: `Challenge ${missing[0]!.guid} was not answered.` }
  if (answers.every((a) => a.value === 'correct')) return { result: 'pass' }
  const textFollowUp = answers.some((a) => a.value === 'challenge' && challenges.find((c) => c.guid === a.guid)?.type === 'TEXT')
  return { result: textFollowUp ? 'follow-up' : 'reject' }
}
