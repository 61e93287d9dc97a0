// String formats: realistic valid values, and one plainly broken value per format.
import fc from 'fast-check';

const FROM = new Date('2000-01-01T00:00:00.000Z');
const TO = new Date('2099-12-31T23:59:59.999Z');
const instant = () => fc.date({ min: FROM, max: TO, noInvalidDate: true });

const FORMATS: Record<string, () => fc.Arbitrary<string>> = {
  uuid: () => fc.uuid({ version: [1, 4, 7] }),
  'date-time': () => fc.tuple(instant(), fc.boolean()).map(([d, millis]) => (millis ? d.toISOString() : d.toISOString().replace(/\.\d{3}Z$/, 'Z'))),
  date: () => instant().map((d) => d.toISOString().slice(0, 10)),
  time: () => instant().map((d) => `${d.toISOString().slice(11, 19)}Z`),
  email: () => fc.stringMatching(/^[a-z]{1,8}(\.[a-z]{1,8})?@[a-z]{2,8}\.(com|org|io|dev)$/),
  'idn-email': () => fc.stringMatching(/^[a-z]{1,8}@[a-z]{2,8}\.(com|org|io)$/),
  uri: () => fc.stringMatching(/^https:\/\/[a-z]{2,10}\.(com|org|io)(\/[a-z0-9]{1,8}){0,2}$/),
  url: () => fc.stringMatching(/^https:\/\/[a-z]{2,10}\.(com|org|io)(\/[a-z0-9]{1,8}){0,2}$/),
  iri: () => fc.stringMatching(/^https:\/\/[a-z]{2,10}\.(com|org|io)(\/[a-z0-9]{1,8}){0,2}$/),
  'uri-reference': () => fc.stringMatching(/^(https:\/\/[a-z]{2,10}\.com)?(\/[a-z0-9]{1,8}){1,2}$/),
  'iri-reference': () => fc.stringMatching(/^(https:\/\/[a-z]{2,10}\.com)?(\/[a-z0-9]{1,8}){1,2}$/),
  hostname: () => fc.stringMatching(/^[a-z]{2,10}\.(com|org|io)$/),
  'idn-hostname': () => fc.stringMatching(/^[a-z]{2,10}\.(com|org|io)$/),
  ipv4: () => fc.ipV4(),
  ipv6: () => fc.constantFrom('::1', '2001:db8::1', 'fe80::1ff:fe23:4567:890a', '2001:db8:85a3::8a2e:370:7334'),
  byte: () => fc.base64String({ maxLength: 24 }),
  binary: () => fc.string({ maxLength: 20 }),
  password: () => fc.string({ minLength: 8, maxLength: 20 }),
  'json-pointer': () => fc.stringMatching(/^(\/[a-z0-9]{1,8}){0,3}$/),
  regex: () => fc.constantFrom('^[a-z]+$', '\\d{3}', '.*'),
  duration: () => fc.constantFrom('P1D', 'PT1H', 'PT30M', 'P1Y2M3DT4H5M6S'),
};

/** An arbitrary of realistic strings in the format, or undefined for a format it does not know. */
export function formatArbitrary(format: unknown): fc.Arbitrary<string> | undefined {
  return typeof format === 'string' && format in FORMATS ? FORMATS[format]() : undefined;
}

const BROKEN: Record<string, string> = {
  uuid: 'not-a-uuid',
  'date-time': 'not-a-date-time',
  date: 'not-a-date',
  time: 'not-a-time',
  email: 'not-an-email',
  'idn-email': 'not-an-email',
  uri: 'not-a-uri',
  url: 'not-a-url',
  iri: 'not-an-iri',
  hostname: '-not_a_hostname-',
  ipv4: '999.1.1.1',
  ipv6: 'not-an-ipv6',
  byte: '*** not base64 ***',
  'json-pointer': 'not-a-pointer',
  regex: '([unclosed',
  duration: 'not-a-duration',
};

/** A string that plainly breaks the format, or undefined when none is known (binary accepts anything). */
export function brokenFormat(format: unknown): string | undefined {
  return typeof format === 'string' ? BROKEN[format] : undefined;
}
