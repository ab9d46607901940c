/**
 * Crash tests stop the process at named points to prove that nothing is lost or doubled across a
 * crash: FAST_BRIDGE_FAILPOINT=<name> kills the process (SIGKILL, no cleanup) when it reaches
 * that point. Unset in production, where `failpoint()` is a comparison with undefined.
 *
 * after-claim          the request_id is claimed, nothing else happened
 * after-order-created  BigCommerce made the order; our database does not know it yet
 * after-commit         the answer is stored; it has not been sent
 */
export type Failpoint = 'after-claim' | 'after-order-created' | 'after-commit'

const armed = process.env.FAST_BRIDGE_FAILPOINT

export function failpoint (name: Failpoint): void {
  if (armed === name) process.kill(process.pid, 'SIGKILL')
}
