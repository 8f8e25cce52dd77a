// What a person does on /devicelogin for a device-code client: open the page, type the code, sign in
// and approve. Plain HTTPS form posts with a cookie jar,
// through the fetch given (in hosts mode: one that reaches login.microsoftonline.com on loopback).

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** Completes the device login at `verificationUri`; returns the last page's HTML. */
export async function completeDeviceLogin(fetchImpl: Fetch, verificationUri: string, userCode: string, user: { upn: string; password: string }): Promise<string> {
  const jar = new Map<string, string>();
  const remember = (res: Response) => {
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const submit = async (fields: Record<string, string>) => {
    const res = await fetchImpl(verificationUri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
      body: new URLSearchParams(fields).toString(),
    });
    remember(res);
    const html = await res.text();
    if (res.status !== 200) throw new Error(`${verificationUri} answered ${res.status}: ${html}`);
    return html;
  };

  const form = await fetchImpl(verificationUri);
  remember(form);
  if (form.status !== 200) throw new Error(`${verificationUri} answered ${form.status}`);
  const first = await form.text();
  const signIn = await submit({ csrf: csrfOf(first), step: 'code', otc: userCode });
  return submit({ csrf: csrfOf(signIn), step: 'signin', otc: userCode, username: user.upn, password: user.password, action: 'approve' });
}
