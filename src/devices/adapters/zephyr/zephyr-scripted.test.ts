// The Zephyr adapter on scripted shell bytes: answers the emulator never gives (wrapped base64, unknown refusal
// wording, a missing count line, a corrupted read, a wrong chunk acknowledgement, no hwinfo), so every check the
// adapter makes is seen to fail when it should.
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../lib/bytes.ts';
import { reply, scriptShell, zephyrAnswer, type ShellReply } from '../../protocols/testing/scripted-shell.ts';
import { SerialConnection } from '../../transport/connection.ts';
import { FakePort } from '../../transport/testing/fake-port.ts';
import { createZephyrDevice, type ZephyrCapabilities } from './device.ts';
import { zephyrDriver } from './driver.ts';

const ALL: ZephyrCapabilities = { credentialsShell: true, keygenShell: true, publicKeyExport: true };

async function scripted(answer: (command: string) => ShellReply, capabilities = ALL) {
  const port = new FakePort();
  const opened = await SerialConnection.open(port);
  if (!opened.ok) throw new Error(opened.error.message);
  const shell = scriptShell(port, answer);
  return { port, shell, connection: opened.value, device: createZephyrDevice(opened.value, { capabilities }) };
}

const answerWith =
  (table: Record<string, readonly string[]>) =>
  (command: string): ShellReply =>
    reply(zephyrAnswer(command, table[command] ?? [`${command.split(' ')[0]}: command not found`]));

describe('Zephyr adapter on scripted answers', () => {
  it('reads a CSR whose base64 continues on the following lines', async () => {
    const { device } = await scripted(
      answerWith({
        'nrf_cloud_cred keygen 7': ['Generated device key in sec tag 7'],
        'nrf_cloud_cred csr 7': ['CSR: MAMB', 'AgM=', 'CSR generation complete'],
      }),
    );
    const r = await device.keys!.generate({ secTag: 7, output: 'csr' });
    expect(r.ok && [...r.value.der]).toEqual([0x30, 0x03, 1, 2, 3]);
  });

  it('reports a key generation refusal in the board’s own words', async () => {
    const { device } = await scripted(
      answerWith({ 'nrf_cloud_cred keygen 7': ['\x1b[1;31mFailed to generate key, error: -149\x1b[m'] }),
    );
    const r = await device.keys!.generate({ secTag: 7, output: 'csr' });
    expect(!r.ok && r.error).toMatchObject({ code: 'device-rejected', rejection: 'other' });
    expect(!r.ok && r.error.message).toContain('Failed to generate key, error: -149');
  });

  it('fails a list without the "<N> credentials found." line', async () => {
    const { device } = await scripted(answerWith({ 'cred list any any': ['1,CA,AAAA,0'] }));
    expect(await device.credentials!.list()).toMatchObject({ ok: false, error: { code: 'protocol' } });
  });

  it('fails a read whose content does not hash to the listed digest', async () => {
    const digest = Buffer.from(await sha256Hex('something else'), 'hex').toString('base64');
    const { device } = await scripted(
      answerWith({
        'cred list 3 CA': [`3,CA,${digest},0`, '1 credentials found.'],
        'cred get 3 CA bint': [btoa('-----BEGIN CERTIFICATE-----\n'), 'Credential buffer cleared.'],
      }),
    );
    const r = await device.credentials!.read(3, 'caCert');
    expect(!r.ok && r.error.code).toBe('protocol');
    expect(!r.ok && r.error.message).toMatch(/does not match the digest/);
  });

  it('stops a write at a chunk the board did not store in full and clears the buffer', async () => {
    const { device, shell } = await scripted((command) => {
      if (command === 'cred buf clear') return reply(zephyrAnswer(command, []));
      if (command.startsWith('cred buf ')) return reply(zephyrAnswer(command, ['Stored 47 bytes.']));
      return reply(zephyrAnswer(command, []));
    });
    const r = await device.credentials!.write(
      1,
      'caCert',
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    );
    expect(!r.ok && r.error.code).toBe('protocol');
    expect(shell.commands.at(-1)).toBe('cred buf clear');
    expect(shell.commands.some((c) => c.startsWith('cred add'))).toBe(false);
  });

  it('cannot identify a board without hwinfo devid, and says which Kconfig option adds it', async () => {
    const { device } = await scripted(answerWith({ 'kernel version': ['Zephyr version 3.7.0'] }));
    const r = await device.identify();
    expect(!r.ok && r.error.code).toBe('unsupported');
    expect(!r.ok && r.error.message).toMatch(/CONFIG_HWINFO_SHELL/);
  });

  it('leaves a shell that is not Zephyr (kernel version unknown) to other drivers', async () => {
    const { connection } = await scripted((command) =>
      command === ''
        ? reply('\r\nsh> ')
        : reply(zephyrAnswer(command, ['kernel: command not found'], { prompt: 'sh> ' })),
    );
    expect(await zephyrDriver.detect(connection, { probeTimeoutMs: 500 })).toEqual({ ok: true, value: null });
  });

  it('finds a firmware without the cred shell and without nrf_cloud_cred: those facets are absent', async () => {
    const { connection } = await scripted((command) =>
      command === ''
        ? reply('\r\nuart:~$ ')
        : reply(
            zephyrAnswer(
              command,
              command === 'kernel version' ? ['Zephyr version 4.1.0'] : [`${command}: command not found`],
              {
                prompt: 'uart:~$ ',
              },
            ),
          ),
    );
    const r = await zephyrDriver.detect(connection, { probeTimeoutMs: 500 });
    const device = r.ok ? r.value?.device : undefined;
    expect(device?.family).toBe('zephyr-tls-shell');
    expect(device?.credentials).toBeUndefined();
    expect(device?.keys).toBeUndefined();
  });
});
