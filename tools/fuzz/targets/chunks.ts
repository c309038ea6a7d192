// Fuzz harness: received bytes cut into chunks at boundaries taken from the input itself (1 to 97 bytes), so a replay
// cuts it the same way: how a serial port delivers an answer in reads of any size.
export function chunks(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = 1 + ((bytes[k % bytes.length]! * 7 + k) % 97);
    out.push(bytes.subarray(at, at + n));
    at += n;
  }
  return out;
}
