// The TLS suites Entrada's HTTPS listener offers (compose.ts), shared with the benchmark's floor
// server (bench/floor-server.ts) so that both pay for the same encryption.

/**
 * TLS 1.3 / 1.2 AEAD suites for the ECDSA certificate, AES-128-GCM first: every token response is
 * encrypted on the event loop, and the cheaper suite measured no worse (`npm run bench`).
 */
export const TLS_CIPHERS = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
].join(':');
