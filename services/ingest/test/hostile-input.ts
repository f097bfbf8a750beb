import fc from 'fast-check';

/**
 * What an integrator's buggy client or an attacker may send instead of a well-formed
 * request: text that is too long, not text at all, not Unicode (lone surrogates), NUL and
 * other control characters, prototype-pollution keys, malformed JSON, the wrong media type,
 * bodies over the limit, and path segments no router expects. The arbitraries mix these
 * with valid values, so that many requests are valid but for one field and some are valid.
 */

/** The same seed every run: a failure seen once is seen again (fast-check prints the path to it). */
export const PROPERTY_SEED = 20_261_122;

/** Strings chosen because they have broken programs before. */
const notoriousStrings = [
  '',
  ' ',
  '\u0000',
  'Jan\u0000Jansen',
  '\ud800',
  'x\udfff',
  '\ud83d',
  '\u2028',
  '\u202eevil',
  '\ufeff',
  '\r\nBcc: victim@evil.example',
  'null',
  'undefined',
  'NaN',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  "'; DROP TABLE responses; --",
  '{"$ne": null}',
  '<script>alert(1)</script>',
  '${7*7}',
  '%00',
  '\\',
  '"',
  'x@y.z',
  'ANNA@FIRM.EXAMPLE',
  ' anna@firm.example ',
];

/** Text where text belongs, but hostile: any code point (lone surrogates too), and lengths around the limits. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  { weight: 2, arbitrary: fc.constantFrom(...notoriousStrings) },
  fc
    .tuple(fc.constantFrom(1, 199, 200, 201, 254, 255, 1999, 2000, 2001, 5000), fc.constantFrom('x', 'É', '😀', ' ', '\ud800', '\u0000'))
    .map(([length, unit]) => unit.repeat(length)),
);

/** Object keys an attacker would try, and foreign keys in general. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'shoeSize', ''),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

/** Anything where a string, a boolean or an object of known shape belongs. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(hostileText, { maxLength: 3 }),
  fc.dictionary(hostileKey, hostileText, { maxKeys: 3 }),
);

/** Usually `valid`, sometimes anything else: many requests fail on one field, many pass. */
export function mostly<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: hostileValue });
}

/** A name as people write them: any script, emoji, stray spaces. Valid, or nearly (blank). */
export const personNameText: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('Jan Jansen', '  Éva Đorđević  ', 'Zoë 🙂', 'Riolering Oost', '東京 エンジニアリング', 'O\'Brien & "Zn"') },
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
);

/** A name, or hostile text where a name belongs. */
export const nameText: fc.Arbitrary<string> = fc.oneof({ weight: 4, arbitrary: personNameText }, hostileText);

/** A valid integrator id (the contract: 1–64 of A-Z a-z 0-9 . _ -). */
export const integratorIdText = fc.stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/);

/** E-mail addresses as people type them: any case, stray spaces. */
export const emailAddressText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[a-z0-9][a-z0-9_+-]{0,20}@[a-z0-9]{1,10}\.example$/u) },
  fc.stringMatching(/^[a-z0-9][a-z0-9_+-]{0,20}@[a-z0-9]{1,10}\.example$/u).map((address) => ` ${address.toUpperCase()}\t`),
);

/** E-mail addresses, valid or nearly so. */
export const emailText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: emailAddressText },
  fc.emailAddress(),
  fc.constantFrom('anna@firm.example', 'ANNA@FIRM.EXAMPLE', 'a@b', 'no-at-sign', '@firm.example', 'a..b@firm.example', `${'x'.repeat(250)}@firm.example`),
);

/** A path segment for `{id}` or `{token}`: valid ids, encoded Unicode, and what routers choke on. */
export const pathSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: integratorIdText },
  fc.string({ unit: 'grapheme', maxLength: 80 }).filter((text) => text.length > 0).map(encodeURIComponent),
  fc.constantFrom(
    '%',
    '%zz',
    '%E0%A4%A',
    '%C0%AF',
    '%ED%A0%80',
    '%00',
    '%0A',
    '%2e%2e',
    '%2F',
    'a%2Fb',
    '%252F',
    '%u0041',
    '%20',
    '+',
    ';x=1',
    '__proto__',
    'constructor',
    'x'.repeat(65),
    'x'.repeat(101),
    'x'.repeat(4000),
    'a/b/c',
  ),
);

/** A query string nobody asked for: pollution attempts, bad escapes, thousands of parameters. */
export const hostileQuery: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constant('') },
  fc.constantFrom(
    '?__proto__[polluted]=1',
    '?constructor[prototype][polluted]=1',
    '?__proto__.polluted=1',
    '?a=%',
    '?a=%ED%A0%80',
    '?a[]=1&a[]=2',
    `?${'a=1&'.repeat(2000)}`,
  ),
  fc.string({ maxLength: 20 }).map((text) => `?${encodeURIComponent(text)}=${encodeURIComponent(text)}`),
);

/** A request body as it goes over the wire: its bytes (as text) and its media type. */
export interface WireBody {
  contentType: string | undefined;
  payload: string;
}

const json = (payload: string): WireBody => ({ contentType: 'application/json', payload });

/** JSON text with a key that would pollute prototypes if a parser or a merge honoured it. */
function polluted(shaped: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<WireBody> {
  return fc
    .tuple(shaped, fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.constantFrom('{"polluted":true}', '{"prototype":{"polluted":true}}', '1', 'null'))
    .map(([value, key, poison]) => {
      const rest = JSON.stringify(value).slice(1);
      return json(`{${JSON.stringify(key)}:${poison}${rest === '}' ? '' : ','}${rest}`);
    });
}

/** Text that is not JSON, or not only JSON. */
function malformed(shaped: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<WireBody> {
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 60 }).map(json),
    fc.tuple(shaped, fc.nat()).map(([value, cut]) => {
      const text = JSON.stringify(value);
      return json(text.slice(0, cut % Math.max(1, text.length)));
    }),
    shaped.map((value) => json(`${JSON.stringify(value)}{"again":1}`)),
    shaped.map((value) => json(`\ufeff${JSON.stringify(value)}`)),
    fc.constantFrom(
      '',
      '{',
      '{"a":1,}',
      "{'a':1}",
      '{"a":01}',
      '{"a":1e999999}',
      '{"a":"\\ud800"}',
      '{"a":"\\u0000"}',
      '{"a":"\u0000"}',
      '[]',
      'null',
      '"text"',
      `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
      `${'{"a":'.repeat(6000)}{"__proto__":{"polluted":true}}${'}'.repeat(6000)}`,
    ).map(json),
  );
}

const wrongMediaTypes = [
  undefined,
  '',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json;;;',
  'application/problem+json',
  'application/vnd.api+json',
  'APPLICATION/JSON',
  '*/*',
  'json',
  ';',
];

/**
 * JSON bodies for an endpoint: `valid` ones, and every way to get them wrong: `shaped` ones
 * (the right keys, some values hostile, a key missing or foreign), any JSON value, polluting
 * keys, malformed text, the wrong media type, bodies over the limit.
 */
export function jsonBodies(valid: fc.Arbitrary<Record<string, unknown>>, shaped: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<WireBody> {
  return fc.oneof(
    { weight: 6, arbitrary: valid.map((value) => json(JSON.stringify(value))) },
    { weight: 6, arbitrary: shaped.map((value) => json(JSON.stringify(value))) },
    { weight: 1, arbitrary: fc.jsonValue().map((value) => json(JSON.stringify(value))) },
    { weight: 1, arbitrary: polluted(shaped) },
    { weight: 2, arbitrary: malformed(shaped) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(shaped, fc.constantFrom(...wrongMediaTypes))
        .map(([value, contentType]) => ({ contentType, payload: JSON.stringify(value) })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(shaped, fc.constantFrom(64 * 1024 - 200, 64 * 1024 + 1, 200_000))
        .map(([value, size]) => json(JSON.stringify({ ...value, motivation: 'x'.repeat(size) }))),
    },
  );
}

/**
 * A record of the keys of `model` whose values are mostly valid but sometimes hostile, in
 * which one key may be missing and a foreign key may be added.
 */
export function shapedLike(model: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(model);
  const rarely = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ weight: 7, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });
  const values = fc.record(Object.fromEntries(Object.entries(model).map(([key, valid]) => [key, mostly(valid)])));
  return fc
    .tuple(values, rarely(fc.constantFrom(...keys)), rarely(fc.tuple(hostileKey, hostileValue)))
    .map(([value, missing, extra]) => {
      const entries = Object.entries(value).filter(([key]) => key !== missing);
      return Object.fromEntries(extra ? [...entries, extra] : entries);
    });
}
