/** geography.v2.yml: countries and states, with the filters the bridge uses to turn codes into names. */
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { storeOf, v2Base, type RouteOptions } from '../context.js'
import { notFound } from '../errors.js'
import type { SeedCountry } from '../types.js'

type Query = Record<string, string | undefined>

function countryView (base: string, country: SeedCountry): Record<string, unknown> {
  const resource = `/countries/${country.id}/states`
  return { id: country.id, country: country.country, country_iso2: country.country_iso2, country_iso3: country.country_iso3, states: { url: `${base}${resource}`, resource } }
}

function stateView (country: SeedCountry, state: SeedCountry['states'][number]): Record<string, unknown> {
  return { id: state.id, state: state.state, state_abbreviation: state.state_abbreviation, country_id: country.id }
}

function page<T> (items: T[], query: Query): T[] {
  const size = Math.min(250, Math.max(1, Number(query.limit ?? 50)))
  const number = Math.max(1, Number(query.page ?? 1))
  return items.slice((number - 1) * size, number * size)
}

/** v2 answers an empty filtered list with 204 and no body. */
async function list (reply: FastifyReply, items: unknown[]): Promise<unknown> {
  if (items.length === 0) return await reply.code(204).send()
  return items
}

const same = (a: string | undefined, b: string): boolean => a === undefined || a.toLowerCase() === b.toLowerCase()

export const geographyRoutes: FastifyPluginAsync<RouteOptions> = async (fastify, { sandbox }) => {
  const countryOf = (countries: SeedCountry[], id: string): SeedCountry => {
    const country = countries.find((candidate) => candidate.id === Number(id))
    if (country === undefined) throw notFound('Country')
    return country
  }

  fastify.get<{ Querystring: Query }>('/v2/countries', async (request, reply) => {
    const { seed } = storeOf(sandbox, request)
    const query = request.query
    const countries = seed.countries.filter((country) => same(query.country_iso2, country.country_iso2) && same(query.country_iso3, country.country_iso3) && same(query.country, country.country))
    const base = v2Base(request)
    return await list(reply, page(countries, query).map((country) => countryView(base, country)))
  })

  fastify.get('/v2/countries/count', async (request) => ({ count: storeOf(sandbox, request).seed.countries.length }))

  fastify.get<{ Params: { hash: string, countryId: string } }>('/v2/countries/:countryId', async (request) => {
    const { seed } = storeOf(sandbox, request)
    return countryView(v2Base(request), countryOf(seed.countries, request.params.countryId))
  })

  fastify.get<{ Params: { hash: string, countryId: string }, Querystring: Query }>('/v2/countries/:countryId/states', async (request, reply) => {
    const { seed } = storeOf(sandbox, request)
    const country = countryOf(seed.countries, request.params.countryId)
    const query = request.query
    const states = country.states.filter((state) => same(query.state, state.state) && same(query.state_abbreviation, state.state_abbreviation))
    return await list(reply, page(states, query).map((state) => stateView(country, state)))
  })

  fastify.get<{ Params: { hash: string, countryId: string, stateId: string } }>('/v2/countries/:countryId/states/:stateId', async (request) => {
    const { seed } = storeOf(sandbox, request)
    const country = countryOf(seed.countries, request.params.countryId)
    const state = country.states.find((candidate) => candidate.id === Number(request.params.stateId))
    if (state === undefined) throw notFound('State')
    return stateView(country, state)
  })
}
