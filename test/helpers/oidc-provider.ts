import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, decodeJwt, exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

/**
 * A real OpenID provider (oidc-provider) on this machine, for the sign-in tests: never a mock. It
 * signs with a key the test holds, so a test can also have it answer with an ID token for another
 * audience, or one already expired — validly signed, as a provider misconfigured or replaying would.
 */
export interface TestProvider {
  issuer: string;
  /** The next ID token from the token endpoint is changed like this and signed again with the provider's key. */
  tamperNextIdToken(change: (claims: Record<string, unknown>) => Record<string, unknown>): void;
  close(): Promise<void>;
}

export interface ProviderClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  post_logout_redirect_uris?: string[];
}

export async function startProvider(clients: ProviderClient[], people: Record<string, Record<string, unknown>>): Promise<TestProvider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({ ...c, grant_types: ['authorization_code'], response_types: ['code'] })),
    findAccount: async (_ctx, sub) => (people[sub] ? { accountId: sub, claims: async () => ({ sub, ...people[sub] }) } : undefined),
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    cookies: { keys: ['a-cookie-key-for-the-test-provider'] },
    jwks: { keys: [jwk] },
    features: { rpInitiatedLogout: { enabled: true } },
  });
  const handle = provider.callback();
  let tamper: ((claims: Record<string, unknown>) => Record<string, unknown>) | null = null;
  server.on('request', (req, res) => {
    const change = req.url === '/token' && req.method === 'POST' ? tamper : null;
    if (change) {
      tamper = null;
      const end = res.end.bind(res) as (chunk?: unknown) => typeof res;
      res.end = ((chunk?: unknown) => {
        const body = JSON.parse(String(chunk)) as { id_token?: string };
        if (!body.id_token) return end(chunk);
        const claims = change(decodeJwt(body.id_token) as Record<string, unknown>);
        void new SignJWT(claims)
          .setProtectedHeader({ alg: 'RS256', kid: 'test-key', typ: 'JWT' })
          .sign(privateKey)
          .then((signed) => {
            const text = JSON.stringify({ ...body, id_token: signed });
            if (!res.headersSent) res.setHeader('content-length', Buffer.byteLength(text));
            end(text);
          });
        return res;
      }) as typeof res.end;
    }
    handle(req, res);
  });
  return {
    issuer,
    tamperNextIdToken: (c) => void (tamper = c),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A browser at the provider: follows its redirects and fills its login and consent forms, until it
 * is sent back to `returnTo` (Selfdirect's public address); returns that address.
 */
export async function atTheProvider(start: string, login: string, returnTo: string): Promise<string> {
  const jar = new Map<string, string>();
  let url = start;
  let form: Record<string, string> | null = null;
  for (let step = 0; step < 20; step++) {
    const response: Response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, ...v] = pair!.split('=');
      jar.set(k!.trim(), v.join('='));
    }
    form = null;
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url).href;
      if (url.startsWith(returnTo)) return url;
      continue;
    }
    const page: string = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    const prompt: string | undefined = /name="prompt" value="([^"]+)"/.exec(page)?.[1];
    if (!action || !prompt) throw new Error(`the provider showed a page with no form (${response.status}): ${page.slice(0, 300)}`);
    url = new URL(action.replace(/&amp;/g, '&'), url).href;
    form = prompt === 'login' ? { prompt, login, password: 'any' } : { prompt };
  }
  throw new Error('the provider never sent the browser back');
}
