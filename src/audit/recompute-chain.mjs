// An auditor's check of a KeyWire JSON Lines export with nothing but Node.js: node recompute-chain.mjs audit.jsonl
// [--station <fingerprint>]. It recomputes the hash chain and checks the station's signatures over chain heads
// (lines {"anchor":"keywire-anchor/1",...}; the station's key is in the end marker), naming the first record after
// the last valid signature. With --station, the export must be signed, to its last record, by the station with that
// key fingerprint (the one Settings shows and the team wrote down).
// Exit 0: chain intact; 1: the chain breaks, the export is cut short or a signature fails; 2: bad input (one plain
// line on stderr).
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

const usage = (why) => {
  process.stderr.write(`recompute-chain: ${why} (usage: node recompute-chain.mjs audit.jsonl)\n`);
  process.exit(2);
};
const args = process.argv.slice(2);
let expected = null;
const at = args.indexOf('--station');
if (at >= 0) {
  expected = (args[at + 1] ?? '').replace(/[\s:]/g, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(expected)) usage('--station takes the 64 hex digits of the station key fingerprint');
  args.splice(at, 2);
}
if (args.length !== 1) usage(args.length ? `expected one file, got ${args.length} arguments` : 'name the export file');
if (args[0].startsWith('-')) usage(`unknown option ${args[0]}`);
let text;
try {
  text = readFileSync(args[0], 'utf8');
} catch (e) {
  usage(e.code === 'ENOENT' ? `no file ${args[0]}` : `cannot read ${args[0]} (${e.code ?? e.message})`);
}
const canon = (v) => {
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const members = Object.keys(v).sort();
  return `{${members.map((k) => `${JSON.stringify(k)}:${canon(v[k])}`).join(',')}}`;
};
const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
let [prev, seq, bad, end] = ['0'.repeat(64), 0, 0, null];
const anchors = [];
const hashes = new Map();
for (const [i, line] of text.split('\n').entries()) {
  if (!line.trim()) continue;
  let record;
  try {
    record = JSON.parse(line);
  } catch {
    record = null;
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record))
    usage(`line ${i + 1} of ${args[0]} is not a JSON record: is this a KeyWire JSON Lines export?`);
  if ('anchor' in record && !('prevHash' in record)) {
    anchors.push(record);
    continue;
  }
  const { hash, ...body } = record;
  if (typeof body.seq === 'number' && !hashes.has(body.seq)) hashes.set(body.seq, hash);
  if (body.end === true) end = body;
  else if (end || body.seq !== seq + 1 || body.prevHash !== prev || hash !== sha256(canon(body) + body.prevHash)) {
    console.log(`chain breaks at record ${body.seq}`);
    bad += 1;
  }
  if (body.end !== true) [prev, seq] = [hash, body.seq];
}
if (!end || end.headSeq !== seq || (seq > 0 && end.headHash !== prev)) {
  console.log(`export is truncated after record ${seq}`);
  bad += 1;
}
// Signatures: newest first, the last one that is the station's and covers the hash the chain has at its record.
const station = end?.station;
if (station || anchors.length || expected) {
  let key = null;
  let fingerprint = null;
  try {
    const der = Buffer.from(station?.key ?? '', 'hex');
    key = createPublicKey({ key: der, format: 'der', type: 'spki' });
    fingerprint = createHash('sha256').update(der).digest('hex');
  } catch {
    key = null;
  }
  let signed = 0;
  let failed = null;
  for (const a of [...anchors].sort((x, y) => y.seq - x.seq)) {
    const { sig, ...payload } = a;
    const good =
      key &&
      a.anchor === 'keywire-anchor/1' &&
      hashes.get(a.seq) === a.hash &&
      typeof sig === 'string' &&
      verify(
        'sha256',
        Buffer.from(canon(payload), 'utf8'),
        { key, dsaEncoding: 'ieee-p1363' },
        Buffer.from(sig, 'hex'),
      );
    if (good) {
      signed = a.seq;
      break;
    }
    failed ??= a.seq;
  }
  if (!key) console.log('the export carries no usable station key');
  else console.log(`station key fingerprint ${fingerprint}`);
  if (failed !== null) {
    console.log(`signature over record ${failed} fails: records after ${signed} are not covered by a valid signature`);
    bad += 1;
  } else if (signed < seq) {
    console.log(signed ? `records ${signed + 1} to ${seq} are not signed` : 'no record is signed');
  } else {
    console.log(`signed by the station up to record ${signed}`);
  }
  if (!key && anchors.length) bad += 1;
  if (expected && (fingerprint !== expected || signed < seq)) {
    console.log(
      fingerprint === expected
        ? `not every record is signed by station ${expected}`
        : `not signed by station ${expected}`,
    );
    bad += 1;
  }
}
console.log(bad ? `${bad} problem(s)` : `chain intact: ${seq} records, head ${prev}`);
process.exit(bad ? 1 : 0);
