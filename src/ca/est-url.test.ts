import { describe, expect, it } from 'vitest';
import { estEndpoint } from './est-url.ts';

describe('EST base URL (RFC 7030 §3.2.2)', () => {
  const good: [string, string, string, string | null][] = [
    ['https://ca.example', '', 'https://ca.example/.well-known/est', null],
    ['https://ca.example/', '', 'https://ca.example/.well-known/est', null],
    ['ca.example:8443', '', 'https://ca.example:8443/.well-known/est', null],
    ['http://127.0.0.1:7030/.well-known/est', '', 'http://127.0.0.1:7030/.well-known/est', null],
    ['http://127.0.0.1:7030/.well-known/est/', '', 'http://127.0.0.1:7030/.well-known/est', null],
    ['https://ca.example/.well-known/est/cacerts', '', 'https://ca.example/.well-known/est', null],
    [
      'https://ca.example/.well-known/est/arbitraryLabel1',
      '',
      'https://ca.example/.well-known/est/arbitraryLabel1',
      'arbitraryLabel1',
    ],
    ['https://ca.example/.well-known/est/iot/simpleenroll', '', 'https://ca.example/.well-known/est/iot', 'iot'],
    ['https://ca.example', 'iot-devices', 'https://ca.example/.well-known/est/iot-devices', 'iot-devices'],
    ['https://ca.example/.well-known/est/iot', 'iot', 'https://ca.example/.well-known/est/iot', 'iot'],
    ['https://gw.example/pki', '', 'https://gw.example/pki/.well-known/est', null],
  ];
  for (const [url, label, base, foundLabel] of good) {
    it(`${url}${label ? ` + label ${label}` : ''} -> ${base}`, () => {
      expect(estEndpoint(url, label)).toEqual({ ok: true, value: { base, label: foundLabel } });
    });
  }

  const bad: [string, string, RegExp][] = [
    ['', '', /Enter the EST server address/],
    ['ftp://ca.example', '', /not ftp/],
    ['https://user:pw@ca.example', '', /credential fields/],
    ['https://ca.example/.well-known/est?x=1', '', /no query/],
    ['https://ca.example/.well-known/est/a/b', '', /only one label segment/],
    ['https://ca.example', 'two words', /label may hold/],
    ['https://ca.example/.well-known/est/iot', 'other', /already names the label "iot"/],
    ['http://', '', /not a web address/],
  ];
  for (const [url, label, why] of bad) {
    it(`refuses ${JSON.stringify(url)}${label ? ` + label ${label}` : ''}`, () => {
      const r = estEndpoint(url, label);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(why);
    });
  }
});
