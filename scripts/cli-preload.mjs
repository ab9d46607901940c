// Preloaded by `npm run fast`, `npm run demo` and `npm run sandbox`, which run the TypeScript
// sources as they are, with no build: Node strips the types, register-ts.mjs lets `./x.js`
// imports find `./x.ts`, and Node's compile cache (in the OS temporary directory, keyed by each
// file's content) keeps the stripped and compiled modules between runs, a third of the CPU a start
// takes. An edited source is simply compiled again.
import { enableCompileCache } from 'node:module'

enableCompileCache()
await import('./register-ts.mjs')
