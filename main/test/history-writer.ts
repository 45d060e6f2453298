// Child process for the crash test: appends records until it is killed.
import { HistoryStore } from '../history/store'
import { fakeExchange } from './fake-exchange'

const h = new HistoryStore(process.argv[2]!)
for (let i = 0; ; i++) {
  h.append(fakeExchange(i, { response: { status: 200, statusText: 'OK', headers: {}, bodyText: 'x'.repeat(20_000) } }))
  if (i % 100 === 0) process.stdout.write(`${i}\n`)
}
