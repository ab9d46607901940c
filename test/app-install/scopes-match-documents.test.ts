/**
 * The scopes the bridge asks for are the ones BigCommerce's own documents require: every call the
 * bridge makes (found in the source of src/bigcommerce and src/app-install) is looked up in the
 * official OpenAPI document that declares it, and that document's "OAuth scopes" table must list a
 * scope REQUIRED_SCOPES grants: a modify scope for a change, any of its scopes for a read.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { parse as parseYaml } from 'yaml'
import { REQUIRED_SCOPES } from '../../src/app-install/scopes.js'
import { findOpenApiOperation, REFERENCE_DIR } from '../helpers/openapi.js'

const SOURCE_DIRS = ['../../src/bigcommerce/', '../../src/app-install/', '../../src/app-install/settings/']
const CALL = /'(GET|POST|PUT|DELETE)',\s*'(\/v[23]\/[^']+)'/g

function callsInSource (): Array<{ method: string, template: string }> {
  const calls = new Map<string, { method: string, template: string }>()
  for (const dir of SOURCE_DIRS) {
    const folder = new URL(dir, import.meta.url)
    for (const name of readdirSync(folder).filter(file => file.endsWith('.ts'))) {
      for (const [, method, template] of readFileSync(new URL(name, folder), 'utf8').matchAll(CALL)) {
        calls.set(`${method} ${template}`, { method: method as string, template: template as string })
      }
    }
  }
  return [...calls.values()]
}

/**
 * The document's scope table (`| UI Name | Permission | Parameter |`): each parameter with its
 * permission. Some documents (carts.v3.yml) also list Information & Settings beside their own
 * resource; those rows are left out unless the document has no other, so that the resource's own
 * scope is the one that must be asked for.
 */
function documentedScopes (file: string): Array<{ permission: string, parameter: string }> {
  const document = parseYaml(readFileSync(join(REFERENCE_DIR, file), 'utf8')) as { components?: { securitySchemes?: Record<string, { description?: string }> }, securityDefinitions?: Record<string, { description?: string }> }
  const schemes = Object.values(document.components?.securitySchemes ?? document.securityDefinitions ?? {})
  const rows = schemes.flatMap(scheme => (scheme.description ?? '').split('\n'))
    .map(line => /^\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|\s*`([a-z0-9_]+)`\s*\|/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(match => ({ uiName: match[1] as string, permission: (match[2] as string).toLowerCase(), parameter: match[3] as string }))
  const own = rows.filter(row => row.uiName !== 'Information & Settings')
  return own.length > 0 ? own : rows
}

const granted = new Set(REQUIRED_SCOPES.flatMap(scope => scope.anyOf))
const calls = callsInSource()

t.test('the source makes the calls this test reads (a check that the scan finds them)', async (t) => {
  t.ok(calls.length >= 20, `${calls.length} calls found`)
  t.ok(calls.some(call => call.method === 'POST' && call.template === '/v3/checkouts/{id}/orders'), 'the order POST among them')
})

for (const { method, template } of calls) {
  t.test(`${method} ${template}: the scopes asked for include one its document requires`, async (t) => {
    const operation = findOpenApiOperation(method, `/stores/abc123${template.replace(/\{\w+\}/g, '1')}`)
    if (operation === undefined) { t.fail('no official document declares this call'); return }
    const documented = documentedScopes(operation.file)
    t.ok(documented.length > 0, `${operation.file} lists its scopes`)
    const sufficient = documented.filter(scope => method === 'GET' || scope.permission === 'modify')
    const asked = sufficient.filter(scope => granted.has(scope.parameter)).map(scope => scope.parameter)
    t.ok(asked.length > 0, `one of ${sufficient.map(scope => scope.parameter).join(', ')} is asked for (asked: ${asked.join(', ') || 'none'})`)
  })
}
