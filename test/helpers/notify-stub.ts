import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for GOV.UK Notify's API run locally, for the real Notify client to talk to: it keeps
 * each request (path, authorisation, body) and answers as told — accept, refuse, fail, or hang.
 */
export type StubAnswer = 'accept' | 'refuse' | 'fail' | 'hang';

export interface NotifyStub {
  url: string;
  requests: { path: string; authorization: string | undefined; body: Record<string, unknown> }[];
  accepted: () => number;
  answer: StubAnswer;
  close(): Promise<void>;
}

export async function notifyStub(answer: StubAnswer = 'accept'): Promise<NotifyStub> {
  const hanging: ServerResponse[] = [];
  let accepted = 0;
  const stub: NotifyStub = {
    url: '',
    requests: [],
    accepted: () => accepted,
    answer,
    close: () =>
      new Promise((resolve) => {
        for (const r of hanging) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let raw = '';
    request.on('data', (chunk) => (raw += chunk));
    request.on('end', () => {
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      stub.requests.push({ path: request.url ?? '', authorization: request.headers.authorization, body });
      const json = (status: number, value: object) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      if (stub.answer === 'hang') return void hanging.push(response);
      if (stub.answer === 'refuse') return json(400, { status_code: 400, errors: [{ error: 'BadRequestError', message: 'email_address Not a valid email address' }] });
      if (stub.answer === 'fail') return json(500, { status_code: 500, errors: [{ error: 'Exception', message: 'Internal server error' }] });
      accepted++;
      json(201, { id: randomUUID(), reference: body.reference, content: { body: 'x', subject: 'x', from_email: 'x@notify' }, uri: 'x', template: { id: body.template_id, version: 1, uri: 'x' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return stub;
}
