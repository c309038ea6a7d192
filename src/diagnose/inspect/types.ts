// Layer: diagnostics, the rows and verdicts Inspect shows for one object (the card and the report share them).
export interface InspectRow {
  readonly id: string;
  readonly name: string;
  readonly value: string;
  readonly mono?: boolean;
}

export interface InspectVerdict {
  readonly id: 'pop' | 'validity' | 'digest' | 'self-signature' | 'private-key' | 'listing';
  readonly ok: boolean | null;
  readonly text: string;
}
