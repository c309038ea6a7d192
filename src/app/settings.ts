// App settings kept in localStorage: who is operating, where, and serial defaults. Plain TypeScript so flows and the
// audit trail can read them without Svelte; `settings.svelte.ts` makes them reactive for the UI.

export type FlowControl = 'none' | 'hardware';

export interface Settings {
  /** Name recorded in the audit trail as the operator. */
  readonly operator: string;
  /** Site or bench recorded in the audit trail. */
  readonly site: string;
  readonly baudRate: number;
  readonly flowControl: FlowControl;
}

export const BAUD_RATES = [9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600, 1000000] as const;

export const DEFAULT_SETTINGS: Settings = { operator: '', site: '', baudRate: 115200, flowControl: 'hardware' };

const KEY = 'keywire.settings.v1';

export function loadSettings(storage: Pick<Storage, 'getItem'> = localStorage): Settings {
  try {
    const raw: unknown = JSON.parse(storage.getItem(KEY) ?? '{}');
    if (typeof raw !== 'object' || raw === null) return DEFAULT_SETTINGS;
    const r = raw as Record<string, unknown>;
    const text = (v: unknown, fallback: string) => (typeof v === 'string' ? v.slice(0, 120) : fallback);
    return {
      operator: text(r.operator, DEFAULT_SETTINGS.operator),
      site: text(r.site, DEFAULT_SETTINGS.site),
      baudRate: BAUD_RATES.includes(r.baudRate as never) ? (r.baudRate as number) : DEFAULT_SETTINGS.baudRate,
      flowControl:
        r.flowControl === 'none' || r.flowControl === 'hardware' ? r.flowControl : DEFAULT_SETTINGS.flowControl,
    };
  } catch {
    return DEFAULT_SETTINGS;
  }
}

export function saveSettings(settings: Settings, storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(KEY, JSON.stringify(settings));
}
