export function statusClass(status: string | null | undefined): string {
  switch (status) {
    case 'CONNECTED':
    case 'RECONNECTED':
      return 'ok'
    case 'CREATED':
    case 'UPDATED':
    case 'RESUMED':
    case 'PENDING':
      return 'busy'
    case 'CHALLENGED':
      return 'warn'
    case null:
    case undefined:
      return 'none'
    default:
      return 'bad'
  }
}

export function httpClass(status: number | null | undefined): string {
  if (!status) return 'bad'
  if (status < 300) return 'ok'
  if (status < 500) return 'warn'
  return 'bad'
}

export function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2)
}
