import { API_KEY, type BenchSystem } from './system.ts';

export const PROJECTS = ['bench-p1', 'bench-p2', 'bench-p3', 'bench-p4'];

async function put(system: BenchSystem, path: string, body: object): Promise<void> {
  const response = await fetch(`${system.ingestUrl}${path}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`PUT ${path}: ${response.status} ${await response.text()}`);
}

/** Two account managers with a manager, and projects of four clients, through the API. */
export async function seedFirm(system: BenchSystem): Promise<void> {
  await setAlertChannels(system, ['email']);
  for (const [index, id] of PROJECTS.entries()) {
    await put(system, `/api/v1/projects/${id}`, {
      name: `Project ${id}`,
      client: { id: `bench-client-${index}`, name: `Client ${index}` },
      contact: { name: `Contact ${index}`, email: `contact${index}@client.example` },
      accountManagerId: index % 2 === 0 ? 'bench-am1' : 'bench-am2',
    });
  }
}

/** Everyone in the firm takes alerts over these channels (SMS to a number of their own). */
export async function setAlertChannels(system: BenchSystem, channels: ('email' | 'sms')[]): Promise<void> {
  const people = [
    { id: 'bench-manager', name: 'Bench Manager', email: 'manager@bench.example' },
    ...['bench-am1', 'bench-am2'].map((am) => ({ id: am, name: `Bench ${am}`, email: `${am}@bench.example`, managerId: 'bench-manager' })),
  ];
  for (const [index, { id, ...person }] of people.entries()) {
    await put(system, `/api/v1/employees/${id}`, { ...person, phone: `+3160000000${index}`, alertChannels: channels });
  }
}
