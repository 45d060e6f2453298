import { describe, expect, it } from 'vitest'
import { expectFor, type OracleCase } from '../update-member-oracle'

const base: OracleCase = {
  testInstitution: true,
  jobRunning: false,
  statusBefore: 'CONNECTED',
  connectionStatus: null,
  credentials: false,
  skipAggregation: 'omit',
  skipWebhook: 'omit',
  skipWebhookHeader: 'omit',
  bodyFormat: 'rooted',
}

describe('the update-member oracle', () => {
  it('forces a valid status on a test member, no job, webhook fires', () => {
    expect(expectFor({ ...base, connectionStatus: 'DENIED' })).toMatchObject({
      httpStatus: 200,
      connectionStatus: { kind: 'value', value: 'DENIED' },
      jobStarts: false,
      webhookFires: true,
      rules: ['force-status', 'member-webhook'],
    })
  })

  it('400 on a non-test member, and for a value that is not a status', () => {
    expect(expectFor({ ...base, testInstitution: false, connectionStatus: 'DENIED' })).toMatchObject({ httpStatus: 400, webhookFires: false, jobStarts: false, connectionStatus: { kind: 'unchanged' } })
    expect(expectFor({ ...base, connectionStatus: 'connected' }).httpStatus).toBe(400)
  })

  it('credentials start a job and override connection_status, even an invalid one on a non-test member', () => {
    const e = expectFor({ ...base, testInstitution: false, credentials: true, connectionStatus: 'BOGUS' })
    expect(e).toMatchObject({ httpStatus: 200, jobStarts: true, connectionStatus: { kind: 'decided-by-aggregation' } })
    expect(e.rules).toContain('credentials-override-status')
  })

  it('skip_aggregation: true keeps the status and starts no job', () => {
    expect(expectFor({ ...base, credentials: true, skipAggregation: 'true' })).toMatchObject({ jobStarts: false, connectionStatus: { kind: 'unchanged' } })
    expect(expectFor({ ...base, credentials: true, skipAggregation: 'false' }).jobStarts).toBe(true)
  })

  it('no second job while one runs', () => {
    expect(expectFor({ ...base, credentials: true, jobRunning: true })).toMatchObject({ jobStarts: false, rules: expect.arrayContaining(['no-second-job']) })
  })

  it('skip_webhook body flag or MX-Skip-Webhook header suppress the webhook; false does not', () => {
    expect(expectFor({ ...base, skipWebhook: 'true' }).webhookFires).toBe(false)
    expect(expectFor({ ...base, skipWebhookHeader: 'true' }).webhookFires).toBe(false)
    expect(expectFor({ ...base, skipWebhook: 'false', skipWebhookHeader: 'false' }).webhookFires).toBe(true)
  })

  it('rooted and legacy bodies are judged alike', () => {
    const rooted = expectFor({ ...base, connectionStatus: 'LOCKED' })
    expect(expectFor({ ...base, connectionStatus: 'LOCKED', bodyFormat: 'legacy' })).toEqual(rooted)
  })
})
