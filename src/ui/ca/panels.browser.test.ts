// The manual exchange panel and the enroll status line mounted in real Chromium: the CSR file name is shown, a
// pasted CSR and a pasted private key are explained (the key is wiped from the box), the right certificate ends the
// wait; the 202 countdown counts down and cancel is offered; a time limit field refuses what is not a whole number in
// range and passes on what is.
import { flushSync, mount, unmount } from 'svelte';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CryptoClient } from '../../workers/crypto-client.ts';
import { ManualSource } from '../../ca/manual.ts';
import { nrf91Vectors as v } from '../../test-vectors.ts';
import { splitDottedPayload } from '../../pki/nrf91-cose.ts';
import { toPem } from '../../pki/pem.ts';
import ManualExchangePanel from './ManualExchangePanel.svelte';
import EnrollWaiting from './EnrollWaiting.svelte';
import SecondsField from './SecondsField.svelte';

const client = new CryptoClient();
let mounted: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (mounted) unmount(mounted);
  mounted = null;
  document.body.innerHTML = '';
});
afterAll(() => client.close());

const byText = (text: string) =>
  [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === text) as HTMLButtonElement;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ManualExchangePanel', () => {
  it('explains a CSR and a private key, wipes the key, and accepts the right certificate', async () => {
    const csrDer = splitDottedPayload(v.keygen_csr_uuid_cn.response_payload)!.first;
    const source = new ManualSource({ caPem: '' });
    mounted = mount(ManualExchangePanel, { target: document.body, props: { source } });
    const done = source.enroll({
      csrDer,
      csrPem: toPem('CERTIFICATE REQUEST', csrDer),
      device: { id: '352656100402182' },
      profile: { validityDays: 30, commonName: { mode: 'keep' } },
    });
    flushSync();
    expect(document.body.textContent).toContain('keywire-352656100402182.csr.pem');
    expect(byText('Download the CSR')).toBeTruthy();

    const box = document.querySelector('textarea')!;
    const paste = (text: string) => {
      box.value = text;
      box.dispatchEvent(new Event('input', { bubbles: true }));
      flushSync();
      byText('Use this certificate').click();
      flushSync();
    };
    paste(toPem('CERTIFICATE REQUEST', csrDer));
    expect(document.querySelector('[role="alert"]')?.textContent).toMatch(
      /certificate request \(CSR\), not a certificate/,
    );

    paste('-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIA==\n-----END EC PRIVATE KEY-----\n');
    expect(document.querySelector('[role="alert"]')?.textContent).toMatch(/It was not stored/);
    expect(box.value).toBe('');

    const created = await client.createCa({ name: 'Panel Manual', curve: 'P-256', withIntermediate: false });
    if (!created.ok) throw new Error(created.error.message);
    const issued = await client.issueCertificate(created.value.id, csrDer, {
      validityDays: 5,
      commonName: { mode: 'keep' },
    });
    if (!issued.ok) throw new Error(issued.error.message);
    paste(issued.value.leafPem);
    const r = await done;
    expect(r.ok).toBe(true);
    flushSync();
    expect(document.querySelector('[role="status"]')?.textContent).toMatch(
      /Received 1 certificate from the pasted text/,
    );
    await client.deleteCa(created.value.id);
  });

  it('"Cancel this request" ends the wait as aborted', async () => {
    const csrDer = splitDottedPayload(v.keygen_csr_uuid_cn.response_payload)!.first;
    const source = new ManualSource({ caPem: '' });
    mounted = mount(ManualExchangePanel, { target: document.body, props: { source } });
    const done = source.enroll({
      csrDer,
      csrPem: toPem('CERTIFICATE REQUEST', csrDer),
      device: { id: 'x' },
      profile: { validityDays: 30, commonName: { mode: 'keep' } },
    });
    flushSync();
    byText('Cancel this request').click();
    expect(await done).toMatchObject({ ok: false, error: { code: 'aborted' } });
    flushSync();
    expect(document.body.textContent).toContain('No certificate request is waiting.');
  });
});

describe('EnrollWaiting', () => {
  it('counts down the Retry-After and offers cancel', async () => {
    let cancelled = 0;
    mounted = mount(EnrollWaiting, {
      target: document.body,
      props: { status: { kind: 'waiting', retryAfterSeconds: 2, attempt: 3 }, oncancel: () => cancelled++ },
    });
    flushSync();
    const status = document.querySelector('[role="status"]')!;
    expect(status.textContent).toMatch(/holding the request \(try 3\); asking again in 2 s/);
    await sleep(1300);
    flushSync();
    expect(status.textContent).toMatch(/asking again in 1 s/);
    byText('Cancel').click();
    expect(cancelled).toBe(1);
  });
});

describe('SecondsField', () => {
  it('says what to enter for a value out of range or not whole, and passes on a valid one', () => {
    const seen: number[] = [];
    const range = { min: 1, max: 600 };
    mounted = mount(SecondsField, {
      target: document.body,
      props: { label: 'Time limit (seconds)', value: 30, range, onvalue: (n: number) => seen.push(n) },
    });
    const input = document.querySelector('input')!;
    const enter = (text: string) => {
      input.value = text;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      flushSync();
    };
    for (const bad of ['0', '601', '2.5', '']) {
      enter(bad);
      expect(document.querySelector('[role="alert"]')?.textContent).toBe('Enter a whole number from 1 to 600.');
    }
    expect(seen).toEqual([]);
    enter('45');
    expect(document.querySelector('[role="alert"]')).toBeNull();
    expect(seen).toEqual([45]);
  });
});
