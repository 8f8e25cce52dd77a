// Signing SAML assertions in tests, as AD FS signs them: an enveloped signature over the document
// element (exclusive C14N, RSA-SHA256 by default), the certificate in KeyInfo, placed after Issuer
// (SAML 2.0 schema order) or last (SAML 1.1).

import { SignedXml } from 'xml-crypto';
import type { ClientCertificate } from './client-certificate.js';

export interface SignOptions {
  signatureAlgorithm?: string;
  digestAlgorithm?: string;
  canonicalizationAlgorithm?: string;
}

export function signAssertion(xml: string, cert: ClientCertificate, options: SignOptions = {}): string {
  const saml1 = xml.includes('urn:oasis:names:tc:SAML:1.0:assertion');
  const c14n = options.canonicalizationAlgorithm ?? 'http://www.w3.org/2001/10/xml-exc-c14n#';
  const sig = new SignedXml({
    privateKey: cert.privateKeyPem,
    publicCert: cert.certPem,
    signatureAlgorithm: options.signatureAlgorithm ?? 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: c14n,
    ...(saml1 ? { idAttribute: 'AssertionID' } : {}),
  });
  sig.addReference({
    xpath: '/*',
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', c14n],
    digestAlgorithm: options.digestAlgorithm ?? 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: saml1 ? { reference: '/*', action: 'append' } : { reference: "/*/*[local-name(.)='Issuer']", action: 'after' },
  });
  return sig.getSignedXml();
}
