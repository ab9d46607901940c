/**
 * Reads the JSON a user hands `npm run fast`, from a file or stdin (`-`). A missing file or bad
 * JSON is a CliFailure naming the file, and for bad JSON the line and column and what is wrong
 * there, on one line (V8's own message can hold a copy of the input, newlines included).
 */
import { readFileSync } from 'node:fs'
import { CliFailure } from './failure.js'

export function readJsonInput (file: string): unknown {
  let text: string
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new CliFailure(`no such file: ${file}`)
    if (code === 'EISDIR') throw new CliFailure(`${file} is a directory: give a JSON file`)
    if (code === 'EACCES') throw new CliFailure(`cannot read ${file}: permission denied`)
    throw err
  }
  return parseJsonInput(text, file === '-' ? 'stdin' : file)
}

export function parseJsonInput (text: string, name: string): unknown {
  try {
    return JSON.parse(text)
  } catch (err) {
    const message = (err as SyntaxError).message
    const { line, column } = lineAndColumn(text, errorOffset(text, message))
    // V8 follows the reason with a quote of the input (or a piece of it) or with the position: the reason alone.
    const reason = message.replace(/, (\.\.\.)?".*" is not valid JSON$/s, '').replace(/( in JSON)? at position .*$/s, '')
    throw new CliFailure(`bad JSON in ${name} at line ${line} column ${column}: ${reason}`)
  }
}

/**
 * Where parsing failed. V8 says so for most errors, but not for an unexpected token or the end of
 * the input: then it is the end of the longest prefix that fails only for ending early.
 */
function errorOffset (text: string, message: string): number {
  const position = statedPosition(message)
  if (position !== undefined) return position
  if (message.startsWith('Unexpected end of JSON input')) return text.length
  let low = 0
  let high = text.length
  while (low < high) {
    const middle = Math.floor((low + high) / 2)
    if (failsWithin(text.slice(0, middle + 1))) high = middle
    else low = middle + 1
  }
  return low
}

function statedPosition (message: string): number | undefined {
  const match = / at position (\d+)/.exec(message)
  return match === null ? undefined : Number(match[1])
}

/** The prefix holds the error: parsing it fails before its end. */
function failsWithin (prefix: string): boolean {
  try {
    JSON.parse(prefix)
    return false
  } catch (err) {
    const message = (err as SyntaxError).message
    if (message.startsWith('Unexpected end of JSON input')) return false
    return (statedPosition(message) ?? 0) < prefix.length
  }
}

function lineAndColumn (text: string, offset: number): { line: number, column: number } {
  const before = text.slice(0, offset).split('\n')
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 }
}
