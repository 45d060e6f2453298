/// <reference types="vite/client" />
import type { BridgeApi } from '../../preload/api'

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser host. */
    nexusQa?: BridgeApi
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
