/**
 * The process's default metrics (CPU, memory, event loop lag, GC), collected once per process into
 * one shared registry. collectDefaultMetrics starts an event-loop monitor and a GC observer that are
 * never stopped, so collecting them per app would pile them up in a process that builds many apps
 * (the tests, the sandbox); each app's scrape merges this registry with its own instead.
 */
import { collectDefaultMetrics, Registry } from 'prom-client'

let processRegistry: Registry | undefined

export function processMetrics (): Registry {
  if (processRegistry === undefined) {
    processRegistry = new Registry()
    collectDefaultMetrics({ register: processRegistry })
  }
  return processRegistry
}
