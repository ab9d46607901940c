// Lets Node 24 run the TypeScript sources directly (it strips the types itself): an import of
// `./x.js` that does not exist resolves to `./x.ts`, as tsc's nodenext resolution does.
import { registerHooks } from 'node:module'

registerHooks({
  resolve (specifier, context, next) {
    try {
      return next(specifier, context)
    } catch (err) {
      if (err?.code === 'ERR_MODULE_NOT_FOUND' && specifier.endsWith('.js') && /^(\.|\/|file:)/.test(specifier)) {
        return next(specifier.slice(0, -3) + '.ts', context)
      }
      throw err
    }
  }
})
