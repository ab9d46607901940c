/**
 * A second process for sqlite-processes.test.ts: opens the file given, says `ready`, and on `go`
 * claims every key (and takes every lease) as fast as it can, then answers which ones it won.
 */
import { openSqliteStorage } from '../../src/storage/sqlite.js'

const args = process.argv.slice(2)
if (args.length !== 4 || process.send === undefined) {
  // Run by `tap test/storage/` itself (no arguments): a helper, not a test.
  console.log('1..0 # helper of sqlite-processes.test.ts, run only by it')
} else {
  const send = process.send.bind(process)
  const [file, owner, keyCount, offset] = args as [string, string, string, string]
  const storage = openSqliteStorage(file)

  process.on('message', async () => {
    const won: string[] = []
    // Each process starts at its own offset and wraps around, so they meet on every key.
    for (let n = 0; n < Number(keyCount); n++) {
      const i = (n + Number(offset)) % Number(keyCount)
      const claim = await storage.claimRequest('store-a', `req-${i}`, 'sha256:aaaa', owner, 60_000)
      if (claim.state === 'claimed') won.push(`req-${i}`)
      if (await storage.acquireLease('store-a', `cart:${i}`, owner, 60_000)) won.push(`cart:${i}`)
    }
    await storage.close()
    send({ won }, () => process.exit(0))
  })
  send('ready')
}
