/**
 * The server's entry point (the Dockerfile's CMD, `npm start`): refuses a Node older than
 * package.json's engines in one line, before importing anything that needs a newer one, then
 * starts the bridge (start.ts).
 */
import { nodeVersionProblem } from './node-version.js'

const problem = nodeVersionProblem()
if (problem !== undefined) {
  console.error(problem)
  process.exit(1)
}
await import('./start.js')
