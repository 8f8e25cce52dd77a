// Which IP addresses Entrada may connect to when it fetches something a tenant registered (a
// federated issuer's discovery document and JWKS): public unicast only, unless the operator opts
// in. Otherwise a registration could make Entrada request loopback admin endpoints, cloud
// metadata (169.254.169.254), or hosts of the private network it runs in (issue 9, finding 8).
//
// Pure: an address in (as dns.lookup or the URL parser prints it), a class out. The ranges are
// data (IANA IPv4/IPv6 Special-Purpose Address Registries, RFC 6890 and its updates).

export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'shared'
  | 'multicast'
  | 'reserved'
  | 'invalid';

interface Range {
  cidr: string;
  class: Exclude<AddressClass, 'public' | 'invalid'>;
  why: string;
}

const IPV4_RANGES: readonly Range[] = [
  { cidr: '0.0.0.0/8', class: 'unspecified', why: 'RFC 791 "this network" (0.0.0.0 reaches the host itself on Linux)' },
  { cidr: '10.0.0.0/8', class: 'private', why: 'RFC 1918' },
  { cidr: '100.64.0.0/10', class: 'shared', why: 'RFC 6598 carrier-grade NAT' },
  { cidr: '127.0.0.0/8', class: 'loopback', why: 'RFC 1122' },
  { cidr: '169.254.0.0/16', class: 'link-local', why: 'RFC 3927; cloud metadata at 169.254.169.254' },
  { cidr: '172.16.0.0/12', class: 'private', why: 'RFC 1918' },
  { cidr: '192.0.0.0/24', class: 'reserved', why: 'RFC 6890 IETF protocol assignments' },
  { cidr: '192.0.2.0/24', class: 'reserved', why: 'RFC 5737 documentation' },
  { cidr: '192.88.99.0/24', class: 'reserved', why: 'RFC 7526 deprecated 6to4 relay anycast' },
  { cidr: '192.168.0.0/16', class: 'private', why: 'RFC 1918' },
  { cidr: '198.18.0.0/15', class: 'reserved', why: 'RFC 2544 benchmarking' },
  { cidr: '198.51.100.0/24', class: 'reserved', why: 'RFC 5737 documentation' },
  { cidr: '203.0.113.0/24', class: 'reserved', why: 'RFC 5737 documentation' },
  { cidr: '224.0.0.0/4', class: 'multicast', why: 'RFC 5771' },
  { cidr: '240.0.0.0/4', class: 'reserved', why: 'RFC 1112 reserved, and 255.255.255.255 broadcast' },
];

// IPv6 outside 2000::/3 (global unicast) is refused as a whole (below); these are the exceptions
// inside 2000::/3 and the named ranges outside it, so the class says why.
const IPV6_RANGES: readonly Range[] = [
  { cidr: '::/128', class: 'unspecified', why: 'RFC 4291' },
  { cidr: '::1/128', class: 'loopback', why: 'RFC 4291' },
  { cidr: '64:ff9b:1::/48', class: 'private', why: 'RFC 8215 local-use NAT64' },
  { cidr: '2001::/23', class: 'reserved', why: 'RFC 2928 IETF protocol assignments (Teredo embeds any IPv4)' },
  { cidr: '2001:db8::/32', class: 'reserved', why: 'RFC 3849 documentation' },
  { cidr: '3fff::/20', class: 'reserved', why: 'RFC 9637 documentation' },
  { cidr: 'fc00::/7', class: 'private', why: 'RFC 4193 unique local' },
  { cidr: 'fe80::/10', class: 'link-local', why: 'RFC 4291' },
  { cidr: 'fec0::/10', class: 'private', why: 'RFC 3879 deprecated site-local' },
  { cidr: 'ff00::/8', class: 'multicast', why: 'RFC 4291' },
];

/**
 * What may be connected to: public addresses always; `any` (the opt-in `1`) everything else too;
 * `networks` the non-public addresses inside these CIDRs.
 */
export type AddressPolicy = { any: true } | { any: false; networks: readonly Cidr[] };

export const PUBLIC_ONLY: AddressPolicy = { any: false, networks: [] };

/**
 * ENTRADA_FEDERATED_ALLOW_PRIVATE_NETWORKS: unset/empty/`0`/`false` = public only; `1`/`true`/`all`
 * = any address; else a comma-separated list of CIDRs or addresses (`127.0.0.1,10.1.0.0/16,::1`).
 */
export function parseAddressPolicy(value: string | undefined): { ok: true; policy: AddressPolicy } | { ok: false; error: string } {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === '0' || v === 'false') return { ok: true, policy: PUBLIC_ONLY };
  if (v === '1' || v === 'true' || v === 'all') return { ok: true, policy: { any: true } };
  const list = parseAllowedNetworks(v);
  return list.ok
    ? { ok: true, policy: { any: false, networks: list.networks } }
    : { ok: false, error: `not a CIDR or IP address: ${list.invalid.join(', ')} (or use 1 to allow any address)` };
}

/** May Entrada connect to `address` under `policy`? Refusals say the address's class. */
export function checkAddress(address: string, policy: AddressPolicy): { ok: true } | { ok: false; class: AddressClass } {
  const cls = classifyAddress(address);
  if (cls === 'public') return { ok: true };
  if (cls !== 'invalid' && (policy.any || inNetworks(address, policy.networks))) return { ok: true };
  return { ok: false, class: cls };
}

/** An address as a number: 32 bits for IPv4, 128 for IPv6. */
interface Parsed {
  family: 4 | 6;
  value: bigint;
}

interface Cidr extends Parsed {
  prefix: number;
}

/**
 * The class of an IP address: `public` is the only one Entrada connects to by default. IPv4-mapped
 * (::ffff:a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:AABB:CCDD::) addresses are classed by
 * the IPv4 address they lead to. Anything that is not an IP address is `invalid`.
 */
export function classifyAddress(address: string): AddressClass {
  const parsed = parseIp(address);
  return parsed ? classOf(parsed) : 'invalid';
}

/**
 * Is `address` this machine's loopback: 127.0.0.0/8, ::1, or IPv4-mapped ::ffff:127.0.0.0/104 (how
 * a dual-stack socket reports an IPv4 loopback peer), in any notation, brackets allowed? Stricter
 * than classifyAddress(…) === 'loopback', which is for outgoing connections and classes 6to4
 * (2002:7f00:1::), NAT64 (64:ff9b::7f00:1) and IPv4-compatible (::7f00:1) addresses by the IPv4
 * address inside: as a peer or a Host those are global IPv6 addresses of other machines, and
 * whatever trusts "local" (the /error page's details, the managed identity endpoint) must not
 * trust them.
 */
export function isLoopbackAddress(address: string): boolean {
  const ip = parseIp(address);
  if (!ip) return false;
  if (ip.family === 4) return ip.value >> 24n === 127n;
  return ip.value === 1n || ip.value >> 24n === 0xffff7fn;
}

/**
 * An operator's opt-in list (ENTRADA_FEDERATED_ALLOW_PRIVATE_NETWORKS): comma-separated CIDRs or
 * single addresses. Returns the parsed list, or the entries that are not one.
 */
function parseAllowedNetworks(list: string): { ok: true; networks: readonly Cidr[] } | { ok: false; invalid: string[] } {
  const networks: Cidr[] = [];
  const invalid: string[] = [];
  for (const entry of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    const cidr = parseCidr(entry.includes('/') ? entry : `${entry}/${entry.includes(':') ? 128 : 32}`);
    if (cidr) networks.push(cidr);
    else invalid.push(entry);
  }
  return invalid.length ? { ok: false, invalid } : { ok: true, networks };
}

/** Is `text` a CIDR range (`203.0.113.0/24`, `2001:db8::/32`) in the strict notation parseIp accepts? */
export function isCidr(text: string): boolean {
  return parseCidr(text) !== undefined;
}

/**
 * Is `address` inside the CIDR range `cidr`? False for an address or a range that does not parse.
 * An IPv4-mapped IPv6 address (how a dual-stack socket reports an IPv4 peer) matches IPv4 ranges.
 */
export function addressInCidr(address: string, cidr: string): boolean {
  const network = parseCidr(cidr);
  return network !== undefined && inNetworks(address, [network]);
}

/** Is `address` inside one of `networks`? (An IPv4-mapped IPv6 address matches IPv4 networks.) */
function inNetworks(address: string, networks: readonly Cidr[]): boolean {
  const parsed = parseIp(address);
  if (!parsed) return false;
  const v4 = parsed.family === 6 ? embeddedMapped(parsed.value) : undefined;
  return networks.some((n) => contains(n, parsed) || (v4 !== undefined && contains(n, { family: 4, value: v4 })));
}

function classOf(ip: Parsed): AddressClass {
  if (ip.family === 4) return IPV4.find((r) => contains(r, ip))?.class ?? 'public';
  const v4 = embeddedIpv4(ip.value);
  if (v4 !== undefined) return classOf({ family: 4, value: v4 });
  const named = IPV6.find((r) => contains(r, ip));
  if (named) return named.class;
  // Only 2000::/3 is allocated for global unicast (RFC 4291 §2.4); the rest is reserved by IETF.
  return ip.value >> 125n === 1n ? 'public' : 'reserved';
}

/** The IPv4 address an IPv6 address stands for: mapped, NAT64 well-known prefix, or 6to4. */
function embeddedIpv4(v: bigint): bigint | undefined {
  const mapped = embeddedMapped(v);
  if (mapped !== undefined) return mapped;
  if (v >> 32n === 0x64ff9bn << 64n) return v & 0xffffffffn; // RFC 6052 64:ff9b::/96
  if (v >> 112n === 0x2002n) return (v >> 80n) & 0xffffffffn; // RFC 3056 2002::/16
  return undefined;
}

/** ::ffff:a.b.c.d (RFC 4291 §2.5.5.2) and the deprecated IPv4-compatible ::a.b.c.d. */
function embeddedMapped(v: bigint): bigint | undefined {
  if (v >> 32n === 0xffffn) return v & 0xffffffffn;
  if (v >> 32n === 0n && v > 1n) return v & 0xffffffffn;
  return undefined;
}

const parseRanges = (ranges: readonly Range[]) =>
  ranges.map((r) => {
    const cidr = parseCidr(r.cidr);
    if (!cidr) throw new Error(`network-address: bad range ${r.cidr}`);
    return { ...cidr, class: r.class };
  });
const IPV4 = parseRanges(IPV4_RANGES);
const IPV6 = parseRanges(IPV6_RANGES);

function contains(net: Cidr, ip: Parsed): boolean {
  if (net.family !== ip.family) return false;
  const bits = BigInt(net.family === 4 ? 32 : 128);
  const shift = bits - BigInt(net.prefix);
  return ip.value >> shift === net.value >> shift;
}

function parseCidr(text: string): Cidr | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const ip = parseIp(m[1]);
  const prefix = Number(m[2]);
  if (!ip || prefix > (ip.family === 4 ? 32 : 128)) return undefined;
  return { ...ip, prefix };
}

/**
 * Strict dotted-quad IPv4 (no octal, hex or shortened forms: the URL parser and getaddrinfo have
 * already turned those into dotted quads) or RFC 4291 §2.2 IPv6 text, optionally in brackets.
 * A zone (fe80::1%eth0) is dropped: it does not change the class.
 */
function parseIp(text: string): Parsed | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const v6 = parseIpv6(bare.replace(/%[^%]*$/, ''));
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

function parseIpv4(text: string): bigint | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  let value = 0n;
  for (const part of m.slice(1)) {
    if (part.length > 1 && part.startsWith('0')) return undefined; // octal-looking: not canonical
    const n = Number(part);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-f:.]+$/i.test(text) || text.length > 45) return undefined;
  let groups: string[];
  let tail: bigint | undefined;
  const lastColon = text.lastIndexOf(':');
  if (lastColon < 0) return undefined;
  let head = text;
  if (text.includes('.')) {
    tail = parseIpv4(text.slice(lastColon + 1));
    if (tail === undefined) return undefined;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const split = (s: string) => (s === '' ? [] : s.split(':'));
  if (halves.length === 2) {
    const left = split(halves[0]);
    const right = split(halves[1]);
    if (left.length + right.length > 7) return undefined;
    groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  } else {
    groups = split(head);
    if (groups.length !== 8) return undefined;
  }
  let value = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  return tail === undefined ? value : (value & ~0xffffffffn) | tail;
}
