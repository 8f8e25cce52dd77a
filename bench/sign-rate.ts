// Raw RS256 signatures per second in this process, through the primitive TokenSigner uses
// (src/crypto/rs256.ts). The token benchmark prints it next to tokens/s: the gap between the two
// is what everything except signing costs.
//
//   npx tsx bench/sign-rate.ts                 prints the rate at concurrency 1 and 64 (3 s and 5 s)
//   npx tsx bench/sign-rate.ts --json --seconds 2   as JSON, 2 s each (npm run bench: bench/lib/raw-sign.ts)

import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { generateSigningKey } from '../src/crypto/signing-key.js';
import { importRs256Key, signRs256 } from '../src/crypto/rs256.js';

export async function measureSignRate(opts: { seconds: number; concurrency: number }): Promise<{ perSecond: number }> {
  const key = importRs256Key((await generateSigningKey(new Date())).privateKeyPem);
  // A signing input of a typical access token's size (~1 KB of base64url).
  const input = Buffer.from('eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.' + 'A'.repeat(1000), 'latin1');

  // Warm up (lazy threadpool start, OpenSSL's RSA blinding setup) outside the timed window.
  await Promise.all(Array.from({ length: Math.max(opts.concurrency, 4) }, () => signRs256(key, input)));

  let count = 0;
  const start = performance.now();
  const end = start + opts.seconds * 1000;
  const lane = async (): Promise<void> => {
    while (performance.now() < end) {
      await signRs256(key, input);
      count++;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, lane));
  return { perSecond: Math.round(count / ((performance.now() - start) / 1000)) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const json = process.argv.includes('--json');
  const secondsFlag = process.argv.indexOf('--seconds');
  const seconds = secondsFlag > 0 ? Number(process.argv[secondsFlag + 1]) : undefined;
  const rates: Record<string, number> = {};
  for (const concurrency of [1, 64]) {
    const { perSecond } = await measureSignRate({ seconds: seconds ?? (concurrency === 1 ? 3 : 5), concurrency });
    rates[concurrency] = perSecond;
    if (!json) console.log(`RS256 signatures/s, concurrency ${String(concurrency).padStart(2)}: ${perSecond}`);
  }
  if (json) console.log(JSON.stringify(rates));
}
