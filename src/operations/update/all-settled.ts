/**
 * Independent BigCommerce calls of one update, made at once. Unlike Promise.all, this waits for
 * every call before throwing the first failure: the request, and the order lease it holds, never
 * ends while one of its calls is still out (a retry could otherwise overtake it).
 */
export async function allSettled<A, B> (first: Promise<A>, second: Promise<B>): Promise<[A, B]> {
  const [a, b] = await Promise.allSettled([first, second])
  if (a.status === 'rejected') throw a.reason
  if (b.status === 'rejected') throw b.reason
  return [a.value, b.value]
}
