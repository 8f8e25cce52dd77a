// Microsoft's own host names, which Entrada answers as in hosts mode (issue 15): the public cloud's
// login hosts (one alias group: Entra treats them as the same authority [D: instance discovery's
// `metadata[].aliases`; graph-and-clients.md §F.2]), Microsoft Graph, and Azure Resource Manager,
// which every `az login` calls [O: §F.1].

/** The public cloud's login hosts, in the order instance discovery lists them. */
export const MICROSOFT_LOGIN_HOSTS = ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'] as const;
export const MICROSOFT_GRAPH_HOST = 'graph.microsoft.com';
export const AZURE_RESOURCE_MANAGER_HOST = 'management.azure.com';

/** Every name hosts mode answers as (certificate SANs, `entrada hosts` lines, the start-up check). */
export const MICROSOFT_HOSTS: readonly string[] = [...MICROSOFT_LOGIN_HOSTS, MICROSOFT_GRAPH_HOST, AZURE_RESOURCE_MANAGER_HOST];

/** The v2 and v1 issuers' origins in Entra, whichever login host a client called [D: entra-protocol.md §7]. */
export const ENTRA_V2_ISSUER_ORIGIN = 'https://login.microsoftonline.com';
export const ENTRA_V1_ISSUER_ORIGIN = 'https://sts.windows.net';

/** Whether `origin` (`https://host[:port]`) is one of Microsoft's hosts (so Entrada runs in hosts mode). */
export function isMicrosoftOrigin(origin: string): boolean {
  const m = /^https:\/\/([^/:]+)(?::443)?$/i.exec(origin);
  return m !== null && MICROSOFT_HOSTS.includes(m[1].toLowerCase());
}
