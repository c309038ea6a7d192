// The board view's credential state over the emulated nRF9160 (unpaced): read shows the content and the inspect
// summary, keys and modem tags are not read, delete waits for the user's yes and refreshes the list after.
import { describe, expect, it } from 'vitest';
import { createEmulatorLab, MemoryFlashStore } from '../devices/emulator/index.ts';
import { emulatedSource } from '../devices/transport/index.ts';
import { inspectInput } from '../pki/inspect.ts';
import { DeviceSession } from './device-session.svelte.ts';
import { FakeAudit } from './testing/fake-audit.ts';

async function connected() {
  const lab = createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false, keygenMs: 0 });
  const inspected: string[] = [];
  const audit = new FakeAudit();
  const session = new DeviceSession({
    serial: () => ({ baudRate: 115200, flowControl: 'hardware' }),
    audit: () => audit,
    inspect: async (content) => {
      inspected.push(content);
      return inspectInput(content);
    },
  });
  await session.pick(emulatedSource(lab), { boardId: 'nrf9160-a' });
  const deadline = Date.now() + 5000;
  while (session.credentials.items === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  return { session, credentials: session.credentials, inspected, audit };
}

describe('BoardCredentials', () => {
  it('reads a certificate and has the crypto worker summarise it', async () => {
    const { session, credentials, inspected } = await connected();
    const ca = credentials.items!.find((c) => c.kind === 'caCert')!;
    await credentials.read(ca);
    expect(credentials.reading?.status).toBe('done');
    expect(credentials.reading?.content).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(inspected).toEqual([credentials.reading?.content]);
    const cert = credentials.reading?.report?.objects[0];
    expect(cert?.kind === 'certificate' && cert.subject.commonName).toBe('Amazon Root CA 1');
    credentials.closeReading();
    expect(credentials.reading).toBeNull();
    await session.disconnect();
  });

  it('offers no read for the private key or the modem-owned root, and does not send one', async () => {
    const { session, credentials } = await connected();
    const key = credentials.items!.find((c) => c.kind === 'privateKey')!;
    const root = credentials.items!.find((c) => c.secTag > 2147483647)!;
    const before = session.log!.totals.tx;
    await credentials.read(key);
    await credentials.read(root);
    expect(credentials.reading).toBeNull();
    expect(session.log!.totals.tx).toBe(before);
    await session.disconnect();
  });

  it('deletes only after confirmation, then lists again without it', async () => {
    const { session, credentials, audit } = await connected();
    const cert = credentials.items!.find((c) => c.kind === 'clientCert')!;
    credentials.askDelete(cert);
    expect(credentials.confirming).toBe(cert);
    credentials.cancelDelete();
    expect(credentials.confirming).toBeNull();
    expect(audit.calls).toEqual([]);

    credentials.askDelete(cert);
    await credentials.confirmDelete();
    expect(credentials.deleted?.credential).toBe(cert);
    expect(credentials.deleted?.done.restored).toBe(true);
    expect(credentials.items!.some((c) => c.kind === 'clientCert')).toBe(false);
    expect(audit.calls.map((c) => c.kind)).toEqual(['intent', 'success']);
    await session.disconnect();
  });

  it('keeps the credential and says why when the audit trail refuses', async () => {
    const { session, credentials, audit } = await connected();
    audit.refuse = { code: 'operator-missing', message: 'no operator' };
    const cert = credentials.items!.find((c) => c.kind === 'clientCert')!;
    credentials.askDelete(cert);
    await credentials.confirmDelete();
    expect(credentials.problem).toEqual({ stage: 'audit', error: audit.refuse, credential: cert });
    expect(credentials.items!.some((c) => c.kind === 'clientCert')).toBe(true);
    await session.disconnect();
  });

  it('offers no delete while provisioning holds the board, and sends nothing for a question already open', async () => {
    const { session, credentials, audit } = await connected();
    const cert = credentials.items!.find((c) => c.kind === 'clientCert')!;
    credentials.askDelete(cert);
    session.hold('Provisioning is running on this board.');
    expect(credentials.held).toBe('Provisioning is running on this board.');
    const before = session.log!.totals.tx;
    await credentials.confirmDelete();
    expect(credentials.confirming).toBeNull();
    credentials.askDelete(cert);
    expect(credentials.confirming).toBeNull();
    expect(session.log!.totals.tx).toBe(before);
    expect(audit.calls).toEqual([]);
    const typed = await session.sendTyped('AT%CMNG=3,42,1');
    expect(!typed.ok && typed.error.source).toBe('refused');
    session.hold(null);
    credentials.askDelete(cert);
    expect(credentials.confirming).toBe(cert);
    await session.disconnect();
  });
});
