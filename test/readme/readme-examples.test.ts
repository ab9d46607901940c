/**
 * The README's Fast bodies are the example files': each request shown is its file's request, every
 * file is shown, and each trimmed answer shows only what the file's answer holds (arrays may show
 * their first entries; the ids BigCommerce invents, which change when the files are written
 * again, need only be there).
 */
import { readFileSync } from 'node:fs'
import t from 'tap'
import { INVENTED_ID_KEY, readExamples } from './example-journey.js'

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

/** The JSON blocks that follow `<!-- example request|answer: <file> -->` markers. */
function shown (kind: 'request' | 'answer'): Map<string, unknown> {
  const blocks = new Map<string, unknown>()
  for (const match of README.matchAll(new RegExp(`<!-- example ${kind}: (\\S+) -->\\n\`\`\`json\\n([\\s\\S]*?)\\n\`\`\``, 'g'))) {
    blocks.set(match[1], JSON.parse(match[2]))
  }
  return blocks
}

/** Where `trimmed` shows something `full` does not hold, as readable paths; empty when none. */
function notIn (full: unknown, trimmed: unknown, path = '$'): string[] {
  if (Array.isArray(trimmed)) {
    if (!Array.isArray(full) || full.length < trimmed.length) return [`${path}: more entries than the file's answer`]
    return trimmed.flatMap((entry, index) => notIn(full[index], entry, `${path}[${index}]`))
  }
  if (trimmed !== null && typeof trimmed === 'object') {
    if (full === null || typeof full !== 'object' || Array.isArray(full)) return [`${path}: not an object in the file's answer`]
    return Object.entries(trimmed).flatMap(([key, value]) => {
      if (!(key in full)) return [`${path}.${key}: not in the file's answer`]
      const other = (full as Record<string, unknown>)[key]
      if (key === INVENTED_ID_KEY && typeof value === 'string' && typeof other === 'string') return []
      return notIn(other, value, `${path}.${key}`)
    })
  }
  return Object.is(full, trimmed) ? [] : [`${path}: ${JSON.stringify(trimmed)}, the file says ${JSON.stringify(full)}`]
}

const examples = readExamples()

t.test('the README shows every example file\'s request, exactly', async t => {
  const requests = shown('request')
  t.same([...requests.keys()], examples.map(example => example.file), 'one request block per file, in the files\' order')
  for (const example of examples) {
    t.same(requests.get(example.file), example.request, `${example.file}: the README's request is the file's`)
  }
})

t.test('the README\'s trimmed answers show only what the files\' answers hold', async t => {
  const answers = shown('answer')
  t.ok(answers.size >= 8, `answers are shown (${answers.size})`)
  for (const [file, answer] of answers) {
    const example = examples.find(candidate => candidate.file === file)
    t.ok(example, `${file} is an example file`)
    t.same(notIn(example?.response, answer), [], `${file}: the answer shown is the file's, trimmed`)
  }
})

t.test('the curl recipe sends a file\'s request, not the whole file', async t => {
  const recipe = README.slice(README.indexOf('### Call the bridge with curl'))
  t.match(recipe, /jq \.request fixtures\/fast\/examples\/01-create-cart\.json/, 'jq picks the request out')
  t.match(recipe, /npm run -s fast -- token/, 'the token comes from the CLI')
})
