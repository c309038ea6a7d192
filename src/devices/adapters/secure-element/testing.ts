// Test support (tests only): an emulated STSAFE-A110 board on an in-process cable, detected by the adapter.
import { StsafeBoard } from '../../emulator/stsafe/stsafe-board.ts';
import { STSAFE_FACTORY_BOARDS } from '../../emulator/stsafe/stsafe-factory.ts';
import { StsafeStream } from '../../emulator/stsafe/stsafe-stream.ts';
import type { SecureElementDevice } from './device.ts';
import { detectSecureElement } from './driver.ts';

export interface ConnectedSe {
  readonly device: SecureElementDevice;
  readonly board: StsafeBoard;
  readonly stream: StsafeStream;
  /** Request lines the host sent since the last call, verbs and arguments without sequence numbers. */
  sent(): string[];
}

export async function connectEmulatedSe(seed = 1): Promise<ConnectedSe> {
  const board = new StsafeBoard({ factory: STSAFE_FACTORY_BOARDS[0]!, seed });
  const stream = new StsafeStream(board);
  let lines: string[] = [];
  stream.onTap((e) => {
    if (e.dir === 'tx') lines.push(new TextDecoder().decode(e.bytes).trim().split(' ').slice(1).join(' '));
  });
  const found = await detectSecureElement(stream, { probeTimeoutMs: 1000 });
  if (!found.ok || !found.value) throw new Error(`detect failed: ${found.ok ? 'not claimed' : found.error.message}`);
  lines = [];
  return {
    device: found.value,
    board,
    stream,
    sent: () => {
      const out = lines;
      lines = [];
      return out;
    },
  };
}
