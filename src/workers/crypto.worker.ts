// Layer: crypto worker entry. Runs in a module Web Worker (Vite worker.format 'es'); exposes the API with comlink.
// Lab CA keys live in IndexedDB (`keywire-lab-ca`) as non-extractable CryptoKeys created or imported here.
import 'reflect-metadata'; // first, for @peculiar/x509 (tsyringe) should any module here pull it in
import { expose, transfer } from 'comlink';
import { createCryptoApi } from './crypto-api.ts';
import { IdbLabCaStore } from './lab-ca-store.ts';

const base = createCryptoApi(new IdbLabCaStore());
const api: typeof base = {
  ...base,
  // The listing's bytes (4.4 MB for 3000 certificates) are transferred, not copied: the page takes them in no time
  // instead of copying them in the task that receives the answer.
  async inspectListing(...args) {
    const r = await base.inspectListing(...args);
    return r.ok ? transfer(r, [r.value.json.buffer]) : r;
  },
};
export type CryptoApi = typeof api;
expose(api);
