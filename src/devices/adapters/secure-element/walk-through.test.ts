// The adapter speaks the document: provisioning through the adapter sends exactly the requests of the walk-through
// in docs/secure-element-protocol.md (section 9), numbers included, and gets the answers the document shows.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { fromHex } from '../../../lib/bytes.ts';
import { toPem } from '../../../pki/pem.ts';
import { exampleBlocks } from '../../emulator/stsafe/doc-exchanges.ts';
import { StsafeBoard } from '../../emulator/stsafe/stsafe-board.ts';
import { STSAFE_FACTORY_BOARDS } from '../../emulator/stsafe/stsafe-factory.ts';
import { StsafeStream } from '../../emulator/stsafe/stsafe-stream.ts';
import { detectSecureElement } from './driver.ts';

const DOC = readFileSync(new URL('../../../../docs/secure-element-protocol.md', import.meta.url), 'utf8');

it('provisions with exactly the requests and answers of the protocol document’s walk-through', async () => {
  const blocks = exampleBlocks(DOC.slice(DOC.indexOf('## 9. Walk-through')));
  const walk = [blocks[0]!];
  for (const block of blocks.slice(1)) {
    if (!block.continues) break;
    walk.push(block);
  }
  const exchanges = walk.flatMap((b) => b.exchanges);
  const sent = (verb: string) => exchanges.filter((e) => e.send.split(' ')[1] === verb).map((e) => e.send.split(' '));
  const certificate = fromHex(
    sent('ZWRITE')
      .map((words) => words[4])
      .join(''),
  )!;
  const [challenge, csrDigest] = [sent('SIGN')[1]![3]!, sent('SIGN')[0]![3]!];

  const board = new StsafeBoard({ factory: STSAFE_FACTORY_BOARDS[0]!, seed: 1 });
  const stream = new StsafeStream(board);
  const wire: string[] = [];
  stream.onTap((e) =>
    wire.push(
      ...new TextDecoder()
        .decode(e.bytes)
        .split(/\r?\n/)
        .filter(Boolean)
        .map((l) => `${e.dir} ${l}`),
    ),
  );
  wire.length = 0;
  const found = await detectSecureElement(stream, { probeTimeoutMs: 1000 });
  if (!found.ok || !found.value) throw new Error('not detected');
  const device = found.value;
  expect(await device.slotKeys.read(1)).toEqual({ ok: true, value: null });
  const key = await device.slotKeys.generate(1, 'P-256');
  expect(key.ok).toBe(true);
  expect((await device.signer!.sign(1, fromHex(csrDigest)!)).ok).toBe(true);
  expect((await device.signer!.sign(1, fromHex(challenge)!)).ok).toBe(true);
  const written = await device.credentials.write(1, 'clientCert', toPem('CERTIFICATE', certificate));
  if (!written.ok) throw new Error(written.error.message);

  const expected = exchanges.flatMap((e) => [`tx ${e.send}`, ...e.expect.map((a) => `rx ${a}`)]);
  expect(wire).toEqual(expected);
});
