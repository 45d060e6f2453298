import { type ChildProcess, spawn } from 'node:child_process'

export interface Child {
  url: string
  rss: number
  proc: ChildProcess
  /** CPU time (user + system, µs) the server process has used so far. */
  cpu(): Promise<number>
  stop(): void
}

/** Starts `tsx bench/servers.ts …` and waits for its READY line. */
export function startChild(args: string[], nodeArgs: string[] = []): Promise<Child> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'bench/servers.ts', ...args], {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    })
    let out = ''
    proc.stdout!.on('data', (d) => {
      out += d
      const m = /READY (\S+) (\d+)/.exec(out)
      if (m) resolve({ url: m[1]!, rss: Number(m[2]), proc, cpu: () => ask(proc), stop: () => proc.kill() })
    })
    proc.on('exit', (code) => reject(new Error(`benchmark server exited (${code}) before it was ready`)))
  })
}

function ask(proc: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    proc.once('message', (m) => resolve(Number(m)))
    proc.send('cpu')
  })
}
