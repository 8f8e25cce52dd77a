// SAML bearer assertion grants (entra-protocol.md §3.8): the checks on an assertion once its XML
// signature is known to be good. Pure: the XML layer (crypto/saml-signature.ts) reads the signed
// Assertion into SamlAssertionContent; this module decides whose it is, whether it is for us and
// still valid, and which user it names.
//
// Order in the grant: issuer → trusted provider (AADSTS50107) → signature with that provider's
// certificates (AADSTS50008) → checkSamlAssertion (version, conditions, audience, subject).

import { refusalOf, type MessageArgsParam, type RefusalVerdict } from '../errors/message-args.js';
import type { FederatedIdentityProvider } from '../model.js';

export const SAML2_BEARER = 'urn:ietf:params:oauth:grant-type:saml2-bearer';
export const SAML11_BEARER = 'urn:ietf:params:oauth:grant-type:saml1_1-bearer';

export type SamlVersion = '2.0' | '1.1';

export interface SamlAttribute {
  /** SAML 2.0 `Name`; SAML 1.1 `AttributeName`. */
  name: string;
  /** SAML 1.1 `AttributeNamespace`; null for SAML 2.0. */
  namespace: string | null;
  values: string[];
}

/** What the signed Assertion says, as plain data (whitespace around text values trimmed). */
export interface SamlAssertionContent {
  version: SamlVersion;
  /** SAML 2.0 `ID`; SAML 1.1 `AssertionID`. */
  id: string;
  issuer: string;
  /** SAML 2.0 Subject/NameID; SAML 1.1 the NameIdentifier of its statements' Subject. */
  nameId: string | null;
  attributes: SamlAttribute[];
  /** Conditions/@NotBefore and @NotOnOrAfter, as written; null when absent. */
  conditions: { notBefore: string | null; notOnOrAfter: string | null } | null;
  /** Each AudienceRestriction (2.0) / AudienceRestrictionCondition (1.1): its Audience values. */
  audienceRestrictions: string[][];
}

/**
 * An assertion as the XML layer (crypto/saml-signature.ts) read it: decoded, well-formed, one
 * Assertion carrying one enveloped signature. Nothing in it is trusted before verify() succeeds.
 */
export interface ParsedSamlAssertion {
  version: SamlVersion;
  id: string;
  /** The Issuer as written, read before the signature is checked: only to choose whose certificates verify it. */
  unverifiedIssuer: string;
  /** Verifies the signature with these certificates (base64 DER); reads the content from the signed XML only. */
  verify(certificates: readonly string[]): SamlVerifyResult;
}

export type SamlReadResult = { ok: true; assertion: ParsedSamlAssertion } | { ok: false; detail: string };
export type SamlVerifyResult = { ok: true; content: SamlAssertionContent } | { ok: false; detail: string };

type SamlRefusalCode = 50107 | 50008 | 90020;

export type SamlRefusal<C extends SamlRefusalCode = SamlRefusalCode> = RefusalVerdict<C>;

/**
 * [I] Clock skew for NotBefore / NotOnOrAfter: 5 minutes, as for client assertions (the default of
 * Microsoft.IdentityModel's token validation; Entra does not document its own).
 */
const SAML_CLOCK_SKEW_SECONDS = 300;

/**
 * The tenant-independent audience Entra's federation partners issue for (AD FS's "Microsoft Office
 * 365 Identity Platform" relying party, and SAML 2.0 IdPs federated with Entra) [D].
 */
export const MICROSOFT_ONLINE_AUDIENCE = 'urn:federation:MicrosoftOnline';

/** The grant type's SAML version: saml2-bearer carries a SAML 2.0 assertion, saml1_1-bearer a SAML 1.1 one. */
export function samlVersionOf(grantType: string): SamlVersion {
  return grantType === SAML11_BEARER ? '1.1' : '2.0';
}

/**
 * The tenant's provider for an assertion's Issuer. [I] Compared exactly (after trimming
 * whitespace), as the issuer is an identifier the IdP writes verbatim; an Entra-issued assertion
 * names no provider of the tenant, so it cannot be exchanged [D].
 */
export function findFederationProvider(
  providers: readonly FederatedIdentityProvider[],
  issuer: string,
): FederatedIdentityProvider | undefined {
  const wanted = issuer.trim();
  return providers.find((p) => p.issuerUri === wanted);
}

export function unknownIssuer(issuer: string, providers: readonly FederatedIdentityProvider[]): SamlRefusal<50107> {
  // The issuer is the client's text, echoed in error_description: no line breaks, bounded length.
  const shown = issuer.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  const realm = shown.length > 256 ? `${shown.slice(0, 256)}…` : shown;
  return refuse(
    50107,
    providers.length
      ? `The assertion's Issuer '${realm}' is none of the tenant's federated identity providers (${providers.map((p) => `'${p.issuerUri}'`).join(', ')}).`
      : `The assertion's Issuer is '${realm}', and the tenant has no federated identity providers (seed: tenants[].federatedIdentityProviders).`,
    { realm },
  );
}

/**
 * The audiences an assertion may be addressed to [I]: Entra's tenant-independent
 * `urn:federation:MicrosoftOnline`, and this Entrada's equivalents of Entra's endpoints on the
 * request's origin — the origin itself, `{origin}/extSTS.srf` (the AD FS relying party's other
 * identifier), `{origin}/{tenant}` and the v1 / v2 token endpoints, for the tenant's GUID, every
 * domain and the path segment as the client wrote it. Compared case-insensitively, one trailing
 * slash ignored.
 */
export function samlAudiences(origin: string, tenantNames: readonly string[]): string[] {
  const names = [...new Set(tenantNames)];
  return [
    MICROSOFT_ONLINE_AUDIENCE,
    origin,
    `${origin}/extSTS.srf`,
    ...names.flatMap((n) => [`${origin}/${n}`, `${origin}/${n}/oauth2/v2.0/token`, `${origin}/${n}/oauth2/token`]),
  ];
}

interface SamlCheckInput {
  content: SamlAssertionContent;
  /** The version the grant_type names. */
  expectedVersion: SamlVersion;
  provider: FederatedIdentityProvider;
  /** samlAudiences(...) */
  audiences: readonly string[];
  now: Date;
}

type SamlVerdict =
  | {
      ok: true;
      /** The user principal name the assertion names; the grant looks the user up by it. */
      upn: string;
      /** Where the UPN came from, for diagnostics. */
      from: 'UPN attribute' | 'NameID';
      immutableId: string | null;
    }
  | SamlRefusal;

/** Every check on a signed assertion of a trusted provider, in Entra's order as far as it is known. */
export function checkSamlAssertion(input: SamlCheckInput): SamlVerdict {
  const { content } = input;
  if (content.version !== input.expectedVersion) {
    return invalid(
      `The grant type expects a SAML ${input.expectedVersion} assertion, and this one is SAML ${content.version} ` +
        `(send it with grant_type=${content.version === '1.1' ? SAML11_BEARER : SAML2_BEARER}).`,
    );
  }
  if (content.issuer.trim() !== input.provider.issuerUri) {
    // The signature was checked with the certificates of the issuer read before verification; the
    // signed content must name the same one.
    return invalid(`The signed assertion's Issuer '${content.issuer}' is not '${input.provider.issuerUri}'.`);
  }
  const conditions = checkSamlConditions(content, input.now);
  if (conditions) return conditions;
  const audience = checkSamlAudience(content.audienceRestrictions, input.audiences);
  if (audience) return audience;
  return samlSubject(content, input.provider);
}

/**
 * Conditions: NotBefore / NotOnOrAfter with SAML_CLOCK_SKEW_SECONDS. [I] NotOnOrAfter is required:
 * a bearer assertion must expire (RFC 7522 §3, item 4).
 */
export function checkSamlConditions(content: Pick<SamlAssertionContent, 'conditions'>, now: Date): SamlRefusal | undefined {
  const c = content.conditions;
  if (!c || c.notOnOrAfter === null) {
    return invalid('The assertion has no Conditions with a NotOnOrAfter; a bearer assertion must say when it expires.');
  }
  const notOnOrAfter = parseInstant(c.notOnOrAfter);
  if (notOnOrAfter === undefined) return invalid(`Conditions NotOnOrAfter '${c.notOnOrAfter}' is not an xs:dateTime.`);
  const notBefore = c.notBefore === null ? null : parseInstant(c.notBefore);
  if (notBefore === undefined) return invalid(`Conditions NotBefore '${c.notBefore}' is not an xs:dateTime.`);
  const t = now.getTime();
  const skew = SAML_CLOCK_SKEW_SECONDS * 1000;
  if (t >= notOnOrAfter + skew) {
    return invalid(`The assertion expired: Conditions NotOnOrAfter is ${c.notOnOrAfter}, and it is now ${now.toISOString()} (clock skew allowed: ${SAML_CLOCK_SKEW_SECONDS} s).`);
  }
  if (notBefore !== null && t < notBefore - skew) {
    return invalid(`The assertion is not valid yet: Conditions NotBefore is ${c.notBefore}, and it is now ${now.toISOString()} (clock skew allowed: ${SAML_CLOCK_SKEW_SECONDS} s).`);
  }
  return undefined;
}

/**
 * Audience: [I] at least one restriction, and every restriction names an accepted audience (SAML
 * Core §2.5.1.4: restrictions combine with AND, audiences within one with OR).
 */
export function checkSamlAudience(restrictions: readonly string[][], accepted: readonly string[]): SamlRefusal | undefined {
  const keys = new Set(accepted.map(audienceKey));
  const list = () => `accepted: ${accepted.slice(0, 3).join(', ')}, or this tenant's URLs on this host`;
  if (restrictions.length === 0) {
    return invalid(`The assertion has no AudienceRestriction; it must be addressed to ${MICROSOFT_ONLINE_AUDIENCE} or this Entrada (${list()}).`);
  }
  for (const audiences of restrictions) {
    if (!audiences.some((a) => keys.has(audienceKey(a)))) {
      return invalid(
        `The assertion is addressed to ${audiences.length ? audiences.map((a) => `'${a}'`).join(', ') : 'no audience'}, not to this service (${list()}).`,
      );
    }
  }
  return undefined;
}

const UPN_PATTERN = /^[^\s@]+@[^\s@]+$/;
/** UPN attribute names: AD FS's claim type and short name, and the WS-* identity claim [D]. */
const UPN_ATTRIBUTES = new Set([
  'upn',
  'http://schemas.xmlsoap.org/claims/upn',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn',
]);
/** AD FS's ImmutableID claim (AttributeNamespace http://schemas.microsoft.com/LiveID/Federation/2008/05) [D]. */
const IMMUTABLE_ID_ATTRIBUTES = new Set(['immutableid', 'http://schemas.microsoft.com/liveid/federation/2008/05/immutableid']);

/**
 * Which user the assertion names. [I] Entrada's users carry no on-premises ImmutableID, so users are
 * matched by userPrincipalName: the UPN attribute when present, else the NameID when it has the
 * shape of a UPN (name@domain). A SAML 1.1 assertion must still carry an ImmutableID attribute, as
 * Entra requires (AADSTS90020). When the provider lists domains, the UPN must be in one of them.
 */
export function samlSubject(
  content: Pick<SamlAssertionContent, 'version' | 'nameId' | 'attributes'>,
  provider: Pick<FederatedIdentityProvider, 'issuerUri' | 'domains'>,
): SamlVerdict {
  const immutableId = attributeValue(content.attributes, IMMUTABLE_ID_ATTRIBUTES);
  if (content.version === '1.1' && immutableId === null) {
    return refuse(90020, 'The SAML 1.1 assertion has no ImmutableID attribute (AD FS issues it for the Microsoft Office 365 Identity Platform relying party).');
  }
  const attribute = attributeValue(content.attributes, UPN_ATTRIBUTES);
  let upn: string;
  let from: 'UPN attribute' | 'NameID';
  if (attribute !== null) {
    if (!UPN_PATTERN.test(attribute)) return invalid(`The UPN attribute '${attribute}' is not a user principal name (name@domain).`);
    upn = attribute;
    from = 'UPN attribute';
  } else if (content.nameId !== null && UPN_PATTERN.test(content.nameId)) {
    upn = content.nameId;
    from = 'NameID';
  } else {
    return invalid(
      content.nameId === null
        ? 'The assertion names no subject: no NameID and no UPN attribute.'
        : `The assertion's NameID '${content.nameId}' is not a user principal name and it has no UPN attribute; Entrada matches users by UPN.`,
    );
  }
  const domain = upn.slice(upn.lastIndexOf('@') + 1).toLowerCase();
  if (provider.domains.length > 0 && !provider.domains.some((d) => d.toLowerCase() === domain)) {
    return invalid(`'${upn}' is not in a domain federated by '${provider.issuerUri}' (${provider.domains.join(', ')}).`);
  }
  return { ok: true, upn, from, immutableId };
}

/** The first non-empty value of the first attribute with one of `names` (SAML 1.1: short or namespace-qualified). */
function attributeValue(attributes: readonly SamlAttribute[], names: ReadonlySet<string>): string | null {
  for (const a of attributes) {
    const short = a.name.toLowerCase();
    const qualified = a.namespace ? `${a.namespace.replace(/\/$/, '')}/${a.name}`.toLowerCase() : short;
    if (!names.has(short) && !names.has(qualified)) continue;
    const value = a.values.find((v) => v !== '');
    if (value !== undefined) return value;
  }
  return null;
}

function audienceKey(value: string): string {
  const lower = value.trim().toLowerCase();
  return lower.endsWith('/') ? lower.slice(0, -1) : lower;
}

/** xs:dateTime; SAML requires UTC, and one without a zone is read as UTC [I]. */
function parseInstant(value: string): number | undefined {
  const v = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(v)) return undefined;
  const ms = Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(v) ? v : `${v}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

function refuse<C extends SamlRefusalCode>(code: C, detail: string, ...args: MessageArgsParam<C>): SamlRefusal<C> {
  return { ok: false, detail, ...refusalOf(code, ...args) };
}

function invalid(detail: string): SamlRefusal {
  return refuse(50008, detail);
}
