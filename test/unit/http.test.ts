/**
 * The shared HTTP client decides what Temporal retries: an outside system that is down or busy is
 * tried again; one that refuses the request, or answers outside its contract, goes to a person.
 * No failure message carries what was sent or answered.
 */
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { createHttpClient } from '../../activities/http';
import { activityEnv } from '../support/activity-env';

const env = activityEnv();
const schema = z.object({ reference: z.string() });

function clientAnswering(answer: () => Promise<Response>) {
  return createHttpClient({
    system: 'care',
    baseUrl: 'http://care.test',
    timeoutMs: 200,
    fetch: answer as typeof fetch,
  });
}

async function failure(answer: () => Promise<Response>): Promise<ApplicationFailure> {
  const http = clientAnswering(answer);
  return env
    .run(() => http.request({ operation: 'registerDecision', path: '/decisions/x', schema }))
    .then(() => {
      throw new Error('expected a failure');
    })
    .catch((e: ApplicationFailure) => e);
}

describe('the shared HTTP client', () => {
  it.each([500, 502, 503, 429, 408])('a %i is retryable', async (status) => {
    const err = await failure(async () => new Response('Kari Testperson 01017012345', { status }));
    expect(err).toMatchObject({ type: 'ExternalSystemUnavailable', nonRetryable: false });
    expect(err.message).toBe(`care registerDecision: answered ${status}`);
  });

  it.each([400, 401, 403, 404, 409, 422])(
    'a %i is refused: non-retryable, and the message quotes nothing sent or answered',
    async (status) => {
      const err = await failure(
        async () => new Response('{"message":"Kari Testperson is unknown"}', { status }),
      );
      expect(err).toMatchObject({ type: 'ExternalSystemRefused', nonRetryable: true });
      expect(err.message).toBe(`care registerDecision: refused with ${status}`);
      expect(err.details).toEqual([{ system: 'care', operation: 'registerDecision', status }]);
    },
  );

  it('no answer within the timeout is retryable', async () => {
    const err = await failure(
      (...args: unknown[]) =>
        new Promise((_, reject) => {
          const signal = (args[1] as RequestInit).signal!;
          signal.addEventListener('abort', () => reject(signal.reason));
        }),
    );
    expect(err).toMatchObject({ type: 'ExternalSystemUnavailable', nonRetryable: false });
    expect(err.message).toBe('care registerDecision: no answer within 200 ms');
  });

  it('a connection error is retryable', async () => {
    const err = await failure(async () => {
      throw new TypeError('fetch failed');
    });
    expect(err).toMatchObject({
      type: 'ExternalSystemUnavailable',
      message: 'care registerDecision: connection failed',
    });
  });

  it('a 200 outside the contract is not retried, and names the field, not its value', async () => {
    const err = await failure(async () => Response.json({ reference: 42, name: 'Kari' }));
    expect(err).toMatchObject({ type: 'ExternalSystemContract', nonRetryable: true });
    expect(err.message).toBe('care registerDecision: answer does not match the contract (reference)');
    const notJson = await failure(async () => new Response('<html>proxy</html>', { status: 200 }));
    expect(notJson).toMatchObject({ type: 'ExternalSystemContract', nonRetryable: true });
  });

  it('a valid answer is parsed, with Basic auth and a JSON body sent', async () => {
    let seen: RequestInit | undefined;
    const http = createHttpClient({
      system: 'svarut',
      baseUrl: 'http://svarut.test/',
      basicAuth: { user: 'a', pass: 'b' },
      fetch: (async (_url: string, init: RequestInit) => {
        seen = init;
        return Response.json({ reference: 'R-1' });
      }) as typeof fetch,
    });
    const out = await http.request({ operation: 'x', method: 'PUT', path: '/y', json: { a: 1 }, schema });
    expect(out).toEqual({ reference: 'R-1' });
    expect((seen!.headers as Record<string, string>).authorization).toBe(
      `Basic ${Buffer.from('a:b').toString('base64')}`,
    );
    expect(seen!.body).toBe('{"a":1}');
  });
});
