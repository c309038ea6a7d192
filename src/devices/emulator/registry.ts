// Layer: emulator registry. Every registered board family (families.ts) and lookups over them, so the lab and the
// serial-line tool never name a family. Families and their boards come in a fixed order: the families by kind id,
// each family's boards as its factory data lists them.
import type { EmulatedBoardKindSpec, EmulatedFactoryBoard } from './board-kind.ts';
import * as families from './families.ts';
import type { EmulatedBoardControl, EmulatedBoardKind, EmulatedBoardKinds } from './types.ts';

// The registration list is heterogeneous (each family has its own factory type); the registry only hands a factory
// back to the kind that listed it, so widening to the base type here is safe.
export const BOARD_KINDS: readonly EmulatedBoardKindSpec[] = Object.values(families).map(
  (kind) => kind as unknown as EmulatedBoardKindSpec,
);

/** The registered family with this kind id, or null. */
export const boardKindNamed = (kind: string): EmulatedBoardKindSpec | null =>
  BOARD_KINDS.find((k) => k.kind === kind) ?? null;

/** The family that builds `factory` (its `kind`); RangeError for a kind nobody registered. */
export function boardKindOf(factory: EmulatedFactoryBoard): EmulatedBoardKindSpec {
  const kind = boardKindNamed(factory.kind);
  if (!kind) throw new RangeError(`no emulated board family "${factory.kind}" (have ${kindIds().join(', ')})`);
  return kind;
}

export const kindIds = (): string[] => BOARD_KINDS.map((k) => k.kind);

/** Every factory board of every family: the lab's default bench. */
export const ALL_FACTORY_BOARDS: readonly EmulatedFactoryBoard[] = BOARD_KINDS.flatMap((k) => k.factoryBoards);

/** The Settings panel's words for one emulated board (its family's `words`), so views name no family. */
export function boardWords(control: EmulatedBoardControl): { readonly factsLine: string; readonly bootWords: string } {
  const kind = BOARD_KINDS.find((k) => k.kind === control.info.kind);
  return kind ? kind.words(control.facts) : { factsLine: control.info.label, bootWords: 'the board booted' };
}

/** A board's facts as its family's own type: RangeError when the board is of another kind (tests and UI name the
 * kind they expect instead of casting the lab's union). */
export function factsOf<K extends EmulatedBoardKind>(control: EmulatedBoardControl, kind: K): EmulatedBoardKinds[K] {
  if (control.info.kind !== kind)
    throw new RangeError(`${control.info.id} is an emulated ${control.info.kind} board, not ${kind}`);
  return control.facts as EmulatedBoardKinds[K];
}
