// Advice fitted to the person reading it: someone whose app the real Entra refused.
//  - entraOnly(): the shared AADSTS catalogue is written for Entrada's own error pages too, so some
//    of its lines point at a seed file, the Entrada server log or an Entrada instance; those
//    sentences and parentheses are dropped when explaining a real Entra answer.
//  - inTheirWords(): portal labels gain the manifest property of the format the person's manifest
//    uses (AAD Graph: allowPublicClient, replyUrlsWithType; Microsoft Graph: isFallbackPublicClient,
//    web/spa/publicClient.redirectUris) [D: reference-app-manifest.md, Graph application resource].

import type { Platform } from '../core/model.js';
import type { ManifestContext } from './report.js';

const ENTRADA_ONLY = /\bEntrada\b|\bseed\b|ENTRADA_[A-Z_]+/i;

/** A catalogue text without what concerns Entrada only; '' when nothing is left. */
export function entraOnly(text: string): string {
  const withoutAsides = text.replace(/\s*\([^()]*\)/g, (aside) => (ENTRADA_ONLY.test(aside) ? '' : aside));
  return withoutAsides
    .split(/(?<=[.;!?])\s+(?=[A-Z(])/)
    .filter((sentence) => !ENTRADA_ONLY.test(sentence))
    .join(' ')
    .trim();
}

type Format = 'aad' | 'graph';

/** The manifest property a platform's redirect URIs live in, in the format given. */
export function platformProperty(platform: Platform, format: Format): string {
  if (format === 'graph') return `${platform}.redirectUris`;
  const type = platform === 'web' ? 'Web' : platform === 'spa' ? 'Spa' : 'InstalledClient';
  return `replyUrlsWithType with "type": "${type}"`;
}

/** The manifest property behind "Allow public client flows", with its value when given. */
export function publicFlowsProperty(format: Format | null, value?: boolean): string {
  const v = value === undefined ? '' : `: ${value}`;
  if (format === 'aad') return `"allowPublicClient"${v}`;
  if (format === 'graph') return `"isFallbackPublicClient"${v}`;
  return `"allowPublicClient"${v} in an AAD Graph manifest, "isFallbackPublicClient"${v} in a Microsoft Graph one`;
}

const PLATFORMS: Array<[string, Platform]> = [
  ['Web', 'web'],
  ['Single-page application', 'spa'],
  ['Mobile and desktop applications', 'publicClient'],
];

/**
 * A fix line with the manifest's own property names next to the portal's labels: inline after
 * "Allow public client flows → Yes/No", and at the end of the line for the platforms it names
 * (inline would break the portal path the person follows: "Add a platform → Web → add …").
 */
export function inTheirWords(line: string, manifest: ManifestContext | null): string {
  const format = manifest?.read.format ?? null;
  let out = line.replace(/Allow public client flows( → (Yes|No))?(?! \(manifest)/, (all, _arrow: string | undefined, value: string | undefined) =>
    `${all} (manifest: ${publicFlowsProperty(format, value === undefined ? undefined : value === 'Yes')})`,
  );
  const named = PLATFORMS.filter(([label]) => new RegExp(`(?:Authentication|Add a platform) → ${label}\\b`).test(out)).map(([, p]) => p);
  if (named.length > 0 && !/\((?:SPA|manifest: (?:web|spa|publicClient|replyUrls))/.test(out)) {
    const parts = [named.includes('spa') ? 'SPA = Single-page application' : null, format ? `manifest: ${named.map((p) => platformProperty(p, format)).join(' → ')}` : null].filter(Boolean);
    if (parts.length > 0) out += ` (${parts.join('; ')})`;
  }
  return out.replace(/grant_type=client_credentials(?! \()/, 'grant_type=client_credentials (client credentials)');
}
