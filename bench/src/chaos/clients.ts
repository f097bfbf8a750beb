import { answers, nth, projects } from './firm.ts';
import { API_KEY, type ChaosSystem } from './system.ts';

export type ClientOutcome = 'accepted' | 'already-stored' | 'refused' | 'gave-up';

export interface Submission {
  index: number;
  email: string;
  outcome: ClientOutcome;
  attempts: number;
}

/**
 * A client contact answering through the API as a person would: on a timeout, a dropped
 * connection or a 5xx they try again (with the same answer) a little later; a 409 on a
 * retry means an earlier try got through.
 */
export async function submitLikeAPerson(system: ChaosSystem, index: number, giveUpAfterMs: number): Promise<Submission> {
  const email = `chaos-${index}@client.example`;
  const answer = nth(answers, index);
  const project = nth(projects, index);
  const body = JSON.stringify({ projectId: project.id, ...answer, respondent: { name: `Respondent ${index}`, email } });
  const started = Date.now();
  let wait = 200;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const response = await fetch(`${system.ingestUrl}/api/v1/responses`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(5000),
      });
      if (response.status === 202) return { index, email, outcome: 'accepted', attempts: attempt };
      if (response.status === 409) return { index, email, outcome: attempt === 1 ? 'refused' : 'already-stored', attempts: attempt };
      if (response.status < 500) return { index, email, outcome: 'refused', attempts: attempt };
    } catch {
      // A refused or dropped connection, or a timeout: the service is being restarted.
    }
    if (Date.now() - started > giveUpAfterMs) return { index, email, outcome: 'gave-up', attempts: attempt };
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait = Math.min(wait * 2, 2000);
  }
}
