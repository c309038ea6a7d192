// Layer: nRF91 adapter, its AT helpers. Runs a command through the AtClient and explains +CME codes with the
// diagnostics code table (through cme-codes.ts), and picks information lines out of answers. Everything the facets
// send goes through `run`.
import { err, type Result } from '../../../lib/result.ts';
import { deviceError, type DeviceError } from '../../errors.ts';
import type { AtClient, AtCommandOptions, AtResponse } from '../../protocols/at-client.ts';
import { parseInfoLine, unquote } from '../../protocols/at-result.ts';
import { cmeCodeInfo, describeCme } from './cme-codes.ts';

export async function run(
  at: AtClient,
  command: string,
  opts: AtCommandOptions = {},
): Promise<Result<AtResponse, DeviceError>> {
  const result = await at.send(command, opts);
  if (result.ok || result.error.final?.kind !== 'cme') return result;
  const code = result.error.final.code;
  const hint = cmeCodeInfo(code)?.hint;
  return err({
    ...result.error,
    message: `The modem answered ${describeCme(code)} to ${result.error.command}.${hint ? ` ${hint}` : ''}`,
  });
}

/** Parameters of every information line with this prefix, unquoted. */
export function infoParams(response: AtResponse, prefix: string): string[][] {
  return response.lines.flatMap((line) => {
    const info = parseInfoLine(line);
    return info?.prefix === prefix ? [info.params.map(unquote)] : [];
  });
}

/** The first line that is not a `+X:`/`%X:` line (answers like AT+CGMI's are bare). */
export const bareLine = (response: AtResponse): string | undefined =>
  response.lines.find((l) => parseInfoLine(l) === null)?.trim();

export function unexpected(command: string, what: string, response: AtResponse): DeviceError {
  const seen = response.lines.length ? `: ${response.lines.join(' | ').slice(0, 200)}` : ' (no information lines)';
  return deviceError('protocol', `Unexpected answer to ${command}, expected ${what}${seen}`, { command });
}

export const isRejection = (error: DeviceError) => error.code === 'device-rejected';
