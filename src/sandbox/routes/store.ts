/** store_information.v2.yml: the store profile (currency, decimals, plan) and the clock. */
import type { FastifyPluginAsync } from 'fastify'
import { storeOf, type RouteOptions } from '../context.js'
import { accountUuid } from './oauth.js'

export const storeRoutes: FastifyPluginAsync<RouteOptions> = async (fastify, { sandbox }) => {
  fastify.get('/v2/store', async (request) => {
    const state = storeOf(sandbox, request)
    const info = state.seed.store
    return {
      id: state.config.hash,
      account_uuid: accountUuid(state.config.hash),
      domain: info.domain,
      secure_url: info.secure_url,
      control_panel_base_url: `https://store-${state.config.hash}.mybigcommerce.com`,
      status: 'live',
      name: info.name,
      first_name: info.first_name,
      last_name: info.last_name,
      address: info.address,
      country: info.country,
      country_code: info.country_code,
      infrastructure_region: 'us-central1',
      phone: info.phone,
      admin_email: info.admin_email,
      order_email: info.order_email,
      favicon_url: '',
      timezone: { name: info.timezone, raw_offset: -28800, dst_offset: -25200, dst_correction: true, date_format: { display: 'jS M Y', export: 'M jS Y', extended_display: 'M jS Y @ g:i A' } },
      language: 'en',
      currency: info.currency,
      currency_symbol: info.currency_symbol,
      decimal_separator: '.',
      thousands_separator: ',',
      decimal_places: info.decimal_places,
      currency_symbol_location: 'left',
      weight_units: 'LBS',
      dimension_units: 'Inches',
      dimension_decimal_places: 2,
      dimension_decimal_token: '.',
      dimension_thousands_token: ',',
      plan_name: info.plan_name,
      plan_level: info.plan_level,
      plan_is_trial: false,
      industry: 'Apparel',
      logo: [],
      is_price_entered_with_tax: false,
      store_id: 1001,
      default_channel_id: 1,
      default_site_id: 1000,
      active_comparison_modules: [],
      features: {
        stencil_enabled: true,
        sitewidehttps_enabled: true,
        facebook_catalog_id: '',
        checkout_type: 'optimized',
        wishlists_enabled: false,
        graphql_storefront_api_enabled: true,
        shopper_consent_tracking_enabled: false,
        multi_storefront_enabled: false,
        storefront_limits: { active_storefronts: 1, total_including_inactive: 1 }
      }
    }
  })

  fastify.get('/v2/time', async () => ({ time: Math.floor(Date.now() / 1000) }))
}
