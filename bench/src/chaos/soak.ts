import { check, type Verdict } from './checker.ts';
import { checkWebhook, type WebhookVerdict } from './webhook-checker.ts';
import { type ClientOutcome, type Submission, submitLikeAPerson } from './clients.ts';
import { breakThings, emptyFaultLog, type FaultLog } from './faults.ts';
import { employees, projects } from './firm.ts';
import { seededRandom } from './random.ts';
import { API_KEY, type ChaosSystem, type Crash, ChaosSystem as System, SERVICES } from './system.ts';

export interface SoakSettings {
  responses: number;
  /** Submissions started per second. */
  rate: number;
  /** Break things while the responses come in. */
  faults: boolean;
  seed: number;
  /** How long, after the last response, everything may take to settle. */
  settleTimeoutMs: number;
  /** PATH for the service processes (the project's own Node comes first). */
  path: string;
  say: (line: string) => void;
}

export interface SoakReport {
  settings: Omit<SoakSettings, 'say' | 'path'>;
  clients: Record<ClientOutcome, number>;
  /** Submissions that needed more than one try (their first met a fault). */
  retried: number;
  faults: FaultLog;
  /** Alert e-mails and SMS. */
  verdict: Omit<Verdict, 'responses'>;
  problems: Verdict['responses'];
  /** Events at the CRM's webhook (a destination of kind `webhook`). */
  webhook: Omit<WebhookVerdict, 'problems'>;
  webhookProblems: WebhookVerdict['problems'];
  /** Notifier kills: the bound on duplicates. */
  notifierKills: number;
  /** Alerts the peers accepted, per channel (duplicates included). */
  delivered: { email: number; sms: number };
  /** Services that exited without being killed (each was started again): there must be none. */
  crashes: Crash[];
  settled: boolean;
  seconds: number;
  passed: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function seed(system: ChaosSystem): Promise<void> {
  const put = async (path: string, body: object) => {
    const response = await fetch(`${system.ingestUrl}${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 200) throw new Error(`PUT ${path}: ${response.status}`);
  };
  for (const person of employees) {
    await put(`/api/v1/employees/${person.id}`, {
      name: person.name,
      email: person.email,
      managerId: person.managerId,
      ...(person.phone ? { phone: person.phone, alertChannels: ['email', 'sms'] } : {}),
    });
  }
  // The firm's CRM: every classified response, as a signed webhook.
  await put('/api/v1/destinations/crm', { kind: 'webhook', url: system.webhook.url('/crm'), events: ['response.classified'] });
  for (const project of projects) {
    await put(`/api/v1/projects/${project.id}`, {
      name: `Project ${project.id}`,
      client: { id: project.clientId, name: `Client ${project.clientId}` },
      contact: { name: `Contact ${project.id}`, email: `contact-${project.id}@client.example` },
      accountManagerId: project.accountManagerId,
    });
  }
}

/** Everything stored is classified and no message is still pending. */
async function settled(system: ChaosSystem): Promise<boolean> {
  try {
    const unclassified = await system.db
      .selectFrom('responses')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('classifiedAt', 'is', null)
      .executeTakeFirstOrThrow();
    const pending = await system.db
      .selectFrom('deliveries')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    return Number(unclassified.count) === 0 && Number(pending.count) === 0;
  } catch {
    return false;
  }
}

/**
 * The soak: responses flow in from clients that retry like people, while (with `faults`)
 * services are SIGKILLed, Redis restarts (also empty), PostgreSQL restarts once, the SMTP
 * server defers, shuts down and drops, and the SMPP gateway throttles, fails, answers slowly
 * and drops its sessions, and the CRM's webhook receiver answers 500s and too late. Then everything must settle, and the checker counts, per stored
 * response and channel, what was lost, duplicated or unexpected.
 */
export async function runSoak(settings: SoakSettings): Promise<SoakReport> {
  const started = performance.now();
  const system = await System.start(settings.path);
  try {
    for (const service of SERVICES) system.start(service);
    while (!(await system.ingestAnswers())) await sleep(100);
    await seed(system);
    settings.say(`seeded; ${settings.responses} responses at ${settings.rate}/s${settings.faults ? ', breaking things' : ''}`);

    const random = seededRandom(settings.seed);
    system.random = random;
    if (settings.faults) system.webhookFailureRate = 0.05;
    let launched = 0;
    let loadDone = false;
    const faultRun = settings.faults
      ? breakThings(system, { random, stopped: () => loadDone, progress: () => launched / settings.responses, say: settings.say })
      : Promise.resolve(emptyFaultLog());

    const submissions: Promise<Submission>[] = [];
    const loadStarted = performance.now();
    for (let index = 0; index < settings.responses; index += 1) {
      const due = loadStarted + (index * 1000) / settings.rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      submissions.push(submitLikeAPerson(system, index, 120_000));
      launched = index + 1;
    }
    const results = await Promise.all(submissions);
    loadDone = true;
    const faults = await faultRun;
    // Whatever the last fault left down comes back now.
    for (const service of SERVICES) if (!system.services.has(service)) system.start(service);
    system.smtpMode = 'accept';
    system.smsMode = 'accept';
    system.webhookMode = 'accept';
    system.webhookFailureRate = 0;
    settings.say('load done; waiting for everything to settle');

    const deadline = Date.now() + settings.settleTimeoutMs;
    let isSettled = false;
    while (Date.now() < deadline && !(isSettled = await settled(system))) await sleep(250);
    // Let in-flight e-mails land before counting.
    await sleep(1000);

    const verdict = await check(
      system,
      results.map((submission) => submission.email),
    );
    const { problems: webhookProblems, ...webhook } = await checkWebhook(
      system,
      verdict.responses.map((response) => response.responseId),
    );
    const clients = { accepted: 0, 'already-stored': 0, refused: 0, 'gave-up': 0 } satisfies Record<ClientOutcome, number>;
    for (const result of results) clients[result.outcome] += 1;
    const notifierKills = faults.killed.notifier;
    const { responses, ...totals } = verdict;
    const crashes = [...system.crashes];
    const passed =
      isSettled &&
      crashes.length === 0 &&
      totals.lost === 0 &&
      totals.unexpected === 0 &&
      totals.strays === 0 &&
      totals.unexplainedDuplicates === 0 &&
      totals.duplicated <= notifierKills * 4 &&
      webhook.lost === 0 &&
      webhook.unexpected === 0 &&
      webhook.strays === 0 &&
      webhook.unexplainedDuplicates === 0 &&
      clients.refused === 0 &&
      clients['gave-up'] === 0 &&
      totals.stored === settings.responses;
    return {
      settings: { responses: settings.responses, rate: settings.rate, faults: settings.faults, seed: settings.seed, settleTimeoutMs: settings.settleTimeoutMs },
      clients,
      retried: results.filter((result) => result.attempts > 1).length,
      faults,
      verdict: totals,
      problems: responses.filter((entry) => entry.lost.length > 0 || entry.duplicated > 0 || entry.unexpected.length > 0),
      webhook,
      webhookProblems,
      notifierKills,
      delivered: { email: system.deliveries.filter((delivery) => delivery.messageId.startsWith('<alert-')).length, sms: system.smsDeliveries.length },
      crashes,
      settled: isSettled,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      passed,
    };
  } finally {
    await system.stop();
  }
}
