// Layer: emulated nRF91, its flash image format: the %CMNG credentials as JSON inside the core's FlashImage envelope
// (`{"format":"keywire-nrf91-flash","version":1,"credentials":[{secTag,type,content}]}`), unchanged since the
// emulator had one family, so saved localStorage and --state files still load.
import type { FlashImage } from '../flash-store.ts';
import type { FlashCredential } from './nrf91-factory.ts';

export const NRF91_FLASH_FORMAT = 'keywire-nrf91-flash';

export const nrf91FlashImage = (credentials: readonly FlashCredential[]): FlashImage => ({
  format: NRF91_FLASH_FORMAT,
  version: 1,
  credentials: credentials.map((c) => ({ secTag: c.secTag, type: c.type, content: c.content })),
});

/** The credentials of an nRF91 image; null when the image is another format or damaged. */
export function readNrf91Flash(image: FlashImage): FlashCredential[] | null {
  const { credentials } = image;
  if (image.format !== NRF91_FLASH_FORMAT || image.version !== 1 || !Array.isArray(credentials)) return null;
  const ok = credentials.every(
    (c: unknown) =>
      typeof c === 'object' &&
      c !== null &&
      Number.isInteger((c as FlashCredential).secTag) &&
      Number.isInteger((c as FlashCredential).type) &&
      typeof (c as FlashCredential).content === 'string',
  );
  return ok ? (credentials as FlashCredential[]).map(({ secTag, type, content }) => ({ secTag, type, content })) : null;
}
