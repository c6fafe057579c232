import { afterEach, describe, expect, it } from 'vitest';
import { ClientFrameSchema, ServerFrameSchema } from './envelopes';
import { isMethodName, Methods } from './methods';

const hello = { type: 'hello', protocol: 1, app: 'sessionpilot-extension', version: '0.1.0' };

describe('ClientFrameSchema', () => {
  it.each([
    ['hello', hello],
    ['request with params', { type: 'request', id: 'r1', method: 'scan', params: { path: '/repo' } }],
    ['request without params', { type: 'request', id: 'r2', method: 'ping' }],
    ['cancel', { type: 'cancel', id: 'r1' }],
    ['ping', { type: 'ping', at: 1_700_000_000_000 }],
  ])('accepts a %s frame', (_label, frame) => {
    expect(ClientFrameSchema.safeParse(frame).success).toBe(true);
  });

  it('accepts an unknown method name, so the server can reply unknown_method', () => {
    expect(ClientFrameSchema.safeParse({ type: 'request', id: 'r', method: 'rm -rf' }).success).toBe(true);
  });

  it.each([
    ['an unknown type', { type: 'shell', id: 'r1' }],
    ['a missing type', { id: 'r1', method: 'scan' }],
    ['a request without id', { type: 'request', method: 'scan' }],
    ['a request with an empty id', { type: 'request', id: '', method: 'scan' }],
    ['a request with a 65-character id', { type: 'request', id: 'x'.repeat(65), method: 'scan' }],
    ['a request with a numeric id', { type: 'request', id: 1, method: 'scan' }],
    ['a request without method', { type: 'request', id: 'r1' }],
    ['a cancel without id', { type: 'cancel' }],
    ['a ping without time', { type: 'ping' }],
    ['a hello with an overlong version', { ...hello, version: 'v'.repeat(65) }],
    ['a hello with protocol 0', { ...hello, protocol: 0 }],
    ['a server-only reply', { type: 'reply', id: 'r1', ok: true, result: 1 }],
    ['a server-only progress', { type: 'progress', id: 'r1', done: 1 }],
  ])('rejects %s', (_label, frame) => {
    expect(ClientFrameSchema.safeParse(frame).success).toBe(false);
  });

  it('accepts a 64-character id', () => {
    expect(ClientFrameSchema.safeParse({ type: 'cancel', id: 'x'.repeat(64) }).success).toBe(true);
  });

  it.each([null, undefined, [], [hello], 'hello', '{"type":"ping","at":1}', 0, 42, true])('rejects the non-object %j', (value) => {
    expect(ClientFrameSchema.safeParse(value).success).toBe(false);
    expect(ServerFrameSchema.safeParse(value).success).toBe(false);
  });
});

describe('ServerFrameSchema', () => {
  it.each([
    ['hello with proof', { ...hello, app: 'sessionpilot', proof: 'abc123' }],
    ['reply ok', { type: 'reply', id: 'r1', ok: true, result: { at: 5 } }],
    ['reply error', { type: 'reply', id: 'r1', ok: false, error: { code: 'path_not_found', message: '/x does not exist.' } }],
    ['reply error to an unreadable frame', { type: 'reply', id: null, ok: false, error: { code: 'bad_frame', message: 'Bad frame.' } }],
    ['progress', { type: 'progress', id: 'r1', done: 10, total: 100, message: 'reading files' }],
    ['progress without total', { type: 'progress', id: 'r1', done: 0 }],
    ['event', { type: 'event', name: 'signals_changed', data: { workspaceId: 'w' } }],
    ['pong', { type: 'pong', at: 1 }],
  ])('accepts a %s frame', (_label, frame) => {
    expect(ServerFrameSchema.safeParse(frame).success).toBe(true);
  });

  it.each([
    ['an unknown type', { type: 'exec', id: 'r1' }],
    ['a reply ok without id', { type: 'reply', ok: true, result: 1 }],
    ['a reply ok with a null id', { type: 'reply', id: null, ok: true, result: 1 }],
    ['a reply with an oversize id', { type: 'reply', id: 'x'.repeat(65), ok: true, result: 1 }],
    ['a reply error without error body', { type: 'reply', id: 'r1', ok: false }],
    ['a reply error with an empty code', { type: 'reply', id: 'r1', ok: false, error: { code: '', message: 'm' } }],
    ['a reply error with an overlong message', { type: 'reply', id: 'r1', ok: false, error: { code: 'c', message: 'm'.repeat(2001) } }],
    ['a reply with ok not a boolean', { type: 'reply', id: 'r1', ok: 'yes', result: 1 }],
    ['a progress without id', { type: 'progress', done: 1 }],
    ['a progress with negative done', { type: 'progress', id: 'r1', done: -1 }],
    ['a client-only ping', { type: 'ping', at: 1 }],
    ['a client-only request', { type: 'request', id: 'r1', method: 'scan' }],
  ])('rejects %s', (_label, frame) => {
    expect(ServerFrameSchema.safeParse(frame).success).toBe(false);
  });
});

describe('prototype safety', () => {
  afterEach(() => {
    // Belt and braces: never leave a polluted prototype behind for other tests.
    delete (Object.prototype as Record<string, unknown>).polluted;
  });

  it('parsing a frame with a __proto__ key does not touch Object.prototype', () => {
    const raw = JSON.parse(
      '{"type":"request","id":"r1","method":"scan","__proto__":{"polluted":true},"params":{"__proto__":{"polluted":true},"path":"/x"}}',
    ) as unknown;
    const parsed = ClientFrameSchema.parse(raw);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect((parsed as Record<string, unknown>).polluted).toBeUndefined();
    // The params are checked later by the method's schema, which is strict.
    if (parsed.type !== 'request') throw new Error('expected a request');
    expect(Methods.scan.params.safeParse(parsed.params).success).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a __proto__ key on server frames does not pollute either', () => {
    const raw = JSON.parse('{"type":"reply","id":"r1","ok":true,"result":{"__proto__":{"polluted":1}},"__proto__":{"polluted":1}}') as unknown;
    expect(ServerFrameSchema.safeParse(raw).success).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('isMethodName', () => {
  it('knows every declared method', () => {
    for (const name of Object.keys(Methods)) expect(isMethodName(name)).toBe(true);
    expect(isMethodName('scan')).toBe(true);
  });

  it.each(['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf', 'Scan', 'scan ', ''])(
    'is false for %j',
    (name) => {
      expect(isMethodName(name)).toBe(false);
    },
  );
});

describe('method params', () => {
  it('scan takes exactly one path', () => {
    expect(Methods.scan.params.safeParse({ path: '/repo' }).success).toBe(true);
    expect(Methods.scan.params.safeParse({ path: '' }).success).toBe(false);
    expect(Methods.scan.params.safeParse({ path: '/repo', roots: ['/'] }).success).toBe(false);
  });

  it('ping takes nothing or an empty object', () => {
    expect(Methods.ping.params.safeParse(undefined).success).toBe(true);
    expect(Methods.ping.params.safeParse({}).success).toBe(true);
    expect(Methods.ping.params.safeParse({ extra: 1 }).success).toBe(false);
  });
});
