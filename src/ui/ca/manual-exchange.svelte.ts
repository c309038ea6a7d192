// Layer: views (CA). State behind the manual exchange panel the provisioning flow shows while a ManualSource waits:
// download the CSR, then paste, drop or pick the certificate. Input that is refused is explained; a pasted
// private key is wiped from the text box at once.
import type { ManualSource, PendingExchange } from '../../ca/manual.ts';
import { MAX_CERTIFICATE_INPUT } from '../../ca/certificate-input.ts';
import { saveText } from '../download.ts';

export class ManualExchangeView {
  pending = $state.raw<PendingExchange | null>(null);
  text = $state('');
  error = $state.raw('');
  accepted = $state.raw('');
  downloaded = $state.raw(false);
  readonly #source: ManualSource;

  constructor(source: ManualSource) {
    this.#source = source;
    this.pending = source.pending;
  }

  /** Follows the source; returns the unsubscribe for $effect's cleanup. */
  connect(): () => void {
    this.pending = this.#source.pending;
    return this.#source.onChange(() => {
      const next = this.#source.pending;
      if (next !== this.pending) {
        this.error = '';
        if (next) this.accepted = '';
        this.downloaded = false;
      }
      this.pending = next;
    });
  }

  downloadCsr(): void {
    const p = this.pending;
    if (!p) return;
    saveText(p.csrFileName, p.csrPem, 'application/pkcs10');
    this.downloaded = true;
  }

  #supply(input: string | Uint8Array, from: string): void {
    const r = this.#source.supply(input);
    if (r.ok) {
      this.error = '';
      this.text = '';
      this.accepted = `Received ${r.value.certificates} certificate${r.value.certificates === 1 ? '' : 's'} from ${from}; checking before anything is written.`;
      return;
    }
    if (r.error.code === 'private-key') this.text = '';
    this.error = r.error.message;
  }

  submitText(): void {
    this.#supply(this.text, 'the pasted text');
  }

  async submitFile(file: File): Promise<void> {
    if (file.size > MAX_CERTIFICATE_INPUT) {
      this.error = `${file.name} is ${file.size} bytes; a certificate or chain is a few kilobytes.`;
      return;
    }
    this.#supply(new Uint8Array(await file.arrayBuffer()), file.name);
  }

  /** A drop: a file if there is one, else dragged text. */
  async drop(data: DataTransfer | null): Promise<void> {
    const file = data?.files?.[0];
    if (file) return this.submitFile(file);
    const text = data?.getData('text/plain') ?? '';
    if (text) this.#supply(text, 'the dropped text');
    else this.error = 'Nothing usable was dropped: drop a .pem, .crt, .cer, .der or .p7b file.';
  }

  cancel(): void {
    this.#source.cancel();
  }
}
