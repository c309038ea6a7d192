// Layer: views (CA). The one place CA error codes and lab CA worker codes become titles and next steps for the UI.
import type { CaError, CaErrorCode } from '../../ca/types.ts';
import type { CryptoError } from '../../pki/crypto-types.ts';
import type { ErrorNoteText } from '../error-note.ts';

export function caErrorTitle(code: CaErrorCode): string {
  switch (code) {
    case 'not-configured':
      return 'The CA source is not set up yet';
    case 'network':
      return 'The CA could not be reached';
    case 'unauthorized':
      return 'The CA refused the credentials';
    case 'rejected':
      return 'The CA refused this request';
    case 'http-status':
      return 'The CA answered with an error';
    case 'bad-response':
      return "The CA's answer is not a certificate";
    case 'timeout':
      return 'The CA did not answer in time';
    case 'aborted':
      return 'Cancelled';
    case 'lab-ca-failed':
      return 'The lab CA refused';
    case 'ca-not-trusted':
      return "The CA's certificates are not confirmed";
    case 'load-failed':
      return 'This part of KeyWire could not be loaded';
  }
}

/** What to do next, in one sentence. */
export function caErrorAction(e: CaError): string {
  switch (e.code) {
    case 'not-configured':
      return 'Complete the CA settings, then try again.';
    case 'network':
      return 'Check that the server runs and the address is right. For npm run ca-server, start it with --origin set to this page.';
    case 'unauthorized':
      return 'Check the user name and password or token; ask the CA administrator whether this account may enroll.';
    case 'rejected':
      return 'Read what the CA said below: usually the subject or the key type does not fit its policy.';
    case 'http-status':
      return e.status === 404
        ? 'Check the address and the label.'
        : 'Try again in a moment; if it persists, tell the CA administrator what it said.';
    case 'bad-response':
      return 'Check the address and the answer format settings; the answer was not used.';
    case 'timeout':
      return 'Try again; if it keeps happening, raise the time limit or check the network.';
    case 'aborted':
      return 'Nothing was changed.';
    case 'lab-ca-failed':
      return 'See the reason below.';
    case 'ca-not-trusted':
      return 'Press "Fetch CA certificates" in the CA settings, compare the fingerprints with those your CA operator published, and confirm them only if they match.';
    case 'load-failed':
      return 'Reload the page.';
  }
}

/** A CA error as an error note: heading, what happened, what to do, and what the server said (folded). */
export function caErrorNote(e: CaError): ErrorNoteText {
  return {
    title: caErrorTitle(e.code),
    message: e.message,
    action: caErrorAction(e),
    details: e.detail ? { summary: `Details${e.status ? ` (HTTP ${e.status})` : ''}`, text: e.detail } : null,
  };
}

export function labErrorText(e: CryptoError): string {
  switch (e.code) {
    case 'storage-failed':
      return `The browser refused to store the lab CA (private window, or storage full): ${e.message}`;
    case 'ca-key-mismatch':
      return `The key does not fit this certificate: ${e.message}`;
    case 'malformed':
    case 'unrecognised-input':
    case 'empty-input':
      return `That could not be read: ${e.message}`;
    case 'unsupported-algorithm':
      return `Not supported: ${e.message}`;
    case 'ca-not-found':
      return 'That lab CA no longer exists (deleted in another tab?). The list was refreshed.';
    case 'bad-profile':
      return `Check the fields: ${e.message}`;
    case 'aborted':
      return 'Cancelled.';
    default:
      return `The lab CA failed: ${e.message}`;
  }
}
