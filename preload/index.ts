import { contextBridge, ipcRenderer } from 'electron'
import { createApi, type Channel, type Envelope, type EventName } from './api'

// The narrow bridge: one named method per contract channel, nothing generic.
const api = createApi(
  (channel: Channel, args: unknown) => ipcRenderer.invoke('nexusQa:invoke', channel, args) as Promise<Envelope>,
  (event: EventName, listener: (payload: unknown) => void) => {
    const handler = (_e: unknown, name: string, payload: unknown) => {
      if (name === event) listener(payload)
    }
    ipcRenderer.on('nexusQa:event', handler)
    return () => ipcRenderer.off('nexusQa:event', handler)
  },
)

contextBridge.exposeInMainWorld('nexusQa', api)
