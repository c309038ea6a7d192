// An auditor's check of a KeyWire JSON Lines export with nothing but Node.js: node recompute-chain.mjs audit.jsonl
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const canon = (v) => {
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const members = Object.keys(v).sort();
  return `{${members.map((k) => `${JSON.stringify(k)}:${canon(v[k])}`).join(',')}}`;
};
const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
let [prev, seq, bad, end] = ['0'.repeat(64), 0, 0, null];
for (const line of readFileSync(process.argv[2], 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const { hash, ...body } = JSON.parse(line);
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
