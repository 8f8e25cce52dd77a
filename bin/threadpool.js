// Token signing runs on libuv's threadpool (src/crypto/rs256.ts). Its default of 4 threads on a
// 2-core machine made the threads fight the event loop: measured with `npm run bench`, raw
// signing went from ~4,100/s to ~7,100/s and tokens/s from ~2,600 to ~3,900 with one thread per
// core. libuv reads the size once, when the pool starts, so it is set before the process starts.
import { availableParallelism } from 'node:os';

export function withThreadpoolSize(env) {
  if (env.UV_THREADPOOL_SIZE) return env;
  return { ...env, UV_THREADPOOL_SIZE: String(Math.max(2, availableParallelism())) };
}
