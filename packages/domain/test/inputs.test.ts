import { describe, expect, it } from 'vitest';
import { employeeInput, projectInput, responseInput } from '../src/inputs.ts';

const validResponse = {
  projectId: 'P-1',
  satisfaction: 'tevreden',
  wouldRecommend: true,
  wantsMoreServices: false,
};

function failingPaths(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }): string[] {
  return (result.error?.issues ?? []).map((issue) => issue.path.join('.'));
}

describe('response input', () => {
  it('accepts a minimal response and normalises a missing motivation to null', () => {
    const parsed = responseInput.parse(validResponse);
    expect(parsed.motivation).toBeNull();
    expect(parsed.respondent).toBeUndefined();
  });

  it('refuses unknown fields', () => {
    expect(failingPaths(responseInput.safeParse({ ...validResponse, score: 10 }))).toEqual(['']);
  });

  it('refuses an unknown satisfaction', () => {
    expect(failingPaths(responseInput.safeParse({ ...validResponse, satisfaction: 'blij' }))).toEqual(['satisfaction']);
  });

  it('refuses a motivation over 2,000 characters and accepts exactly 2,000', () => {
    expect(failingPaths(responseInput.safeParse({ ...validResponse, motivation: 'x'.repeat(2001) }))).toEqual(['motivation']);
    expect(responseInput.parse({ ...validResponse, motivation: 'x'.repeat(2000) }).motivation).toHaveLength(2000);
  });

  it('refuses NUL and other control characters in the motivation but keeps line breaks', () => {
    expect(failingPaths(responseInput.safeParse({ ...validResponse, motivation: 'a\u0000b' }))).toEqual(['motivation']);
    expect(responseInput.parse({ ...validResponse, motivation: 'line one\nline two' }).motivation).toBe('line one\nline two');
  });

  it('lower-cases the respondent e-mail address and refuses an invalid one', () => {
    const parsed = responseInput.parse({ ...validResponse, respondent: { name: 'Jan', email: ' Jan@Client.EXAMPLE ' } });
    expect(parsed.respondent?.email).toBe('jan@client.example');
    expect(
      failingPaths(responseInput.safeParse({ ...validResponse, respondent: { name: 'Jan', email: 'not-an-address' } })),
    ).toEqual(['respondent.email']);
  });

  it('refuses a name with a line break, which could otherwise reach a mail header', () => {
    expect(
      failingPaths(responseInput.safeParse({ ...validResponse, respondent: { name: 'Jan\r\nBcc: x@y.z', email: 'j@c.nl' } })),
    ).toEqual(['respondent.name']);
  });
});

describe('employee and project input', () => {
  it('refuses ids outside [A-Za-z0-9._-]{1,64}', () => {
    expect(failingPaths(employeeInput.safeParse({ name: 'A', email: 'a@b.nl', managerId: 'bad id' }))).toEqual(['managerId']);
    expect(failingPaths(employeeInput.safeParse({ name: 'A', email: 'a@b.nl', managerId: 'x'.repeat(65) }))).toEqual([
      'managerId',
    ]);
  });

  it('names the nested field that is wrong', () => {
    const result = projectInput.safeParse({
      name: 'Bridge',
      client: { id: 'C1', name: 'Gemeente' },
      contact: { name: 'Jan', email: 'nope' },
      accountManagerId: 'E1',
    });
    expect(failingPaths(result)).toEqual(['contact.email']);
  });
});
