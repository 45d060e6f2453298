import type { Channel, NexusQaApi } from '../../../preload/api'

/** A fake main for component tests: records calls, answers from a table. */
export function fakeApi(answers: Partial<Record<Channel, (args: any) => unknown>>) {
  const calls: { channel: Channel; args: unknown }[] = []
  const api = new Proxy({} as Record<string, unknown>, {
    get(_t, prop: string) {
      if (prop === 'on') return () => () => undefined
      return async (args: unknown) => {
        calls.push({ channel: prop as Channel, args })
        const answer = answers[prop as Channel]
        if (!answer) throw new Error(`unexpected call ${prop}`)
        return answer(args)
      }
    },
  }) as unknown as NexusQaApi
  return { api, calls }
}
