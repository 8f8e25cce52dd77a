// The RS256 primitive (RSASSA-PKCS1-v1_5 with SHA-256, RFC 7518 §3.3) that TokenSigner and
// bench/sign-rate.ts share, so the benchmark measures exactly what token issuance pays.
//
// Why Node's callback form of crypto.sign: it runs the RSA operation on the libuv threadpool, so
// signing uses both cores while the event loop keeps serving requests. Measured on the 2-core dev
// machine (Node 20.20, 2048-bit key, 64 signatures in flight, 4 s runs, three runs each, machine
// otherwise idle; ELU = event-loop utilisation of the main thread):
//   jose CompactSign + CryptoKey          5,750–7,020/s   ELU 0.30–0.35
//   crypto.subtle.sign + CryptoKey        6,470–7,310/s   ELU 0.27–0.28
//   crypto.sign(…, keyObject, callback)   7,210–7,360/s   ELU 0.25–0.27   <- chosen
//   2 worker_threads, sync crypto.sign    6,410–6,930/s   ELU 0.15–0.17   (more code, not faster)
//   sync crypto.sign on the main thread   ~3,950/s        ELU 1.00        (one core, loop blocked)
// Signatures per CPU-second of the whole process (a measure of per-call overhead that holds up
// when other processes load the machine): jose ~3,480, subtle.sign ~3,750, callback ~3,820,
// sync ~3,920. jose and subtle.sign use the same threadpool job as the callback form; they pay for
// WebCrypto's algorithm normalisation and ArrayBuffer copies, jose also for header checks.
// With UV_THREADPOOL_SIZE=2 (one thread per core instead of 4) the threadpool forms signed at about
// the same rate (6,590–7,250/s) with ELU 0.12–0.15: fewer threads preempt the event loop. That is
// a process-wide setting, so it belongs to whoever starts the server, not here.

import { createPrivateKey, sign, type KeyObject } from 'node:crypto';

/** Parse a PKCS#8 PEM once; pass the result to every signRs256 call. */
export function importRs256Key(privateKeyPem: string): KeyObject {
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'rsa') throw new TypeError(`RS256 needs an RSA key, got ${key.asymmetricKeyType}`);
  return key;
}

/** Sign `data` off the event loop; resolves to the raw signature. */
export function signRs256(key: KeyObject, data: Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    sign('sha256', data, key, (err, signature) => (err ? reject(err) : resolve(signature)));
  });
}
