// The little of autocannon the benchmark uses (the package ships no types).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events'
  interface Options { url: string, method?: string, headers?: Record<string, string>, body?: string, connections?: number, pipelining?: number, duration?: number }
  interface Result { errors: number, timeouts: number, non2xx: number }
  type Instance = EventEmitter & PromiseLike<Result>
  export default function autocannon (options: Options): Instance
}
