/**
 * Spec §6 "Secrets": any occurrence of a secret value in a tool output is masked before it is
 * stored or shown — verbatim, inside JSON nested in strings, and in the base64 and URL encodings a
 * tool echoing its request would produce. Overlapping secrets never leave a fragment behind.
 */
import { describe, expect, it } from 'vitest';
import { maskSecrets } from '../../src/vault/service';

const TOKEN = { name: 'api-token', value: 'sk-Abc/123+xyz=&é "quoted" \\ end' };
const SHORTER = { name: 'short', value: 'Abc/123' };

/** The base64 characters left in `text` once placeholders are removed. */
const leftoverBase64 = (text: string) => text.replace(/\[secret:[^\]]+\]/g, ' ').match(/[A-Za-z0-9+/_-]{4,}/g)?.join('') ?? '';

describe('maskSecrets', () => {
  it('masks every plain occurrence in a string', () => {
    expect(maskSecrets(`a ${TOKEN.value} b ${TOKEN.value}`, [TOKEN])).toBe('a [secret:api-token] b [secret:api-token]');
  });

  it('masks deep inside any JSON value: nested values, array items, object keys and numbers', () => {
    const pin = { name: 'pin', value: '987654' };
    const output = { ok: true, n: null, data: [{ echo: { headers: [`Bearer ${TOKEN.value}`] } }], [TOKEN.value]: 1, code: 19876543, other: 42 };
    expect(maskSecrets(output, [TOKEN, pin])).toEqual({
      ok: true, n: null, data: [{ echo: { headers: ['Bearer [secret:api-token]'] } }], '[secret:api-token]': 1, code: '1[secret:pin]3', other: 42,
    });
  });

  it('masks JSON-escaped forms: JSON in a string, JSON in JSON in a string, and ASCII-only JSON', () => {
    const once = JSON.stringify({ body: TOKEN.value });
    const twice = JSON.stringify({ raw: once });
    const asciiOnly = (hex: (h: string) => string) =>
      once.replace(/[\u007f-\uffff]/g, (ch) => `\\u${hex(ch.charCodeAt(0).toString(16).padStart(4, '0'))}`);
    expect(once).not.toContain(TOKEN.value);
    expect(maskSecrets(once, [TOKEN])).toBe('{"body":"[secret:api-token]"}');
    expect(maskSecrets({ response: twice }, [TOKEN])).toEqual({ response: JSON.stringify({ raw: '{"body":"[secret:api-token]"}' }) });
    for (const python of [asciiOnly((h) => h), asciiOnly((h) => h.toUpperCase())]) {
      expect(python).toMatch(/\\u00(e9|E9)/);
      expect(maskSecrets(python, [TOKEN])).toBe('{"body":"[secret:api-token]"}');
    }
  });

  it('masks the base64 and base64url encodings of the value', () => {
    const bytes = new TextEncoder().encode(TOKEN.value);
    const b64 = btoa(String.fromCharCode(...bytes));
    const url = b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(maskSecrets(`x ${b64} y`, [TOKEN])).toBe('x [secret:api-token] y');
    expect(maskSecrets(`x ${url} y`, [TOKEN])).toBe('x [secret:api-token] y');
  });

  it('masks the value inside a larger base64 blob at every byte alignment (a Basic-auth header echoed back)', () => {
    for (const user of ['u', 'us', 'usr', 'user']) {
      const blob = btoa(String.fromCharCode(...new TextEncoder().encode(`${user}:${TOKEN.value}`)));
      const masked = maskSecrets({ headers: { authorization: `Basic ${blob}` } }, [TOKEN]).headers.authorization;
      expect(masked, user).toContain('[secret:api-token]');
      // What survives is the user name's characters plus at most a character at each edge, never the token's.
      expect(leftoverBase64(masked).replace(/^Basic/, '').length, `${user}: ${masked}`).toBeLessThanOrEqual(Math.ceil(((user.length + 1) * 8) / 6) + 2);
    }
  });

  it('masks URL-encoded forms: path/query encoding, form encoding and lowercase hex', () => {
    const component = encodeURIComponent(TOKEN.value);
    const form = new URLSearchParams({ t: TOKEN.value }).toString().slice(2);
    const lower = component.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
    expect(component).not.toBe(TOKEN.value);
    expect(form).not.toBe(component);
    expect(maskSecrets(`GET https://api.test/x?token=${component}&a=1`, [TOKEN])).toBe('GET https://api.test/x?token=[secret:api-token]&a=1');
    expect(maskSecrets(`a=1&token=${form}`, [TOKEN])).toBe('a=1&token=[secret:api-token]');
    expect(maskSecrets(`?token=${lower}`, [TOKEN])).toBe('?token=[secret:api-token]');
  });

  it('masks the longer of two overlapping secrets whole, in either order, leaving no fragment', () => {
    const text = `x ${TOKEN.value} y ${SHORTER.value} z`;
    const expected = 'x [secret:api-token] y [secret:short] z';
    expect(maskSecrets(text, [SHORTER, TOKEN])).toBe(expected);
    expect(maskSecrets(text, [TOKEN, SHORTER])).toBe(expected);
    // Partly overlapping occurrences merge into one placeholder named after the longer secret.
    const a = { name: 'a', value: 'alpha-beta-gamma' };
    const b = { name: 'b', value: 'gamma-delta' };
    expect(maskSecrets('<alpha-beta-gamma-delta>', [b, a])).toBe('<[secret:a]>');
  });

  it('never re-masks its own placeholders, and masks adjacent occurrences separately', () => {
    const s = { name: 'secret', value: 'secret' };
    expect(maskSecrets('a secret and secretsecret', [s])).toBe('a [secret:secret] and [secret:secret][secret:secret]');
  });

  it('returns the value as it was when there is nothing to mask', () => {
    const value = { a: [1, 'two'] };
    expect(maskSecrets(value, [])).toBe(value);
    expect(maskSecrets(value, [{ name: 'empty', value: '' }])).toBe(value);
    expect(maskSecrets(value, [TOKEN])).toEqual(value);
    expect(maskSecrets(null, [TOKEN])).toBeNull();
    expect(maskSecrets(7, [TOKEN])).toBe(7);
  });
});
