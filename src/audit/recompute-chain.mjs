// An auditor's check of a KeyWire JSON Lines export with nothing but Node.js: node recompute-chain.mjs audit.jsonl
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
const canon = (v) =>
  Array.isArray(v) ? `[${v.map(canon).join(',')}]`
  : v !== null && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canon(v[k])}`).join(',')}}`
  : JSON.stringify(v);
let prev = '0'.repeat(64), seq = 0, bad = 0, end = null;
for (const line of readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.trim())) {
  const { hash, ...body } = JSON.parse(line);
  if (body.end === true) { end = body; continue; }
  const want = createHash('sha256').update(canon(body) + body.prevHash, 'utf8').digest('hex');
  if (end || body.seq !== seq + 1 || body.prevHash !== prev || hash !== want) { console.log(`chain breaks at record ${body.seq}`); bad++; }
  prev = hash; seq = body.seq;
}
if (!end || end.headSeq !== seq || (seq > 0 && end.headHash !== prev)) { console.log(`export is truncated after record ${seq}`); bad++; }
console.log(bad ? `${bad} problem(s)` : `chain intact: ${seq} records, head ${prev}`);
process.exit(bad ? 1 : 0);
