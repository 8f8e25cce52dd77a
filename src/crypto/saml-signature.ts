// The `assertion` of a SAML bearer grant (entra-protocol.md §3.8): decoded, parsed, checked for
// shape, and its enveloped XML signature verified with @xmldom/xmldom and xml-crypto (maintained
// libraries; no XML canonicalization or signature code of our own).
//
// Defences, each refused as "invalid SAML" by the caller (AADSTS50008):
//   * size: at most SAML_MAX_BYTES decoded, MAX_ELEMENTS elements, MAX_DEPTH levels;
//   * XXE / entity expansion: any DOCTYPE or ENTITY declaration is refused before parsing, and a
//     parsed document type node after it; every parser warning or error is fatal;
//   * signature wrapping: the document element is the one and only Assertion (SAML 2.0 or 1.1);
//     it holds the one and only ds:Signature as a direct child; that Signature has exactly one
//     Reference, whose URI is `#` + the Assertion's ID / AssertionID, and no other element carries
//     that ID; and the claims are read only from the XML xml-crypto reports as signed
//     (getSignedReferences(): the canonical form of the referenced Assertion, comments and the
//     enveloped Signature removed), never from the document as received;
//   * keys: only the registered certificates of the issuer are tried; a certificate inside
//     KeyInfo is never trusted (it is read only to name it in messages); HMAC is not accepted.

import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import type {
  ParsedSamlAssertion,
  SamlAssertionContent,
  SamlAttribute,
  SamlReadResult,
  SamlVerifyResult,
  SamlVersion,
} from '../core/policy/saml-assertion.js';

/** [I] Largest assertion accepted, decoded; AD FS assertions are a few KB, with many group claims tens of KB. */
export const SAML_MAX_BYTES = 128 * 1024;
const MAX_ELEMENTS = 4096;
const MAX_DEPTH = 32;

const NS = {
  saml2: 'urn:oasis:names:tc:SAML:2.0:assertion',
  /** SAML 1.0 and 1.1 share one namespace; MinorVersion tells them apart. */
  saml1: 'urn:oasis:names:tc:SAML:1.0:assertion',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

const CANONICALIZATION = new Set(['http://www.w3.org/2001/10/xml-exc-c14n#', 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315']);
const TRANSFORMS = new Set([...CANONICALIZATION, 'http://www.w3.org/2000/09/xmldsig#enveloped-signature']);
/** [I] RSA only; SHA-1 stays accepted because AD FS relying party trusts can still be set to it. */
const SIGNATURE_METHODS = new Set([
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
]);
const DIGEST_METHODS = new Set([
  'http://www.w3.org/2001/04/xmlenc#sha256',
  'http://www.w3.org/2001/04/xmlenc#sha512',
  'http://www.w3.org/2000/09/xmldsig#sha1',
]);
/** Attribute local names xml-crypto resolves a Reference URI against (plus SAML 1.1's AssertionID). */
const ID_ATTRIBUTES = new Set(['Id', 'ID', 'id', 'AssertionID']);

const ELEMENT = 1;
const TEXT = 3;
const PROCESSING_INSTRUCTION = 7;
const COMMENT = 8;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decode, parse and check the shape of a SAML bearer grant's `assertion`; nothing in it is trusted yet. */
export function readSamlAssertion(assertion: string): SamlReadResult {
  const decoded = decode(assertion);
  if (typeof decoded !== 'string') return decoded;
  const xml = decoded;
  const parsed = parseStrict(xml);
  if (typeof parsed === 'string') return fail(parsed);
  const root = parsed.documentElement as Element;

  const scan = scanDocument(parsed);
  if (typeof scan === 'string') return fail(scan);
  if (scan.assertions !== 1 || !isAssertion(root)) {
    return fail(
      isAssertion(root)
        ? `The document holds ${scan.assertions} Assertion elements; exactly one is accepted (one signed Assertion, nothing wrapped in or around it).`
        : `The document element is <${root.nodeName}>, not a SAML Assertion; send the Assertion element itself (not a Response or an envelope).`,
    );
  }

  const version = versionOf(root);
  if (typeof version !== 'string') return fail(version?.error ?? 'Unsupported SAML version.');
  const idName = version === '2.0' ? 'ID' : 'AssertionID';
  const id = root.getAttribute(idName) ?? '';
  if (id === '') return fail(`The Assertion has no ${idName} attribute.`);
  if ((scan.ids.get(id) ?? 0) !== 1) return fail(`More than one element carries the ID '${id}'.`);

  if (scan.signatures.length === 0) return fail('The Assertion is not signed (no ds:Signature).');
  if (scan.signatures.length > 1) return fail(`The document holds ${scan.signatures.length} ds:Signature elements; exactly one is accepted.`);
  const signature = scan.signatures[0];
  if (signature.parentNode !== root) return fail('The ds:Signature is not a child of the Assertion (an enveloped signature of the Assertion is required).');
  const shape = checkSignatureShape(signature, id);
  if (shape) return fail(shape);

  const issuer = version === '2.0' ? textOfSingle(root, NS.saml2, 'Issuer') : root.getAttribute('Issuer');
  if (typeof issuer !== 'string' || issuer.trim() === '') return fail('The Assertion has no Issuer.');

  // A certificate in KeyInfo is never used to verify; it only names the key in messages.
  const keyInfoCertificate = textOfPath(signature, ['KeyInfo', 'X509Data', 'X509Certificate']);
  const keyInfoThumbprint = keyInfoCertificate ? thumbprintOf(keyInfoCertificate.replace(/\s+/g, '')) : null;
  const parsedAssertion: ParsedSamlAssertion = {
    version,
    id,
    unverifiedIssuer: issuer.trim(),
    verify: (certificates) => verifySignature(xml, signature, version, id, certificates, keyInfoThumbprint),
  };
  return { ok: true, assertion: parsedAssertion };
}

/** Upper-case hex SHA-1 of a base64 DER certificate, as AD FS and the portal show thumbprints. */
export function thumbprintOf(der: string): string {
  return createHash('sha1').update(Buffer.from(der, 'base64')).digest('hex').toUpperCase();
}

function verifySignature(
  xml: string,
  signature: Element,
  version: SamlVersion,
  id: string,
  certificates: readonly string[],
  keyInfoThumbprint: string | null,
): SamlVerifyResult {
  if (certificates.length === 0) return fail('The issuer has no signing certificate registered.');
  let signed: string[] | undefined;
  let lastError = '';
  for (const der of certificates) {
    const key = publicKeyOf(der);
    if (!key) continue;
    const verifier = new SignedXml({
      publicCert: key,
      // Never take the key from the document: only registered certificates verify.
      getCertFromKeyInfo: () => null,
      ...(version === '1.1' ? { idAttribute: 'AssertionID' } : {}),
    });
    try {
      verifier.loadSignature(signature);
      if (!verifier.checkSignature(xml)) {
        // References are digested before any key is used: the same for every certificate.
        return fail('The signed content was changed after signing (the Reference digest does not match).');
      }
      signed = verifier.getSignedReferences();
      break;
    } catch (e) {
      lastError = e instanceof Error ? e.message : String(e);
    }
  }
  if (!signed) {
    const registered = certificates.map(thumbprintOf);
    const named =
      keyInfoThumbprint !== null && !registered.includes(keyInfoThumbprint)
        ? ` Its KeyInfo names certificate ${keyInfoThumbprint}, which is not registered for the issuer (registered: ${registered.join(', ')}).`
        : '';
    return fail(
      (/signature value .* is incorrect/.test(lastError) || lastError === ''
        ? 'The signature does not verify with any signing certificate registered for the issuer.'
        : `The signature could not be verified: ${lastError.slice(0, 200)}.`) + named,
    );
  }
  if (signed.length !== 1) return fail(`${signed.length} signed references; exactly one (the Assertion) is accepted.`);

  // Everything below is read from the signed bytes only.
  const doc = parseStrict(signed[0]);
  if (typeof doc === 'string') return fail(`The signed Assertion cannot be read back: ${doc}`);
  const root = doc.documentElement as Element;
  const idName = version === '2.0' ? 'ID' : 'AssertionID';
  if (!isAssertion(root) || versionOf(root) !== version || root.getAttribute(idName) !== id) {
    return fail('The signed element is not the Assertion that was presented.');
  }
  const content = version === '2.0' ? readSaml2(root, id) : readSaml11(root, id);
  return typeof content === 'string' ? fail(content) : { ok: true, content };
}

function readSaml2(root: Element, id: string): SamlAssertionContent | string {
  const issuer = textOfSingle(root, NS.saml2, 'Issuer');
  if (typeof issuer !== 'string') return issuer?.error ?? 'The Assertion has no Issuer.';
  const subject = single(root, NS.saml2, 'Subject');
  if (subject === 'many') return 'The Assertion has more than one Subject.';
  let nameId: string | null = null;
  if (subject) {
    const n = textOfSingle(subject, NS.saml2, 'NameID');
    if (n && typeof n !== 'string') return n.error;
    nameId = n ?? null;
  }
  const conditions = single(root, NS.saml2, 'Conditions');
  if (conditions === 'many') return 'The Assertion has more than one Conditions element.';
  const attributes: SamlAttribute[] = children(root, NS.saml2, 'AttributeStatement').flatMap((statement) =>
    children(statement, NS.saml2, 'Attribute').map((a) => ({
      name: a.getAttribute('Name') ?? '',
      namespace: null,
      values: children(a, NS.saml2, 'AttributeValue').map(text),
    })),
  );
  return {
    version: '2.0',
    id,
    issuer,
    nameId,
    attributes,
    conditions: conditions ? { notBefore: conditions.getAttribute('NotBefore') || null, notOnOrAfter: conditions.getAttribute('NotOnOrAfter') || null } : null,
    audienceRestrictions: conditions
      ? children(conditions, NS.saml2, 'AudienceRestriction').map((r) => children(r, NS.saml2, 'Audience').map(text))
      : [],
  };
}

function readSaml11(root: Element, id: string): SamlAssertionContent | string {
  const issuer = root.getAttribute('Issuer') ?? '';
  if (issuer.trim() === '') return 'The Assertion has no Issuer.';
  const conditions = single(root, NS.saml1, 'Conditions');
  if (conditions === 'many') return 'The Assertion has more than one Conditions element.';
  // Each statement carries its own Subject; [I] they must all name the same one.
  const nameIds = new Set<string>();
  for (const statement of elementChildren(root).filter((e) => e.namespaceURI === NS.saml1 && /Statement$/.test(e.localName))) {
    const subject = single(statement, NS.saml1, 'Subject');
    if (subject === 'many') return `A ${statement.localName} has more than one Subject.`;
    if (!subject) continue;
    const n = textOfSingle(subject, NS.saml1, 'NameIdentifier');
    if (n && typeof n !== 'string') return n.error;
    if (n) nameIds.add(n);
  }
  if (nameIds.size > 1) return `The statements name different subjects (${[...nameIds].join(', ')}).`;
  const attributes: SamlAttribute[] = children(root, NS.saml1, 'AttributeStatement').flatMap((statement) =>
    children(statement, NS.saml1, 'Attribute').map((a) => ({
      name: a.getAttribute('AttributeName') ?? '',
      namespace: a.getAttribute('AttributeNamespace') || null,
      values: children(a, NS.saml1, 'AttributeValue').map(text),
    })),
  );
  return {
    version: '1.1',
    id,
    issuer: issuer.trim(),
    nameId: nameIds.size ? [...nameIds][0] : null,
    attributes,
    conditions: conditions ? { notBefore: conditions.getAttribute('NotBefore') || null, notOnOrAfter: conditions.getAttribute('NotOnOrAfter') || null } : null,
    audienceRestrictions: conditions
      ? children(conditions, NS.saml1, 'AudienceRestrictionCondition').map((r) => children(r, NS.saml1, 'Audience').map(text))
      : [],
  };
}

/** base64 or base64url (padding optional, line breaks ignored) → UTF-8 XML text, or a failure. */
function decode(value: string): string | { ok: false; detail: string } {
  const compact = value.replace(/[\r\n\t ]+/g, '');
  if (compact.length > Math.ceil((SAML_MAX_BYTES * 4) / 3) + 4) return fail(`The assertion is larger than ${SAML_MAX_BYTES / 1024} KiB.`);
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact) || compact.replace(/=+$/, '').length % 4 === 1) {
    return fail('The assertion parameter is not base64 or base64url.');
  }
  const bytes = Buffer.from(compact.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length > SAML_MAX_BYTES) return fail(`The assertion is larger than ${SAML_MAX_BYTES / 1024} KiB.`);
  let xml: string;
  try {
    xml = utf8.decode(bytes);
  } catch {
    return fail('The decoded assertion is not UTF-8 text.');
  }
  xml = xml.replace(/^\uFEFF/, '');
  const trimmed = xml.trim();
  if (!trimmed.startsWith('<') || !trimmed.endsWith('>')) return fail('The decoded assertion is not an XML element.');
  // No DTDs at all: no external entities (XXE), no entity expansion.
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) return fail('The assertion contains a DOCTYPE or ENTITY declaration, which SAML does not allow.');
  return xml;
}

/** Parse with every warning and error fatal; exactly one element at the top, no document type. */
function parseStrict(xml: string): Document | string {
  const problems: string[] = [];
  const record = (message: string) => {
    problems.push(String(message).split('\n')[0].replace(/^\[xmldom \w+\]\s*/, ''));
  };
  let doc: Document;
  try {
    doc = new DOMParser({ errorHandler: { warning: record, error: record, fatalError: record } }).parseFromString(xml, 'text/xml');
  } catch (e) {
    return `The assertion is not well-formed XML (${e instanceof Error ? e.message.split('\n')[0] : String(e)}).`;
  }
  if (problems.length) return `The assertion is not well-formed XML (${problems[0]}).`;
  if (!doc?.documentElement) return 'The assertion holds no XML element.';
  let elements = 0;
  for (let n = doc.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === ELEMENT) elements++;
    else if (n.nodeType === TEXT && (n.nodeValue ?? '').trim() === '') continue;
    else if (n.nodeType === COMMENT) continue;
    else if (n.nodeType === PROCESSING_INSTRUCTION && (n as ProcessingInstruction).target === 'xml' && n === doc.firstChild) continue;
    else return 'The assertion has content outside its root element.';
  }
  return elements === 1 ? doc : 'The assertion must have exactly one root element.';
}

interface Scan {
  assertions: number;
  signatures: Element[];
  /** Count of elements carrying each ID-like attribute value. */
  ids: Map<string, number>;
}

/** One pass over every element: limits, Assertions, Signatures, ID attributes. */
function scanDocument(doc: Document): Scan | string {
  const scan: Scan = { assertions: 0, signatures: [], ids: new Map() };
  let count = 0;
  const stack: Array<{ el: Element; depth: number }> = [{ el: doc.documentElement as Element, depth: 1 }];
  while (stack.length) {
    const { el, depth } = stack.pop()!;
    if (++count > MAX_ELEMENTS) return `The assertion has more than ${MAX_ELEMENTS} elements.`;
    if (depth > MAX_DEPTH) return `The assertion nests elements more than ${MAX_DEPTH} deep.`;
    if (isAssertion(el)) scan.assertions++;
    if (el.namespaceURI === NS.ds && el.localName === 'Signature') scan.signatures.push(el);
    for (let i = 0; i < el.attributes.length; i++) {
      const a = el.attributes.item(i)!;
      const local = a.localName ?? a.name;
      if (ID_ATTRIBUTES.has(local)) scan.ids.set(a.value, (scan.ids.get(a.value) ?? 0) + 1);
    }
    for (const child of elementChildren(el)) stack.push({ el: child, depth: depth + 1 });
  }
  return scan;
}

/** SignedInfo: known algorithms, one Reference to `#id`. */
function checkSignatureShape(signature: Element, id: string): string | undefined {
  const signedInfo = single(signature, NS.ds, 'SignedInfo');
  if (!signedInfo || signedInfo === 'many') return 'The ds:Signature must have exactly one SignedInfo.';
  const c14n = single(signedInfo, NS.ds, 'CanonicalizationMethod');
  const c14nAlg = c14n && c14n !== 'many' ? c14n.getAttribute('Algorithm') ?? '' : '';
  if (!CANONICALIZATION.has(c14nAlg)) return `Canonicalization '${c14nAlg}' is not accepted (exclusive or inclusive C14N without comments).`;
  const method = single(signedInfo, NS.ds, 'SignatureMethod');
  const methodAlg = method && method !== 'many' ? method.getAttribute('Algorithm') ?? '' : '';
  if (!SIGNATURE_METHODS.has(methodAlg)) return `Signature method '${methodAlg}' is not accepted (RSA with SHA-256, SHA-512 or SHA-1).`;
  const references = children(signedInfo, NS.ds, 'Reference');
  if (references.length !== 1) return `The signature has ${references.length} References; exactly one, to the Assertion, is accepted.`;
  const reference = references[0];
  const uri = reference.getAttribute('URI');
  if (uri !== `#${id}`) return `The signature's Reference URI is '${uri ?? ''}', not '#${id}' (the Assertion's ID).`;
  const transforms = single(reference, NS.ds, 'Transforms');
  if (transforms === 'many') return 'The Reference has more than one Transforms element.';
  for (const t of transforms ? elementChildren(transforms) : []) {
    const alg = t.getAttribute('Algorithm') ?? '';
    if (t.namespaceURI !== NS.ds || t.localName !== 'Transform' || !TRANSFORMS.has(alg)) return `Transform '${alg}' is not accepted.`;
  }
  const digest = single(reference, NS.ds, 'DigestMethod');
  const digestAlg = digest && digest !== 'many' ? digest.getAttribute('Algorithm') ?? '' : '';
  if (!DIGEST_METHODS.has(digestAlg)) return `Digest method '${digestAlg}' is not accepted (SHA-256, SHA-512 or SHA-1).`;
  return undefined;
}

function versionOf(root: Element): SamlVersion | { error: string } | undefined {
  if (root.namespaceURI === NS.saml2) {
    const v = root.getAttribute('Version');
    return v === '2.0' ? '2.0' : { error: `SAML 2.0 Assertion with Version '${v ?? ''}'.` };
  }
  if (root.namespaceURI === NS.saml1) {
    const major = root.getAttribute('MajorVersion');
    const minor = root.getAttribute('MinorVersion');
    return major === '1' && minor === '1' ? '1.1' : { error: `SAML ${major ?? '?'}.${minor ?? '?'} is not accepted; SAML 1.1 or 2.0 is.` };
  }
  return undefined;
}

function isAssertion(el: Element): boolean {
  return el.localName === 'Assertion' && (el.namespaceURI === NS.saml2 || el.namespaceURI === NS.saml1);
}

function elementChildren(el: Element): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === ELEMENT) out.push(n as Element);
  return out;
}

function children(el: Element, ns: string, localName: string): Element[] {
  return elementChildren(el).filter((c) => c.namespaceURI === ns && c.localName === localName);
}

function single(el: Element, ns: string, localName: string): Element | null | 'many' {
  const found = children(el, ns, localName);
  return found.length > 1 ? 'many' : (found[0] ?? null);
}

/** The trimmed text of the one child `localName`; undefined when absent. */
function textOfSingle(el: Element, ns: string, localName: string): string | { error: string } | undefined {
  const found = single(el, ns, localName);
  if (found === 'many') return { error: `More than one ${localName} in ${el.localName}.` };
  return found ? text(found) : undefined;
}

/** Text at a path of ds: children, first match at each step (KeyInfo, for messages only). */
function textOfPath(el: Element, path: readonly string[]): string | undefined {
  let current: Element | undefined = el;
  for (const name of path) {
    current = current ? children(current, NS.ds, name)[0] : undefined;
  }
  return current ? text(current) : undefined;
}

function text(el: Element): string {
  return (el.textContent ?? '').trim();
}

/** RSA public keys by certificate DER (parsed once). */
const keys = new Map<string, KeyObject | null>();

function publicKeyOf(der: string): KeyObject | null {
  let key = keys.get(der);
  if (key !== undefined) return key;
  try {
    const pk = new X509Certificate(Buffer.from(der, 'base64')).publicKey;
    key = pk.asymmetricKeyType === 'rsa' ? pk : null;
  } catch {
    key = null;
  }
  if (keys.size >= 512) keys.clear();
  keys.set(der, key);
  return key;
}

function fail(detail: string): { ok: false; detail: string } {
  return { ok: false, detail };
}
