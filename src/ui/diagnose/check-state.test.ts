// The state classes behind the health check, broker check and report panels, with the runners injected: progress
// and cancel, results kept with the board they were made for (after Disconnect too, flagged when another board is
// connected), the sec_tag a broker check suggests, input checks before running, the report's refusal versus its
// downloads, and a report whose sections are about different boards saying so.
import { describe, expect, it } from 'vitest';
import { decode } from '../../diagnose/decode/decode.ts';
import { checkHealth } from '../../diagnose/health/check.ts';
import { checkBroker } from '../../diagnose/broker/check.ts';
import { brokerProfile } from '../../diagnose/broker/profiles.ts';
import { TLS_STACKS } from '../../diagnose/broker/stacks.ts';
import type { BrokerReport } from '../../diagnose/broker/types.ts';
import type { HealthFacts, HealthReport } from '../../diagnose/health/types.ts';
import type { Device, DeviceIdentity, StoredCredential } from '../../devices/device.ts';
import { err, ok } from '../../lib/result.ts';
import { BrokerState, type BrokerBoard } from './broker-state.svelte.ts';
import { HealthState, type HealthBoard, type HealthRunner } from './health-state.svelte.ts';
import { ReportState } from './report-state.svelte.ts';

const IMEI: Record<string, string> = { 'u-2': '352656100402257' };
const identity = (deviceId: string): DeviceIdentity => ({
  family: 'nrf91',
  deviceId,
  manufacturer: 'Nordic Semiconductor ASA',
  model: 'nRF9160-SICA',
  firmware: 'mfw_nrf9160_1.3.5',
  imei: IMEI[deviceId] ?? '352656100402240',
});
const device = { family: 'nrf91', limits: { pemLineEnding: 'lf' } } as unknown as Device;

function healthReport(deviceId: string): HealthReport {
  const facts: HealthFacts = {
    identity: identity(deviceId),
    family: 'nrf91',
    limits: { pemLineEnding: 'lf' },
    listsKeys: true,
    checkedAt: Date.parse('2026-11-21T10:00:00Z'),
    clock: { status: 'unknown', reason: 'test' },
    items: [],
    clientCerts: [],
    userCa: [],
  };
  return checkHealth(facts);
}

describe('HealthState', () => {
  it('runs on the connected board with progress; keeps the report, with its board, after Disconnect too', async () => {
    const board: HealthBoard & { identity: DeviceIdentity | null } = {
      phase: 'connected',
      device,
      identity: identity('u-1'),
      at: null,
    };
    const seen: number[] = [];
    const run: HealthRunner = async (input) => {
      input.onProgress?.('Reading', 0.5);
      seen.push(1);
      return ok(healthReport(input.identity.deviceId));
    };
    const s = new HealthState(board, { run, deps: () => ({ crypto: {} as never }) });
    expect(s.canRun).toBe(true);
    await s.run();
    expect(seen).toEqual([1]);
    expect(s.status).toBe('done');
    expect(s.report?.identity.deviceId).toBe('u-1');
    expect(s.aboutOtherBoard).toBe(false);
    board.identity = identity('u-2');
    expect(s.report?.identity.deviceId).toBe('u-1');
    expect(s.aboutOtherBoard).toBe(true);
    Object.assign(board, { phase: 'idle', device: null, identity: null });
    expect(s.report?.identity.deviceId).toBe('u-1');
    expect(s.aboutOtherBoard).toBe(true);
  });

  it('cannot run without a connected board; a cancelled run says nothing was changed', async () => {
    const idle = new HealthState({ phase: 'idle', device: null, identity: null, at: null });
    expect(idle.canRun).toBe(false);
    const run: HealthRunner = (input) =>
      new Promise((resolve) =>
        input.signal?.addEventListener('abort', () =>
          resolve(err({ code: 'aborted', message: 'cancelled', action: '' })),
        ),
      );
    const s = new HealthState(
      { phase: 'connected', device, identity: identity('u-1'), at: null },
      { run, deps: () => ({ crypto: {} as never }) },
    );
    const running = s.run();
    expect(s.running).toBe(true);
    s.cancel();
    await running;
    expect(s.status).toBe('idle');
    expect(s.error?.message).toContain('Nothing was changed on the board');
  });

  it('a failure keeps its plain message and what to do', async () => {
    const run: HealthRunner = async () =>
      err({ code: 'device', message: 'Listing the credentials failed: no answer', action: 'Check the cable.' });
    const s = new HealthState(
      { phase: 'connected', device, identity: identity('u-1'), at: null },
      { run, deps: () => ({ crypto: {} as never }) },
    );
    await s.run();
    expect(s.status).toBe('failed');
    expect(s.error).toEqual({ message: 'Listing the credentials failed: no answer', action: 'Check the cable.' });
  });
});

const cred = (secTag: number, kind: StoredCredential['kind']): StoredCredential => ({ secTag, kind, deviceType: '0' });

describe('BrokerState', () => {
  const board = (items: StoredCredential[] | null): BrokerBoard => ({
    phase: 'connected',
    device,
    identity: identity('u-1'),
    credentials: { items },
  });

  it('suggests the sec_tag holding both a CA and a client certificate; ignores modem tags', () => {
    const s = new BrokerState(
      board([cred(7, 'caCert'), cred(42, 'caCert'), cred(42, 'clientCert'), cred(4294967292, 'nordicIdentityRootCa')]),
    );
    expect(s.tags).toEqual([7, 42]);
    expect(s.secTag).toBe(42);
    s.chosenTag = 7;
    expect(s.secTag).toBe(7);
    s.chosenTag = 99;
    expect(s.secTag).toBe(42);
  });

  it('without a board it needs the pasted CA; a bad host blocks the run', () => {
    const s = new BrokerState({ phase: 'idle', device: null, identity: null, credentials: { items: null } });
    expect(s.canRun).toBe(false);
    s.pastedCa = '-----BEGIN CERTIFICATE-----';
    expect(s.canRun).toBe(true);
    s.host = 'not a host';
    expect(s.hostProblem).not.toBeNull();
    expect(s.canRun).toBe(false);
    s.host = 'mqtts://broker.example.com:8883';
    expect(s.canRun).toBe(true);
  });

  it('passes the board, sec_tag, host and device id to the check', async () => {
    let seen: unknown = null;
    const s = new BrokerState(board([cred(42, 'caCert')]), {
      run: async (input) => {
        seen = { tag: input.board?.secTag, host: input.host, id: input.deviceId, profile: input.profile.id };
        return err({ code: 'input', message: 'No certificate was found in the pasted text.', action: 'Paste it.' });
      },
      deps: () => ({ crypto: {} as never }),
    });
    s.profileId = 'azure-iot-hub';
    s.host = 'Hub.azure-devices.net';
    s.deviceId = ' dev-1 ';
    await s.run();
    expect(seen).toEqual({ tag: 42, host: 'hub.azure-devices.net', id: 'dev-1', profile: 'azure-iot-hub' });
    expect(s.status).toBe('failed');
    expect(s.error?.action).toBe('Paste it.');
  });
});

function brokerReport(deviceId: string | null): BrokerReport {
  return checkBroker({
    profile: brokerProfile('aws-iot'),
    stack: TLS_STACKS['nrf91-modem'],
    limits: { pemLineEnding: 'lf' },
    identity: deviceId ? identity(deviceId) : null,
    secTag: deviceId ? 42 : null,
    caSource: deviceId ? 'board' : 'pasted',
    boardCas: [],
    clientCert: null,
    clientExtra: [],
    pasted: null,
    host: null,
    deviceId: null,
    checkedAt: Date.parse('2026-11-21T10:00:00Z'),
  });
}

describe('BrokerState keeps the board its report was made for', () => {
  it('the report names the board; another board connected later is flagged', async () => {
    const board: BrokerBoard & { identity: DeviceIdentity | null } = {
      phase: 'connected',
      device,
      identity: identity('u-1'),
      credentials: { items: [cred(42, 'caCert')] },
    };
    const s = new BrokerState(board, {
      run: async (input) => ok(brokerReport(input.board?.identity.deviceId ?? null)),
      deps: () => ({ crypto: {} as never }),
    });
    await s.run();
    expect(s.report?.board?.deviceId).toBe('u-1');
    expect(s.aboutOtherBoard).toBe(false);
    board.identity = identity('u-2');
    expect(s.aboutOtherBoard).toBe(true);
  });
});

describe('ReportState', () => {
  it('exports each section with the board it was made for and warns when they differ; keeps the health check after Disconnect', () => {
    const files: Record<string, string> = {};
    let connected: DeviceIdentity | null = identity('u-2');
    const s = new ReportState(
      {
        board: () => connected,
        health: () => healthReport('u-1'),
        broker: () => brokerReport('u-2'),
        decoded: () => [],
        timeline: () => null,
      },
      (name, text) => (files[name.split('.').pop()!] = text),
      () => Date.parse('2026-11-21T10:00:00Z'),
    );
    s.download('json');
    const report = JSON.parse(files.json!);
    expect(report.healthCheck.board.deviceId).toBe('u-1');
    expect(report.brokerCheck.board.deviceId).toBe('u-2');
    expect(report.board.deviceId).toBe('u-1');
    expect(report.boardNotes.join(' ')).toMatch(
      /board health check is about nRF9160-SICA IMEI 352656100402240 and the broker check about nRF9160-SICA IMEI 352656100402257: they are different boards/,
    );
    s.download('html');
    expect(files.html).toContain('different boards');
    expect(files.html).toMatch(/Board health check<\/h2>\n<p class="meta">Board: nRF9160-SICA IMEI 352656100402240/);
    // After Disconnect the health check is still there, about the board it was made for.
    connected = null;
    expect(s.available.health).toBe(true);
    s.download('json');
    expect(JSON.parse(files.json!).healthCheck.board.deviceId).toBe('u-1');
  });

  it('downloads HTML and JSON of what the section has, named after the board', () => {
    const saved: string[] = [];
    const s = new ReportState(
      {
        board: () => identity('u-1'),
        health: () => healthReport('u-1'),
        broker: () => null,
        decoded: () => decode('0xc680'),
        timeline: () => null,
      },
      (name, text, type) => saved.push(`${name}|${type}|${text.length > 100}`),
      () => Date.parse('2026-11-21T10:00:00Z'),
    );
    expect(s.available).toEqual({
      health: true,
      broker: false,
      decoded: true,
      timeline: false,
      inspected: false,
      refusals: false,
    });
    s.download('html');
    s.download('json');
    expect(saved).toEqual([
      'keywire-report-u-1-20261121T100000Z.html|text/html|true',
      'keywire-report-u-1-20261121T100000Z.json|application/json|true',
    ]);
    expect(s.notice).toBe('Saved keywire-report-u-1-20261121T100000Z.json.');
  });

  it('refuses with the section named, and saves nothing', () => {
    const saved: string[] = [];
    const leaky = decode('0xc680').map((d) => ({ ...d, read: 'password=hunter2' }));
    const s = new ReportState(
      { board: () => null, health: () => null, broker: () => null, decoded: () => leaky, timeline: () => null },
      (name) => saved.push(name),
    );
    s.download('html');
    expect(saved).toEqual([]);
    expect(s.error?.found.map((f) => f.section)).toEqual(['decoded errors (decoder)']);
    s.toggle('decoded', false);
    s.download('html');
    expect(saved).toEqual([]);
    expect(s.error?.message).toContain('nothing to report');
  });
});
