// Layer: crypto worker entry. Runs in a module Web Worker (Vite worker.format 'es'); exposes the API with comlink.
// Lab CA keys live in IndexedDB (`keywire-lab-ca`) as non-extractable CryptoKeys created or imported here.
import 'reflect-metadata'; // first, for @peculiar/x509 (tsyringe) should any module here pull it in
import { expose } from 'comlink';
import { createCryptoApi } from './crypto-api.ts';
import { IdbLabCaStore } from './lab-ca-store.ts';

const api = createCryptoApi(new IdbLabCaStore());
export type CryptoApi = typeof api;
expose(api);
