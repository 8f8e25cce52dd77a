// A person going through Entrada's sign-in pages over real HTTPS: follows /authorize, fills the
// sign-in form, answers the MFA step and the consent page as told, and stops at the redirect to
// the app (or at a page it cannot answer). Plain form posts with a cookie jar, through the fetch
// given (StartedEntrada.fetch trusts the CA), so the same browser session spans several sign-ins.

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface WalkResult {
  /** The redirect to the app's redirect URI, when the walk reached it. */
  location?: string;
  /** The last page's HTML and status when it stopped on a page (an error page, a refusal). */
  html?: string;
  status: number;
  /** The steps shown on the way: signin, mfa, consent, pick. */
  steps: string[];
}

export interface WalkAnswers {
  upn: string;
  password: string;
  /** What to press on the MFA step (default approve). */
  mfa?: 'approve' | 'deny';
}

export class PageWalker {
  private readonly jar = new Map<string, string>();
  constructor(
    private readonly fetchImpl: Fetch,
    private readonly origin: string,
  ) {}

  async authorize(url: string, answers: WalkAnswers): Promise<WalkResult> {
    const steps: string[] = [];
    let res = await this.request(url);
    for (let hop = 0; hop < 12; hop++) {
      if (res.status === 302 || res.status === 303) {
        const location = res.headers.get('location') ?? '';
        if (!location.startsWith(this.origin) && !location.startsWith('/')) return { location, status: res.status, steps };
        res = await this.request(new URL(location, this.origin).toString());
        continue;
      }
      const html = await res.text();
      const fields = hiddenFields(html);
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      const step = fields['step'];
      if (res.status !== 200 || !action || !step) return { html, status: res.status, steps };
      steps.push(step);
      const answer: Record<string, string> =
        step === 'signin' ? { username: answers.upn, password: answers.password, action: 'signin' }
        : step === 'mfa' ? { action: answers.mfa ?? 'approve' }
        : step === 'consent' ? { action: 'accept' }
        : step === 'pick' ? { account: answers.upn }
        : {};
      res = await this.request(new URL(unescapeHtml(action), this.origin).toString(), { ...fields, ...answer });
    }
    throw new Error(`no redirect after 12 pages (steps: ${steps.join(', ')})`);
  }

  /** /devicelogin: the code, the sign-in (approving), then the MFA and consent steps; returns the steps shown. */
  async deviceLogin(url: string, userCode: string, answers: WalkAnswers): Promise<string[]> {
    const steps: string[] = [];
    let res = await this.request(url);
    for (let hop = 0; hop < 8; hop++) {
      const html = await res.text();
      const fields = hiddenFields(html);
      const step = fields['step'];
      if (!step) {
        steps.push(/You're signed in/.test(html) ? 'done' : `stopped ${res.status}`);
        return steps;
      }
      steps.push(step);
      const answer: Record<string, string> =
        step === 'code' ? { otc: userCode }
        : step === 'signin' ? { username: answers.upn, password: answers.password, action: 'approve' }
        : step === 'mfa' ? { action: answers.mfa ?? 'approve' }
        : step === 'consent' ? { action: 'accept' }
        : {};
      res = await this.request(url, { ...fields, ...answer });
    }
    return steps;
  }

  private async request(url: string, form?: Record<string, string>): Promise<Response> {
    const res = await this.fetchImpl(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const eq = pair.indexOf('=');
      if (/max-age=0/i.test(set)) this.jar.delete(pair.slice(0, eq));
      else this.jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return res;
  }
}

function hiddenFields(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) out[unescapeHtml(m[1])] = unescapeHtml(m[2]);
  return out;
}

function unescapeHtml(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
