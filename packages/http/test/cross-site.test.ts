import { describe, expect, it } from 'vitest';
import { isCrossSite } from '../src/cross-site.ts';

const trusted = new Set(['https://ambassador.example']);
const from = (headers: Record<string, string>) => ({ headers, protocol: 'http', host: 'internal:3001' });

describe('isCrossSite', () => {
  it('believes Sec-Fetch-Site first: only same-origin and a typed-in request (none) are ours', () => {
    expect(isCrossSite(from({ 'sec-fetch-site': 'same-origin' }), trusted)).toBe(false);
    expect(isCrossSite(from({ 'sec-fetch-site': 'none' }), trusted)).toBe(false);
    expect(isCrossSite(from({ 'sec-fetch-site': 'same-site' }), trusted)).toBe(true);
    expect(isCrossSite(from({ 'sec-fetch-site': 'cross-site', origin: 'https://ambassador.example' }), trusted)).toBe(true);
  });

  it('falls back on Origin: a trusted origin, the request host itself, or the null of a no-referrer page', () => {
    expect(isCrossSite(from({ origin: 'https://ambassador.example' }), trusted)).toBe(false);
    expect(isCrossSite(from({ origin: 'http://internal:3001' }), trusted)).toBe(false);
    expect(isCrossSite(from({ origin: 'null' }), trusted)).toBe(false);
    expect(isCrossSite(from({ origin: 'https://evil.example' }), trusted)).toBe(true);
    expect(isCrossSite(from({ origin: 'https://ambassador.example.evil.example' }), trusted)).toBe(true);
  });

  it('lets a request through that says neither (not a browser)', () => {
    expect(isCrossSite(from({}), trusted)).toBe(false);
  });
});
