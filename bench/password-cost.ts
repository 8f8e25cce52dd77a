// Time per scrypt hash (r=8, p=1) at N = 2^14 … 2^17 on this machine, to choose the cost in
// src/crypto/password-hash.ts. Synchronous scrypt, one at a time, as the password worker runs it.
//   npx tsx bench/password-cost.ts [runs per N, default 15]
import { randomBytes, scryptSync } from 'node:crypto';

const runs = Number(process.argv[2] ?? 15);
for (const log2N of [14, 15, 16, 17]) {
  const N = 2 ** log2N;
  const options = { N, r: 8, p: 1, maxmem: 128 * 8 * (N + 3) + 1024 * 1024 };
  scryptSync('warm-up', randomBytes(16), 32, options);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    scryptSync('correct horse battery staple', randomBytes(16), 32, options);
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(0);
  const mib = (128 * N * 8) / 2 ** 20;
  console.log(`N=2^${log2N} (${mib} MiB): min ${at(0)} ms, median ${at(0.5)} ms, max ${at(1)} ms over ${runs} hashes`);
}
