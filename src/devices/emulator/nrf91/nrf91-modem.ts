// Layer: emulated nRF91, the modem behind the AT host. Holds what commands act on (identity, CMEE, functional mode
// and registration, real-time clock, credential flash, key generation time) and dispatches one parsed command to its family's
// handler. Volatile state lives here and is lost at power-off; the credential flash survives.
import type { AtCommand } from './at-command.ts';
import { errorReply, type Reply } from './at-reply.ts';
import type { EmulatorClock } from '../clock.ts';
import type { CredentialFlash } from './nrf91-credentials.ts';
import type { Nrf91Factory } from './nrf91-factory.ts';
import type { NetworkRegistration } from './nrf91-network.ts';
import type { ModemRtc } from './nrf91-rtc.ts';

export interface Nrf91Modem {
  readonly factory: Nrf91Factory;
  readonly clock: EmulatorClock;
  readonly credentials: CredentialFlash;
  readonly network: NetworkRegistration;
  /** +CCLK: no time after power-on, network time once registered, or what a host set. */
  readonly rtc: ModemRtc;
  /** Fires when the board loses power mid-command (reset, unplug): long work must stop. */
  readonly signal: AbortSignal;
  cmee: number;
  keygenMs: number;
}

export type CommandHandler = (command: AtCommand, modem: Nrf91Modem) => Reply | Promise<Reply>;

/** Handlers by command name (`+CGSN`, `%CMNG` ...); '' is the bare `AT`. */
export type CommandTable = Readonly<Record<string, CommandHandler>>;

export async function dispatch(table: CommandTable, command: AtCommand, modem: Nrf91Modem): Promise<Reply> {
  const handler = Object.hasOwn(table, command.name) ? table[command.name] : undefined;
  return handler ? handler(command, modem) : errorReply();
}
