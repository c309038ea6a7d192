// inspect on board output that is not a bare certificate (`%CMNG` list and read answers, Zephyr `cred list` and
// `cred get`), on private keys in any armour, and the chains pasted certificates form: links checked by signature,
// the missing issuer named. Material is made by openssl at test time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { inspectInput } from './inspect.ts';
import { inspectListing, listingText } from './inspect-listing.ts';
import { CA_EXT, LEAF_EXT, OpensslLab, type Issued } from './openssl-fixtures.ts';
import { fromBase64, toBase64 } from '../lib/bytes.ts';
import { nrf91Vectors as v } from '../test-vectors.ts';
import type { InspectReport } from './crypto-types.ts';

let lab: OpensslLab;
let root: Issued;
let inter: Issued;
let leaf: Issued;
let stranger: Issued;
const pemDer = (pem: string) => fromBase64(pem.replace(/-----[^-]+-----/g, ''))!;
const sha256Hex = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex').toUpperCase();

beforeAll(() => {
  lab = new OpensslLab();
  root = lab.root('Root');
  inter = lab.issue('Inter', root, { ext: CA_EXT(0) });
  leaf = lab.issue('dev-1', inter, { ext: LEAF_EXT });
  // Same issuer name as the real intermediate, another key: a link that must not verify.
  const otherRoot = lab.root('Other Root');
  stranger = lab.issue('Inter', otherRoot, { ext: CA_EXT(0) });
});
afterAll(() => lab?.cleanup());

async function report(input: string | Uint8Array): Promise<InspectReport> {
  const r = await inspectInput(input);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

describe('inspect: credential listings and read answers', () => {
  it('%CMNG list answer: every slot with type and SHA-256, one object', async () => {
    const sha = sha256Hex(leaf.pem);
    const r = await report(`AT%CMNG=1\r\n%CMNG: 16842753,0,"${'A1'.repeat(32)}"\r\n%CMNG: 42,1,"${sha}"\r\nOK\r\n`);
    expect(r.objects.map((o) => o.kind)).toEqual(['credentialList']);
    const list = r.objects[0]!;
    if (list.kind !== 'credentialList') throw new Error('not a list');
    expect(list.family).toBe('nrf91');
    expect(list.entries).toEqual([
      { secTag: 16842753, type: '0', digest: 'A1'.repeat(32), status: null },
      { secTag: 42, type: '1', digest: sha, status: null },
    ]);
  });

  it('Zephyr cred list: rows with base64 digest and status, a failed row noted', async () => {
    const d = toBase64(createHash('sha256').update('x').digest());
    const r = await report(`uart:~$ cred list\n1,CA_CERT,${d},0\n2,PK,${d},-22\n2 credentials found.\nuart:~$ `);
    const list = r.objects[0]!;
    if (list.kind !== 'credentialList') throw new Error(`not a list: ${list.kind}`);
    expect(list.family).toBe('zephyr-tls-shell');
    expect(list.entries.map((e) => [e.secTag, e.type, e.status])).toEqual([
      [1, 'CA_CERT', 0],
      [2, 'PK', -22],
    ]);
    expect(list.notes.join(' ')).toMatch(/1 credential\(s\) listed with an error status/);
  });

  it('%CMNG read answer: the certificate carries the sec_tag and type it was read from', async () => {
    const body = leaf.pem.replace(/\r?\n$/, '');
    const r = await report(`%CMNG: 42,1,"${sha256Hex(leaf.pem)}","${body}\n"\r\nOK\r\n`);
    expect(r.objects[0]).toMatchObject({
      kind: 'certificate',
      source: { stored: { family: 'nrf91', secTag: 42, cmngType: 1 } },
    });
  });

  it('cred get … bint: wrapped base64 lines between shell prompts read as one certificate', async () => {
    const b64 = toBase64(pemDer(leaf.pem));
    const wrapped = b64.match(/.{1,64}/g)!.join('\n');
    const r = await report(`uart:~$ cred get 1 CLIENT_CERT bint\n${wrapped}\nuart:~$ `);
    expect(r.objects.map((o) => o.kind)).toEqual(['certificate']);
    expect(r.objects[0]).toMatchObject({ subject: { commonName: 'dev-1' } });
  });
});

describe('inspect: private keys are refused in every armour', () => {
  it('PKCS#8 PEM, and an encrypted legacy PEM key, are private keys with nothing of them kept', async () => {
    const key = readFileSync(leaf.keyPath, 'utf8');
    const legacy =
      '-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\nAAAA\n-----END EC PRIVATE KEY-----\n';
    const r = await report(`${key}\n${legacy}`);
    expect(r.objects.map((o) => o.kind)).toEqual(['privateKey', 'privateKey']);
    const body = key.replace(/-----[^-]+-----|\s/g, '');
    expect(JSON.stringify(r)).not.toContain(body.slice(10, 60));
    expect(r.objects[1]).toMatchObject({ format: 'PEM "EC PRIVATE KEY"' });
  });
});

describe('inspect: the chain diagram of pasted certificates', () => {
  it('leaf and intermediate: both links named, signature verified, root missing with its name', async () => {
    const r = await report(`${leaf.pem}${inter.pem}`);
    expect(r.chains).toEqual([
      {
        members: [0, 1],
        links: [{ signature: 'valid', keyId: expect.stringMatching(/match|absent/) }],
        end: { kind: 'missing', issuer: 'CN=Root', authorityKeyId: expect.anything() },
      },
    ]);
  });

  it('the whole chain in any order ends at a root whose self-signature verifies', async () => {
    const r = await report(`${root.pem}${leaf.pem}${inter.pem}`);
    expect(r.chains).toHaveLength(1);
    expect(r.chains[0]!.members).toEqual([1, 2, 0]);
    expect(r.chains[0]!.links.map((l) => l.signature)).toEqual(['valid', 'valid']);
    expect(r.chains[0]!.end).toEqual({ kind: 'root', selfSignatureValid: true });
  });

  it('an intermediate with the right name but another key is not taken for the issuer: still missing', async () => {
    const r = await report(`${leaf.pem}${stranger.pem}`);
    const chain = r.chains.find((c) => c.members[0] === 0)!;
    expect(chain.members).toEqual([0]);
    expect(chain.end).toMatchObject({ kind: 'missing', issuer: 'CN=Inter' });
  });

  it('the verifying issuer wins over a same-name impostor', async () => {
    const r = await report(`${leaf.pem}${stranger.pem}${inter.pem}`);
    const chain = r.chains.find((c) => c.members[0] === 0)!;
    expect(chain.members).toEqual([0, 2]);
    expect(chain.links[0]!.signature).toBe('valid');
  });

  it('one certificate, or roots alone, make no chain', async () => {
    expect((await report(leaf.pem)).chains).toEqual([]);
    expect((await report(`${root.pem}${lab.root('Another').pem}`)).chains).toEqual([]);
  });
});

describe('inspectListing: the report for a paged view', () => {
  it('every object as JSON in one UTF-8 byte array, cut at its end: the same facts without der / pem / spki bytes', async () => {
    const full = await report(`${leaf.pem}${inter.pem}${v1PublicKey()}`);
    const listing = inspectListing(full);
    expect(listing.kinds).toEqual(['certificate', 'certificate', 'publicKey']);
    expect(listing.chains).toEqual(full.chains);
    expect(listing.json).toBeInstanceOf(Uint8Array);
    expect(listing.ends).toHaveLength(3);
    expect(listing.ends.at(-1)).toBe(listing.json.length);
    const parsed = [0, 1, 2].map((i) => JSON.parse(listingText(listing, i)!) as Record<string, unknown>);
    for (const o of parsed) for (const k of ['der', 'pem', 'spki']) expect(o).not.toHaveProperty(k);
    expect(parsed.map((o) => o['kind'])).toEqual(listing.kinds);
    expect(parsed[0]).toMatchObject({ kind: 'certificate', sha256: (full.objects[0] as { sha256: string }).sha256 });
    expect(new TextDecoder().decode(listing.json)).not.toContain('BEGIN CERTIFICATE');
    expect([listingText(listing, 3), listingText(listing, -1), listingText(listing, 0.5)]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('text that is not ASCII survives: the ends are byte offsets', async () => {
    const full = await report(`${lab.root('Zürich Wurzel ✓').pem}${leaf.pem}`);
    const listing = inspectListing(full);
    const first = JSON.parse(listingText(listing, 0)!) as { subject: { commonName: string } };
    expect(first.subject.commonName).toMatch(/[^\x00-\x7f]/);
    expect(first.subject).toEqual((full.objects[0] as { subject: unknown }).subject);
    expect(listing.json.length).toBeGreaterThan(listingText(listing, 0)!.length + listingText(listing, 1)!.length);
    expect(JSON.parse(listingText(listing, 1)!)).toMatchObject({ subject: { commonName: 'dev-1' } });
  });
});

function v1PublicKey(): string {
  return lab.run(['pkey', '-in', leaf.keyPath, '-pubout']);
}

describe('inspect progress', () => {
  it('a bundle of many pieces reports progress a few times, not once per piece, and always the end', async () => {
    const seen: [number, number][] = [];
    const r = await inspectInput(leaf.pem.repeat(600), { onProgress: (d, t) => seen.push([d, t]) });
    expect(r.ok).toBe(true);
    expect(seen.at(-1)).toEqual([600, 600]);
    expect(seen.length).toBeLessThan(60);
  });
});

describe('inspect: the %KEYGEN card compares the CSR CN with the UUID the modem signed', () => {
  it('the default subject carries the UUID; another subject is named', async () => {
    const same = await report(v.keygen_csr_uuid_cn.response_payload);
    expect(same.objects[0]!.notes).toContain("The CSR's CN is the device UUID the modem signed.");
    const other = await report(v.keygen_wire_lines[1]!);
    expect(other.objects[0]!.notes.join(' ')).toMatch(/The CSR's CN \(nrf-\d+\) is not the device UUID/);
  });
});
