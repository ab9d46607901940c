/**
 * BigCommerce's error bodies. Routes throw SandboxError; the app's error handler renders it as
 * the API of the request expects: v3 problem objects `{status, title, type, detail?, errors?}`
 * (checkouts add an `errors` array, as their 404 schema says) and v2 arrays `[{status, message}]`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'

const STATUS_TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes'

export const CONFLICT_TITLE = 'The request cannot be processed due to a possible conflict. Please review the changes and try again.'

export class SandboxError extends Error {
  readonly status: number
  readonly title: string
  readonly detail?: string
  readonly fieldErrors?: Record<string, string>

  constructor (status: number, title: string, options: { detail?: string, errors?: Record<string, string> } = {}) {
    super(title)
    this.status = status
    this.title = title
    this.detail = options.detail
    this.fieldErrors = options.errors
  }
}

export function notFound (what: string): SandboxError {
  return new SandboxError(404, `${what} not found`, { detail: 'The requested resource was not found.' })
}

export function conflict (): SandboxError {
  return new SandboxError(409, CONFLICT_TITLE)
}

export function invalid (title: string, errors?: Record<string, string>): SandboxError {
  return new SandboxError(422, title, { errors })
}

/** v2 or v3, from the request path. */
export function apiVersion (url: string): 'v2' | 'v3' | undefined {
  const match = /^\/stores\/[^/]+\/(v2|v3)\//.exec(url)
  return match === null ? undefined : match[1] as 'v2' | 'v3'
}

export function errorBody (url: string, status: number, title: string, detail?: string, fieldErrors?: Record<string, string>): unknown {
  if (apiVersion(url) === 'v2') return [{ status, message: detail ?? title }]
  const body: Record<string, unknown> = { status, title, type: STATUS_TYPE }
  if (detail !== undefined) body.detail = detail
  if (fieldErrors !== undefined) body.errors = fieldErrors
  else if (/^\/stores\/[^/]+\/v3\/checkouts\//.test(url)) {
    body.errors = [{ status, title, type: STATUS_TYPE, ...(detail === undefined ? {} : { detail }) }]
  }
  return body
}

export function sendError (request: FastifyRequest, reply: FastifyReply, status: number, title: string, detail?: string, fieldErrors?: Record<string, string>): FastifyReply {
  return reply.code(status).type('application/json').send(errorBody(request.url, status, title, detail, fieldErrors))
}
