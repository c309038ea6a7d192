// Layer: views (CA). State behind the lab CA panel: the CAs in this browser (through the crypto worker), one-click
// creation (name, curve P-256 by default, optional intermediate), import of a PEM certificate + PKCS#8/SEC1 key
// (the key text is dropped from memory as soon as the worker has it), select, delete after a confirmation, and
// export of the CA certificate chain as PEM.
import { appCrypto as cryptoClient } from '../../app/wiring.ts';
import type { CryptoClient } from '../../workers/crypto-client.ts';
import type { CryptoError } from '../../pki/crypto-types.ts';
import type { LabCaCurve, LabCaSummary } from '../../ca/lab-ca-types.ts';
import { toBase64 } from '../../lib/bytes.ts';
import { saveText } from '../download.ts';
import { labErrorText } from './messages.ts';

/** A file name part from a free-text name ("Bench CA" -> "Bench-CA"). */
const fileSafe = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-|-$/g, '') || 'ca';

export class LabCaPanelState {
  cas = $state.raw<readonly LabCaSummary[]>([]);
  loaded = $state.raw(false);
  busy = $state.raw(false);
  message = $state.raw('');
  error = $state.raw('');
  name = $state('Bench CA');
  curve = $state<LabCaCurve>('P-256');
  withIntermediate = $state(false);
  importing = $state.raw(false);
  importName = $state('Imported CA');
  importCertificate = $state('');
  importKey = $state<string | Uint8Array>('');
  confirmingDelete = $state.raw<string | null>(null);
  readonly #client: CryptoClient;

  constructor(client: CryptoClient = cryptoClient()) {
    this.#client = client;
  }

  get selected(): LabCaSummary | null {
    return this.cas.find((c) => c.selected) ?? null;
  }

  #fail(e: CryptoError): void {
    this.error = labErrorText(e);
    this.message = '';
  }

  async refresh(): Promise<void> {
    const r = await this.#client.listCas();
    if (!r.ok) return this.#fail(r.error);
    this.cas = r.value;
    this.loaded = true;
  }

  async #run(work: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = '';
    try {
      await work();
    } finally {
      this.busy = false;
    }
  }

  create(): Promise<void> {
    return this.#run(async () => {
      const r = await this.#client.createCa({
        name: this.name,
        curve: this.curve,
        withIntermediate: this.withIntermediate,
      });
      if (!r.ok) return this.#fail(r.error);
      await this.refresh();
      this.message = `Lab CA "${r.value.name}" created${r.value.selected ? ' and chosen for provisioning' : ''}.`;
    });
  }

  async readFile(file: File, into: 'certificate' | 'key'): Promise<void> {
    if (file.size > 1024 * 1024) {
      this.error = `${file.name} is ${file.size} bytes; a certificate or key file is a few kilobytes.`;
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    const isText = !/[\u0000-\u0008\u000e-\u001f]/.test(text.slice(0, 4096));
    if (into === 'certificate') this.importCertificate = isText ? text : toBase64(bytes);
    else this.importKey = isText ? text : bytes;
  }

  importCa(): Promise<void> {
    return this.#run(async () => {
      const key = this.importKey;
      // The key is handed to the worker and forgotten here at once, whatever the outcome.
      this.importKey = '';
      const r = await this.#client.importCa({
        name: this.importName,
        certificate: this.importCertificate,
        privateKey: key,
      });
      if (!r.ok) return this.#fail(r.error);
      this.importCertificate = '';
      this.importing = false;
      await this.refresh();
      this.message = `Lab CA "${r.value.name}" imported; its key is now non-extractable in this browser.`;
    });
  }

  select(id: string): Promise<void> {
    return this.#run(async () => {
      const r = await this.#client.selectCa(id);
      if (!r.ok) {
        await this.refresh();
        return this.#fail(r.error);
      }
      await this.refresh();
      this.message = `Provisioning now uses "${r.value.name}".`;
    });
  }

  askDelete(id: string): void {
    this.confirmingDelete = id;
  }
  keep(): void {
    this.confirmingDelete = null;
  }

  remove(id: string): Promise<void> {
    this.confirmingDelete = null;
    return this.#run(async () => {
      const r = await this.#client.deleteCa(id);
      await this.refresh();
      if (!r.ok) return this.#fail(r.error);
      this.message = `Lab CA "${r.value.deleted}" deleted. Certificates it issued stay valid until they expire.`;
    });
  }

  exportCertificate(ca: LabCaSummary): Promise<void> {
    return this.#run(async () => {
      const r = await this.#client.exportCa(ca.id);
      if (!r.ok) return this.#fail(r.error);
      saveText(`${fileSafe(ca.name)}-ca.pem`, r.value.pem, 'application/x-pem-file');
      this.message = `Saved ${fileSafe(ca.name)}-ca.pem (${ca.hasIntermediate ? 'issuing CA and root' : 'root'} certificate, no key).`;
    });
  }
}
