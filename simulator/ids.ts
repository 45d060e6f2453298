import { createHash, randomUUID } from 'node:crypto'

export type GuidPrefix = 'USR' | 'MBR' | 'INS' | 'CRD' | 'JOB'

/** A GUID in MX's format (`MBR-xxxxxxxx-xxxx-…`) derived from a name, so seeds are stable across runs. */
export function stableGuid(prefix: GuidPrefix, name: string): string {
  const hex = createHash('sha1').update(`${prefix}:${name}`).digest('hex')
  return `${prefix}-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

export function newGuid(prefix: GuidPrefix): string {
  return `${prefix}-${randomUUID()}`
}

/** Opaque token text of the shape MX hands out (URL-safe base64). */
export function newToken(bytes = 48): string {
  return createHash('sha512').update(randomUUID() + randomUUID()).digest('base64url').slice(0, Math.ceil((bytes * 4) / 3))
}
