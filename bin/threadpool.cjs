'use strict';
// Token signing runs on libuv's threadpool (src/crypto/rs256.ts). Its default of 4 threads on a
// 2-core machine fights the event loop for the cores: with `npm run bench` (10 s, 64 connections,
// two runs each) tokens/s were 2,813 and 2,814 with 4 threads, 3,715 and 3,184 with one thread
// per core; the raw signing rate itself varied between 5,300 and 7,100/s either way. libuv reads
// the size once, when the pool first runs work, so bin/entrada.cjs sets it before anything can.
const { availableParallelism } = require('node:os');

/** The environment with UV_THREADPOOL_SIZE set to one thread per core (at least 2), unless already set. */
function withThreadpoolSize(env) {
  if (env.UV_THREADPOOL_SIZE) return env;
  return { ...env, UV_THREADPOOL_SIZE: String(Math.max(2, availableParallelism())) };
}

module.exports = { withThreadpoolSize };
