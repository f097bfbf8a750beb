import { describe, expect, it } from 'vitest';
import { classifyJob } from '../src/jobs.ts';

const ids = ['9b2f0c1e-2d7a-4c55-8a0e-6f1d2b3c4d5e', '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9'];

describe('the classify job', () => {
  it('takes its id from its response: classify-<id> for one', () => {
    expect(classifyJob.jobId({ responseIds: [ids[0]!] })).toBe(`classify-${ids[0]}`);
  });

  it('takes its id from all of its responses for a batch, whatever their order, so a batch queued again adds nothing', () => {
    const id = classifyJob.jobId({ responseIds: ids });
    expect(id).toMatch(/^classify-batch-[A-Za-z0-9_-]{43}$/u);
    expect(classifyJob.jobId({ responseIds: [...ids].reverse() })).toBe(id);
    expect(classifyJob.jobId({ responseIds: ids.slice(0, 2) })).not.toBe(id);
  });

  it('carries ids only, at least one', () => {
    expect(classifyJob.payload.safeParse({ responseIds: [] }).success).toBe(false);
    expect(classifyJob.payload.safeParse({ responseIds: ['not-a-uuid'] }).success).toBe(false);
    expect(classifyJob.payload.safeParse({ responseIds: ids, motivation: 'x' }).success).toBe(false);
  });
});
