/**
 * Settings every bridge a test starts gets unless the test sets its own.
 *
 * No shedding on event-loop delay: on a loaded machine the loop lags past the 1 s default (measured:
 * e2e calls answered 503 OVERLOADED on a 2-core machine at load average 8.7), and timing must not
 * decide whether a call is answered. test/app/load-shedding.test.ts turns it on where it is the subject.
 */
export const NO_DELAY_SHEDDING = { LOAD_SHED_EVENT_LOOP_DELAY_MS: '0' } as const
