/**
 * Seed 002 "Update Order Status" on a converted order, sent as Fast sends them (by external_id, with
 * convert_cart_to_order: true repeated): BOOKED -> BigCommerce status 12, PENDING_FULFILLMENT -> 11,
 * CANCELED -> 5. Statuses only move forward. Budget (spec/bigcommerce.md §1.7): "status: 1–2".
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { OrderStatus, OrderType, UpdateOrderSegmentType } from '../../src/operations/fast-order.js'
import { FIXTURES_DIR, type FixtureDefinition } from '../helpers/bigcommerce-fixtures.js'
import { buildTestApp } from '../helpers/build-app.js'
import { createBody, LINE_1, reasonOf, statusBody, useCaseReplay } from './flows.js'
import { runScenario } from './scenarios.js'

const ORDER_STATUS = UpdateOrderSegmentType.UPDATE_ORDER_SEGMENT_TYPE_ORDER_STATUS

/** The status_id bodies the scenario PUTs to /v2/orders/{id} (the stamp aside), in order. */
function statusPuts (scenario: string): unknown[] {
  return readdirSync(join(FIXTURES_DIR, scenario)).sort()
    .filter(name => name.includes('set-order-status'))
    .map(name => (JSON.parse(readFileSync(join(FIXTURES_DIR, scenario, name), 'utf8')) as FixtureDefinition).body)
}

t.test('payment authorised: ORDER_STATUS_BOOKED sets the BigCommerce order to status 12', async t => {
  const bridge = await buildTestApp(t)
  const { answers, calls } = await runScenario(t, bridge, 'status-booked')
  const answer = answers.booked
  t.equal(answer.statusCode, 200)
  t.equal(answer.body.order.order.status, OrderStatus.ORDER_STATUS_BOOKED)
  t.equal(answer.body.order.order.order_type, OrderType.ORDER_TYPE_ORDER)
  t.same(answer.body.order.status, [{ updated: ORDER_STATUS, status: true, message: 'order status updated to ORDER_STATUS_BOOKED' }],
    'a status update that carries convert_cart_to_order: true is a status update, not a second conversion')
  t.same(statusPuts('status-booked'), [{ status_id: 12 }])
  t.equal(calls.booked, 2, 'GET order (to decide, and the answer) + PUT status (budget: 1–2); no POST to orders')
})

t.test('fraud check passed: ORDER_STATUS_PENDING_FULFILLMENT sets status 11', async t => {
  const bridge = await buildTestApp(t)
  const { answers, calls } = await runScenario(t, bridge, 'status-pending-fulfillment')
  t.equal(answers.fulfillment.body.order.order.status, OrderStatus.ORDER_STATUS_PENDING_FULFILLMENT)
  t.same(answers.fulfillment.body.order.status, [{ updated: ORDER_STATUS, status: true, message: 'order status updated to ORDER_STATUS_PENDING_FULFILLMENT' }])
  t.same(statusPuts('status-pending-fulfillment'), [{ status_id: 12 }, { status_id: 11 }])
  t.equal(calls.fulfillment, 2, 'GET order + PUT status')
})

t.test('payment or fraud rejected: ORDER_STATUS_CANCELED sets status 5', async t => {
  const bridge = await buildTestApp(t)
  const { answers, calls } = await runScenario(t, bridge, 'status-canceled')
  t.equal(answers.canceled.body.order.order.status, OrderStatus.ORDER_STATUS_CANCELED)
  t.same(answers.canceled.body.order.status, [{ updated: ORDER_STATUS, status: true, message: 'order status updated to ORDER_STATUS_CANCELED' }])
  t.same(statusPuts('status-canceled'), [{ status_id: 12 }, { status_id: 5 }])
  t.equal(calls.canceled, 2, 'GET order + PUT status')
})

t.test('a late BOOKED after PENDING_FULFILLMENT changes nothing', async t => {
  const bridge = await buildTestApp(t)
  const { answers, calls } = await runScenario(t, bridge, 'status-late-booked')
  t.equal(answers.late.statusCode, 200)
  t.equal(answers.late.body.order.order.status, OrderStatus.ORDER_STATUS_PENDING_FULFILLMENT, 'still PENDING_FULFILLMENT')
  t.match(answers.late.body.order.status, [{ updated: ORDER_STATUS, status: true, message: /unchanged/ }])
  t.same(statusPuts('status-late-booked'), [{ status_id: 11 }], 'no PUT for the late BOOKED')
  t.equal(calls.late, 1, 'GET order only')
})

t.test('a repeated status makes no second PUT', async t => {
  const bridge = await buildTestApp(t)
  const { answers, calls } = await runScenario(t, bridge, 'status-repeated')
  t.equal(answers.repeat.body.order.order.status, OrderStatus.ORDER_STATUS_BOOKED)
  t.match(answers.repeat.body.order.status, [{ updated: ORDER_STATUS, status: true, message: /unchanged/ }])
  t.same(statusPuts('status-repeated'), [{ status_id: 12 }])
  t.equal(calls.repeat, 1, 'GET order only')
})

t.test('a status for a cart that was never converted is a 409 ORDER_NOT_CONVERTED, to retry once it is', async t => {
  const bridge = await buildTestApp(t)
  const replay = useCaseReplay(t, 'convert-incomplete-no-billing', ['01-create-cart'])
  await bridge.fast('create', createBody([{ id: LINE_1, product: '112', quantity: 1 }]))
  const before = replay.calls()
  const answer = await bridge.fast('update', statusBody('ORDER_STATUS_BOOKED', undefined))
  t.equal(answer.statusCode, 409)
  t.equal(reasonOf(answer), 'ORDER_NOT_CONVERTED')
  t.equal(answer.headers['retry-after'], '1')
  t.equal(replay.calls() - before, 0, 'no BigCommerce call')
})
