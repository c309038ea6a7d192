// An auditor's check of a KeyWire JSON Lines export with nothing but Node.js: node recompute-chain.mjs audit.jsonl
// Exit 0: chain intact; 1: the chain breaks or the export is cut short; 2: bad input (one plain line on stderr).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const usage = (why) => {
  process.stderr.write(`recompute-chain: ${why} (usage: node recompute-chain.mjs audit.jsonl)\n`);
  process.exit(2);
};
const args = process.argv.slice(2);
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
  const { hash, ...body } = record;
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
console.log(bad ? `${bad} problem(s)` : `chain intact: ${seq} records, head ${prev}`);
process.exit(bad ? 1 : 0);
