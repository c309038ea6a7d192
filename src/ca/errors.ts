// Layer: CA clients. Building `CaError` values and shortening what a server said so the UI can show it in one
// glance. Messages never hold credentials: callers pass only URLs without userinfo and server text.
import { err, type Err } from '../lib/result.ts';
import type { CaError, CaErrorCode } from './types.ts';

export function caError(
  code: CaErrorCode,
  message: string,
  extra: { status?: number; detail?: string } = {},
): Err<CaError> {
  return err({
    code,
    message,
    ...(extra.status !== undefined ? { status: extra.status } : {}),
    ...(extra.detail ? { detail: extra.detail } : {}),
  });
}

/** Server text for a human: markup dropped, whitespace collapsed, cut at `max` characters with an ellipsis. */
export function shortText(text: string, max = 300): string {
  const plain = text
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain;
}

/** The message of a JSON error body ({"error": "..."} / {"message": "..."} / {"detail": "..."}), else the text. */
export function serverSays(body: string, contentType: string): string {
  if (/json/i.test(contentType) || /^\s*\{/.test(body)) {
    try {
      const j: unknown = JSON.parse(body);
      if (j && typeof j === 'object') {
        for (const key of ['message', 'error_description', 'error', 'detail', 'reason']) {
          const v = (j as Record<string, unknown>)[key];
          if (typeof v === 'string' && v.trim()) return shortText(v);
          if (v && typeof v === 'object' && typeof (v as Record<string, unknown>).message === 'string')
            return shortText((v as Record<string, string>).message!);
        }
      }
    } catch {
      /* not JSON after all: fall through to the text */
    }
  }
  return shortText(body);
}

/** Host and port of a URL for messages (never the path, which may carry a token in odd setups). */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}
