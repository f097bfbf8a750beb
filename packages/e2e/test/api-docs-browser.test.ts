import { test } from '@ambassador/ingest/test/ingest-app';
import { launchChromium, screenshot, skipWithoutChromium } from '@ambassador/testing/browser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';

/**
 * The API reference at /docs in real Chromium: it renders every operation of the OpenAPI
 * document from what ingest serves itself, and asks no other origin for anything (its CSP
 * would refuse it; the test checks the page does not even try). Screenshots go to
 * test-artifacts/screenshots/.
 */

let browser: Browser | undefined;
const skip = skipWithoutChromium('the browser test of the API reference');

beforeAll(async () => {
  if (!skip) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe.skipIf(skip)('the API reference in Chromium', () => {
  test('renders every operation and its schemas, loading nothing from another origin', async ({ ingest: { app } }) => {
    const origin = await app.listen({ host: '127.0.0.1', port: 0 });
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const requested: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));

    const response = await page.goto(`${origin}/docs`);
    expect(response?.status()).toBe(200);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-eval');

    const document = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
    const operations = Object.values(document.paths).reduce((count, methods) => count + Object.keys(methods).length, 0);
    await expect.poll(() => page.locator('.opblock').count(), { timeout: 15_000 }).toBe(operations);
    expect(await page.locator('.info .title').textContent()).toMatch(/^Ambassador API/);
    expect(await page.title()).toBe('Ambassador API');
    expect(await page.locator('.opblock-summary-path').allTextContents()).toEqual(expect.arrayContaining(['/api/v1/employees/{id}', '/api/v1/contacts/{email}']));
    await screenshot(page, 'api-docs');

    // An operation opened: its parameters, the example body and the answers with their schemas.
    await page.locator('#operations-Employees-put_api_v1_employees__id_ .opblock-summary-control').click();
    const operation = page.locator('#operations-Employees-put_api_v1_employees__id_');
    await expect.poll(() => operation.locator('.responses-table .response').count()).toBeGreaterThanOrEqual(7);
    expect(await operation.locator('.body-param__example, .highlight-code').first().textContent()).toContain('anna@firm.example');
    await screenshot(page, 'api-docs-put-employee');

    expect(requested.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:'))).toEqual([]);
    expect(requested).toEqual(expect.arrayContaining([`${origin}/docs/json`]));
    expect(problems).toEqual([]);
    await context.close();
  });
});
