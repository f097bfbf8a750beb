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
  await put(system, '/api/v1/employees/bench-manager', { name: 'Bench Manager', email: 'manager@bench.example' });
  for (const am of ['bench-am1', 'bench-am2']) {
    await put(system, `/api/v1/employees/${am}`, { name: `Bench ${am}`, email: `${am}@bench.example`, managerId: 'bench-manager' });
  }
  for (const [index, id] of PROJECTS.entries()) {
    await put(system, `/api/v1/projects/${id}`, {
      name: `Project ${id}`,
      client: { id: `bench-client-${index}`, name: `Client ${index}` },
      contact: { name: `Contact ${index}`, email: `contact${index}@client.example` },
      accountManagerId: index % 2 === 0 ? 'bench-am1' : 'bench-am2',
    });
  }
}
