/** A Nexus-style failure: HTTP status plus MX's numeric code and a message. */
export class NexusError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }

  body(): { error: { code: string; message: string; status: number } } {
    return { error: { code: this.code, message: this.message, status: this.status } }
  }
}

export const badRequest = (message: string) => new NexusError(400, '4000', message)
export const missingParameter = (message: string) => new NexusError(400, '4001', message)
export const notFound = (what: string) => new NexusError(404, '4040', `${what} was not found.`)
export const unprocessable = (message: string) => new NexusError(422, '4220', message)
