import { devConfig } from './config.ts';

/**
 * `pnpm demo`: seeds a small firm through the public API (a director, two account
 * managers, three projects) and submits one response of each kind, then waits until each
 * is classified and its alerts are sent, and prints what happened. Run it against a
 * running system (`pnpm start` or `docker compose up`) with the same API key.
 */

const { ingestUrl, apiKey } = devConfig;
if (!apiKey) {
  process.stderr.write('pnpm demo needs an API key: set DEMO_API_KEY or API_KEYS to a key the ingest service accepts, without a scope or with :admin\n');
  process.exit(1);
}

function say(message: string): void {
  process.stdout.write(`${message}\n`);
}

async function call(method: string, url: string, body?: object): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${ingestUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${apiKey ?? ''}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

async function put(url: string, body: object): Promise<void> {
  const { status, body: answer } = await call(`PUT`, url, body);
  if (status !== 200) throw new Error(`PUT ${url} answered ${status}: ${JSON.stringify(answer)}`);
}

await put('/api/v1/employees/demo-director', { name: 'Dirk Directeur', email: 'dirk.directeur@ingenieurs.example' });
await put('/api/v1/employees/demo-anna', {
  name: 'Anna de Vries',
  email: 'anna.devries@ingenieurs.example',
  managerId: 'demo-director',
});
await put('/api/v1/employees/demo-tom', {
  name: 'Tom Baker',
  email: 'tom.baker@ingenieurs.example',
  managerId: 'demo-director',
  locale: 'en',
});
const projects = [
  { id: 'demo-riolering', name: 'Riolering Oost', client: { id: 'demo-utrecht', name: 'Gemeente Utrecht' }, contact: 'Jan Jansen', am: 'demo-anna' },
  { id: 'demo-kademuur', name: 'Kademuur Noord', client: { id: 'demo-haven', name: 'Havenbedrijf Rotterdam' }, contact: 'Kees de Kade', am: 'demo-anna' },
  { id: 'demo-bridge', name: 'Bridge inspection', client: { id: 'demo-rws', name: 'Rijkswaterstaat' }, contact: 'Emma Smith', am: 'demo-tom' },
];
for (const project of projects) {
  await put(`/api/v1/projects/${project.id}`, {
    name: project.name,
    client: project.client,
    contact: { name: project.contact, email: `${project.contact.toLowerCase().replaceAll(' ', '.')}@client.example` },
    accountManagerId: project.am,
  });
}
say(`seeded 3 employees and ${projects.length} projects at ${ingestUrl}`);

// A fresh respondent address per run, so the demo can be run again and again.
const run = Date.now().toString(36);
const answers = [
  {
    projectId: 'demo-riolering',
    satisfaction: 'meer_dan_tevreden',
    wouldRecommend: true,
    wantsMoreServices: true,
    motivation: 'De bewoners zijn goed meegenomen; we willen graag ook de fase 2 met jullie doen.',
    respondent: { name: 'Jan Jansen', email: `jan.jansen+${run}@client.example` },
  },
  {
    projectId: 'demo-bridge',
    satisfaction: 'tevreden',
    wouldRecommend: true,
    wantsMoreServices: false,
    motivation: 'Good work, delivered as agreed.',
    respondent: { name: 'Emma Smith', email: `emma.smith+${run}@client.example` },
  },
  {
    projectId: 'demo-kademuur',
    satisfaction: 'ontevreden',
    wouldRecommend: false,
    wantsMoreServices: false,
    motivation: 'Twee keer de planning gemist zonder dat we het hoorden.',
    respondent: { name: 'Kees de Kade', email: `kees.dekade+${run}@client.example` },
  },
];

interface ResponseState {
  group: string | null;
  alerts: { role: string; email: string; status: string }[];
}

for (const answer of answers) {
  const submitted = await call('POST', '/api/v1/responses', answer);
  if (submitted.status !== 202) throw new Error(`POST /api/v1/responses answered ${submitted.status}`);
  const { id } = submitted.body as { id: string };
  const started = Date.now();
  let state: ResponseState | undefined;
  while (Date.now() - started < 30_000) {
    state = (await call('GET', `/api/v1/responses/${id}`)).body as ResponseState;
    if (state.group && state.alerts.every((alert) => alert.status !== 'pending')) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const sign = { positive: '+', neutral: '0', negative: '\u2212' }[state?.group ?? ''] ?? '?';
  const alerts = state?.alerts.map((alert) => `${alert.role} ${alert.email}: ${alert.status}`).join('; ') || 'no alerts';
  say(`[${sign}] ${answer.respondent.name} (${answer.satisfaction}) -> ${alerts}`);
}
// Closing a project invites its contact: the e-mail carries the personal link to the form.
await put('/api/v1/projects/demo-sluis', {
  name: 'Renovatie sluis Zuid',
  client: { id: 'demo-waterschap', name: 'Waterschap Rivierenland' },
  contact: { name: 'Sanne Sluis', email: 'sanne.sluis@client.example' },
  accountManagerId: 'demo-anna',
});
const closed = await call('POST', '/api/v1/projects/demo-sluis/close');
const { invitation } = closed.body as { invitation: { url: string } | null };
say(
  invitation
    ? `closed project demo-sluis: Sanne Sluis is invited; open ${invitation.url} to answer as the client`
    : `closed project demo-sluis: ${JSON.stringify(closed.body)}`,
);
say(`Read the e-mails in the inbox: ${devConfig.inboxUrl ?? 'http://localhost:1080 (pnpm start) or http://localhost:8025 (Mailpit, docker compose)'}.`);
say(
  devConfig.adminEmail
    ? `Sign in to the management module at ${devConfig.managementBaseUrl}/login as ${devConfig.adminEmail}: the sign-in link arrives in the inbox.`
    : `Sign in to the management module at ${devConfig.managementBaseUrl}/login with an address in ADMIN_EMAILS (or an employee's, such as anna.devries@ingenieurs.example).`,
);
