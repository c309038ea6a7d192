// Layer: diagnostics, report. Which board each part of the report is about. The health check and the broker check
// each carry the identity they were made for; a report may be built after a Disconnect or with another board
// connected, so it names the board of every section and warns when they are not the same board (a support engineer
// must never read one board's broker check as another's).
import type { DeviceIdentity } from '../../devices/device.ts';
import type { BrokerReport } from '../broker/types.ts';
import type { HealthReport } from '../health/types.ts';

/** A board as people tell boards apart: model and IMEI, else its device id. */
export const boardName = (b: DeviceIdentity): string =>
  `${b.model || b.family} ${b.imei ? `IMEI ${b.imei}` : b.deviceId}`.trim();

export interface SectionBoard {
  /** The section in the words the report uses. */
  readonly section: 'board health check' | 'broker check';
  readonly board: DeviceIdentity;
}

export function sectionBoards(health: HealthReport | null, broker: BrokerReport | null): SectionBoard[] {
  return [
    ...(health ? [{ section: 'board health check' as const, board: health.identity }] : []),
    ...(broker?.board ? [{ section: 'broker check' as const, board: broker.board }] : []),
  ];
}

/** Warnings for the top of the report: sections about different boards, or about another board than the one connected. */
export function boardNotes(
  connected: DeviceIdentity | null,
  health: HealthReport | null,
  broker: BrokerReport | null,
): string[] {
  const sections = sectionBoards(health, broker);
  const notes: string[] = [];
  const [first, second] = sections;
  if (first && second && first.board.deviceId !== second.board.deviceId)
    notes.push(
      `The ${first.section} is about ${boardName(first.board)} and the ${second.section} about ` +
        `${boardName(second.board)}: they are different boards. Leave one section out if that is not what you meant.`,
    );
  if (connected)
    for (const s of sections)
      if (s.board.deviceId !== connected.deviceId)
        notes.push(
          `The ${s.section} was made for ${boardName(s.board)}; ${boardName(connected)} was connected when this ` +
            'report was made.',
        );
  if (broker && !broker.board) notes.push('The broker check used a pasted CA store, not a board.');
  return notes;
}
