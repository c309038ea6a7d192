// Fuzz harness: a serial line whose board answers every write with the same bytes (the fuzz input), for the client
// targets (AT, shell, KWSE): the connection to give the client, and close() for the end of the input.
import { SerialConnection } from '../../../src/devices/transport/connection.ts';
import { FakePort } from '../../../src/devices/transport/testing/fake-port.ts';
import { invariant } from '../target.ts';

export async function lineAnswering(
  bytes: Uint8Array,
): Promise<{ connection: SerialConnection; close(): Promise<void> }> {
  const port = new FakePort();
  const opened = await SerialConnection.open(port);
  invariant(opened.ok, 'the fake port did not open');
  port.onWrite = () => queueMicrotask(() => port.send(bytes));
  return { connection: opened.value, close: async () => void (await opened.value.close()) };
}
