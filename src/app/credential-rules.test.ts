// What the board view offers per credential on an nRF91: read where the modem gives content, delete where a user
// may, neither for the modem's own sec_tags; and the list order.
import { describe, expect, it } from 'vitest';
import { createNrf91Device } from '../devices/adapters/nrf91/device.ts';
import type { StoredCredential } from '../devices/device.ts';
import type { ByteStream } from '../devices/transport/index.ts';
import { ok } from '../lib/result.ts';
import { credentialRules, sortCredentials } from './credential-rules.ts';

const cred = (secTag: number, kind: StoredCredential['kind'], deviceType: string): StoredCredential => ({
  secTag,
  kind,
  deviceType,
});

// The rules only look at the device's family and credential facet: a silent stream is enough.
const silent: ByteStream & { close(): Promise<void> } = {
  isOpen: true,
  write: async () => ok(undefined),
  onData: () => () => {},
  onTap: () => () => {},
  onDisconnect: () => () => {},
  close: async () => {},
};

describe('credentialRules on an nRF91', () => {
  const device = createNrf91Device(silent);
  it.each([
    [cred(16842753, 'caCert', '0'), { read: true, delete: true }],
    [cred(16842753, 'privateKey', '2'), { read: false, delete: true }],
    [cred(42, 'psk', '3'), { read: false, delete: true, reason: expect.stringMatching(/secret/) }],
    [cred(2147483647, 'clientCert', '1'), { read: true, delete: true }],
    [cred(4294967292, 'nordicIdentityRootCa', '10'), { read: false, delete: false }],
  ])('%o', (c, want) => expect(credentialRules(device, c)).toMatchObject(want));

  it('says why where an action is missing, and refuses everything without a board', () => {
    expect(credentialRules(device, cred(1, 'privateKey', '2')).reason).toContain('never leave the board');
    expect(credentialRules(null, cred(1, 'caCert', '0'))).toMatchObject({ read: false, delete: false });
  });
});

describe('sortCredentials', () => {
  it('orders by sec_tag, then by type number', () => {
    const sorted = sortCredentials([
      cred(7, 'privateKey', '2'),
      cred(7, 'nordicPublicKey', '11'),
      cred(3, 'caCert', '0'),
    ]);
    expect(sorted.map((c) => `${c.secTag}/${c.deviceType}`)).toEqual(['3/0', '7/2', '7/11']);
  });
});
