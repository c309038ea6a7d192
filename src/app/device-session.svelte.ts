// Layer: app state. The page-wide DeviceSession: the one board KeyWire is talking to, shared by the Provision view,
// the Diagnose health check and the console. It picks or takes a port, connects (open, probe, identify) with progress
// and cancel, keeps the session log, notices an unplug or a reboot, waits for the same port to come back and lands in
// the board view again. Views are thin: they read these fields and call these methods.
import type { Capability, Device, DeviceIdentity } from '../devices/device.ts';
import type { DeviceError } from '../devices/errors.ts';
import type { PortEntry, PortRequest, PortSource } from '../devices/transport/index.ts';
import { maskSecretLine, SessionLog } from '../devices/transport/index.ts';
import { SECRET_LINES } from '../devices/adapters/index.ts';
import type { AtClient } from '../devices/protocols/index.ts';
import { capabilitiesOf } from '../devices/device.ts';
import { err, type Result } from '../lib/result.ts';
import type { Annotation } from '../diagnose/types.ts';
import { ConsoleState } from '../ui/device/console.svelte.ts';
import type { IntentRecorder } from './audit-trail.ts';
import { bootWatcher } from './board-events.ts';
import { BoardCredentials, type InspectFn } from './board-credentials.svelte.ts';
import { openBoard, type OpenedBoard, type SerialSettings } from './open-board.ts';
import { ReconnectWatch } from './reconnect-watch.svelte.ts';
import { auditDevice } from './credential-delete.ts';
import { runTypedCommand, type TypedCommandDone, type TypedCommandError } from './typed-command.ts';

export type SessionPhase =
  /** Nothing connected. */
  | 'idle'
  /** The browser's port picker is open. */
  | 'choosing'
  /** Opening the port, finding out which board it is, reading its identity. */
  | 'connecting'
  | 'connected'
  /** The board went away (unplug, USB reset); `reconnect` waits for it. */
  | 'lost'
  /** A connect attempt failed: show troubleshooting(error.code) and retry. */
  | 'failed';

export interface DeviceSessionOptions {
  readonly serial: () => SerialSettings;
  readonly audit: () => IntentRecorder;
  readonly inspect: InspectFn;
  /** Decoder for received console lines (the diagnostics module's annotateLine). */
  readonly annotate?: (line: string) => Annotation[];
  /** How long to wait for an unplugged board before asking the user (default 120 s). */
  readonly reconnectTimeoutMs?: number;
}

export class DeviceSession {
  phase = $state.raw<SessionPhase>('idle');
  /** What is happening now, for the progress line ("Reading the board's identity…"). */
  step = $state.raw('');
  /** The failure or loss the troubleshooting panel explains. */
  error = $state.raw<DeviceError | null>(null);
  /** Polite status for aria-live ("No port was chosen.", "Disconnected."). */
  notice = $state.raw('');
  /** The port of the current (or last attempted) connection. */
  entry = $state.raw<PortEntry | null>(null);
  identity = $state.raw<DeviceIdentity | null>(null);
  capabilities = $state.raw<Capability[]>([]);
  device = $state.raw<Device | null>(null);
  log = $state.raw<SessionLog | null>(null);
  /** Set when the board printed its boot banner while connected (time of the reboot). */
  restartedAt = $state.raw<number | null>(null);
  /** True while the identity is being read again. */
  identifying = $state.raw(false);
  /** Set when a reconnect found another board on the port: the old and new device ids. */
  boardChanged = $state.raw<{ readonly before: string; readonly after: string } | null>(null);
  /** Set while a provisioning step works on this board: why Delete and board-changing typed commands are off (the
   * flow takes the modem offline and back; a change from the board view would interleave with it). */
  heldBy = $state.raw<string | null>(null);
  readonly credentials: BoardCredentials;
  readonly console: ConsoleState;
  readonly reconnect: ReconnectWatch;
  readonly #options: DeviceSessionOptions;
  #source: PortSource | null = null;
  #board: OpenedBoard | null = null;
  #attempt: AbortController | null = null;
  #detach: (() => void)[] = [];
  /** Stops the connected board's byte tap into this session's log (the board was handed over). */
  #stopTap: () => void = () => {};

  constructor(options: DeviceSessionOptions) {
    this.#options = options;
    this.credentials = new BoardCredentials(this, { audit: options.audit, inspect: options.inspect });
    this.console = new ConsoleState({
      send: (command, signal) => this.sendTyped(command, signal),
      maskLine: (command) => maskSecretLine(command, SECRET_LINES),
      ...(options.annotate ? { annotate: options.annotate } : {}),
    });
    this.reconnect = new ReconnectWatch({
      timeoutMs: options.reconnectTimeoutMs ?? 120_000,
      onFound: (source, entry) => this.connect(source, entry, 'reconnect'),
    });
  }

  get emulated(): boolean {
    return this.entry?.source === 'emulator';
  }

  /** The AT client of the open session, for the console (typed commands queue with KeyWire's own). */
  get at(): AtClient | null {
    return this.#board?.at ?? null;
  }

  /** The open adapter session ({ device, connection, at, identity }) for flows that take one (FlowRunner.attach). */
  get opened(): OpenedBoard | null {
    return this.#board;
  }

  get portOpen(): boolean {
    return this.#board?.connection.isOpen ?? false;
  }

  get busy(): boolean {
    return this.phase === 'choosing' || this.phase === 'connecting';
  }

  /** Opens the source's picker (Web Serial, WebUSB: call from a click) and connects to the chosen port. */
  async pick(source: PortSource, request: PortRequest = {}, mode: 'fresh' | 'reconnect' = 'fresh'): Promise<void> {
    if (this.busy) return;
    const before = this.phase;
    this.#source = source;
    this.phase = 'choosing';
    this.step = source.capabilities.picker ? "Choose your board in the browser's dialog." : 'Finding the board…';
    this.notice = '';
    const picked = await source.request(request);
    if (this.phase !== 'choosing') return; // disconnected or cancelled meanwhile
    if (picked.ok) return this.connect(source, picked.value, mode);
    this.step = '';
    if (picked.error.code === 'no-port-chosen') {
      // Not an error: the user closed the dialog. Stay where we were.
      this.phase = before === 'failed' || before === 'lost' ? before : 'idle';
      this.notice = source.capabilities.picker ? 'No port was chosen.' : picked.error.message;
      return;
    }
    this.#fail(picked.error, null);
  }

  /** Connects to a port the user pointed at (a granted port, an emulated board) or that came back after a loss. */
  async connect(source: PortSource, entry: PortEntry, mode: 'fresh' | 'reconnect' = 'fresh'): Promise<void> {
    if (this.phase === 'connecting') return;
    const previous = this.identity;
    await this.#closeBoard();
    this.reconnect.stop();
    const attempt = new AbortController();
    this.#attempt = attempt;
    this.#source = source;
    this.entry = entry;
    this.phase = 'connecting';
    this.error = null;
    this.notice = '';
    this.boardChanged = null;
    this.restartedAt = null;
    if (mode === 'fresh' || !this.log) {
      this.log = new SessionLog({ secretLines: SECRET_LINES });
      this.console.attach(this.log);
      this.identity = null;
      this.credentials.clear();
    }
    const log = this.log;
    log.note(`${mode === 'fresh' ? 'Connecting to' : 'Reconnecting to'} ${entry.label}`);
    let tapping = true;
    const opened = await openBoard(entry, {
      ...this.#options.serial(),
      signal: attempt.signal,
      onTap: (e) => tapping && log.add(e),
      onStep: (text) => (this.step = text),
    });
    if (this.#attempt !== attempt) {
      if (opened.ok) await opened.value.device.close();
      return;
    }
    this.#attempt = null;
    if (!opened.ok) return this.#fail(opened.error, entry);
    this.#stopTap = () => (tapping = false);
    this.#adopt(opened.value, previous, mode);
  }

  #adopt(board: OpenedBoard, previous: DeviceIdentity | null, mode: 'fresh' | 'reconnect'): void {
    this.#board = board;
    this.device = board.device;
    this.identity = board.identity;
    this.capabilities = capabilitiesOf(board.device);
    this.phase = 'connected';
    this.step = '';
    if (mode === 'reconnect' && previous && previous.deviceId !== board.identity.deviceId)
      this.boardChanged = { before: previous.deviceId, after: board.identity.deviceId };
    const label = `${board.identity.model} ${board.identity.imei ?? board.identity.deviceId}`;
    this.notice = mode === 'reconnect' ? `Reconnected to ${label}.` : `Connected to ${label}.`;
    this.log?.note(`Connected: ${label}, ${board.connection.baudRate} baud`);
    const onBoot = bootWatcher(() => this.#onReboot());
    this.#detach = [
      board.connection.onDisconnect((error) => this.#onLost(error)),
      this.log!.subscribe((line) => line.dir === 'rx' && onBoot(line.text, line.t)),
    ];
    void this.credentials.refresh();
  }

  #fail(error: DeviceError, entry: PortEntry | null): void {
    this.step = '';
    if (error.code === 'aborted') {
      this.phase = 'idle';
      this.notice = 'Connecting was cancelled.';
      this.log?.note('Connecting was cancelled.');
      return;
    }
    this.phase = 'failed';
    this.error = error;
    this.entry = entry; // null when no port was reached: retry opens the picker again
    this.notice = '';
    this.log?.note(`Could not connect: ${error.message}`);
  }

  /** Stops a connect attempt in progress, or stops waiting for a lost board. */
  cancel(): void {
    if (this.#attempt) {
      this.#attempt.abort();
      this.#attempt = null;
      this.#fail({ code: 'aborted', message: 'Connecting was cancelled.' }, null);
    } else if (this.phase === 'lost') {
      this.reconnect.stop();
      this.notice = 'Stopped waiting for the board.';
    } else if (this.phase === 'choosing') {
      // The browser's dialog cannot be closed from the page; forget its answer when it comes.
      this.phase = 'idle';
      this.step = '';
    }
  }

  /** Tries the same connection again after a failure: the same port, or the picker if none was chosen. */
  async retry(): Promise<void> {
    const source = this.#source;
    if (!source) return;
    if (this.entry) return this.connect(source, this.entry, this.identity ? 'reconnect' : 'fresh');
    return this.pick(source);
  }

  /** One click after a loss: connect now if the port is back, else keep waiting and say so. */
  async reconnectNow(): Promise<void> {
    const source = this.#source;
    const entry = this.entry;
    if (!source || !entry) return;
    const found = await this.reconnect.findNow(source, entry);
    if (found) return this.connect(source, found, 'reconnect');
    this.notice = 'The board is not back yet. Check the cable and power; KeyWire connects as soon as it appears.';
    this.reconnect.start(source, entry);
  }

  /** Whether the lost board's source has a picker (hardware): the user can point at the port again. */
  get canPickAgain(): boolean {
    return this.#source?.capabilities.picker ?? false;
  }

  /** Opens the picker again for a lost board (its port may come back under another name). Call from a click. */
  async pickAgain(): Promise<void> {
    const source = this.#source;
    if (!source) return;
    this.reconnect.stop();
    await this.pick(source, { filter: 'known' }, 'reconnect');
  }

  async disconnect(): Promise<void> {
    this.#stopTrying();
    const label = this.entry?.label;
    await this.#closeBoard();
    this.log?.note('Disconnected by the user.');
    this.#idle(label ? `Disconnected from ${label}.` : 'Disconnected.');
  }

  /** Hands the connected board over with its port open (a batch takes the board just connected, with no second
   * connect): the session lets go of it as disconnect() does, but neither closes the port nor taps its bytes any
   * more (the new owner taps them). Null when no board is connected. */
  handOver(): OpenedBoard | null {
    if (this.phase !== 'connected' || !this.#board) return null;
    this.#stopTrying();
    const label = this.entry?.label;
    const board = this.#release();
    this.log?.note('Handed over to the batch.');
    this.#idle(label ? `${label} was handed over to the batch.` : 'The board was handed over to the batch.');
    return board;
  }

  #idle(notice: string): void {
    this.phase = 'idle';
    this.step = '';
    this.error = null;
    this.identity = null;
    this.restartedAt = null;
    this.boardChanged = null;
    this.credentials.clear();
    this.notice = notice;
  }

  /** Sends a command typed in the console through the session's line terminal, by the family's console rules
   * (audited when it changes the board). */
  async sendTyped(command: string, signal?: AbortSignal): Promise<Result<TypedCommandDone, TypedCommandError>> {
    const line = this.#board?.line;
    const rules = this.device?.profile.console;
    if (!line || !rules || !this.portOpen)
      return err({ source: 'device', error: { code: 'not-open', message: 'No board is connected.' } });
    const device = this.identity
      ? auditDevice(this.identity)
      : { family: this.device?.family ?? '', id: '', model: '', firmware: '' };
    return runTypedCommand(command, {
      line,
      rules,
      audit: this.#options.audit(),
      device,
      held: this.heldBy,
      ...(signal ? { signal } : {}),
    });
  }

  /** The Provision flow holds the board while a step runs (reason shown), or lets go (null). */
  hold(reason: string | null): void {
    if (this.heldBy !== reason) this.heldBy = reason;
  }

  dismissRestart(): void {
    this.restartedAt = null;
  }

  #onLost(error: DeviceError): void {
    const board = this.#board;
    this.#detachAll();
    this.#board = null;
    this.device = null;
    void board?.device.close();
    this.phase = 'lost';
    this.error = error;
    this.credentials.cancelAll();
    this.notice = ''; // the banner (role=alert) says it
    this.log?.note(`Lost the board: ${error.message}`);
    if (this.#source && this.entry) this.reconnect.start(this.#source, this.entry);
  }

  #onReboot(): void {
    this.restartedAt = Date.now();
    this.notice = this.device?.functionalMode
      ? 'The board restarted. Its modem is off until something turns it on; reading it again.'
      : 'The board restarted; reading it again.';
    this.log?.note('The board restarted (boot banner seen).');
    // The session log hears a line before the AT client does: read again in the next task, once the client has
    // seen the banner too and holds the next command until the rest of the start-up output is drained.
    setTimeout(() => void this.readAgain(), 0);
  }

  /** Reads identity and credentials again (after a reboot, or when the user changed the modem's mode). */
  async readAgain(): Promise<void> {
    const board = this.#board;
    if (!board || this.identifying) return;
    this.identifying = true;
    const who = await board.device.identify();
    this.identifying = false;
    if (this.#board !== board) return;
    if (who.ok) {
      if (this.identity && who.value.deviceId !== this.identity.deviceId)
        this.boardChanged = { before: this.identity.deviceId, after: who.value.deviceId };
      this.identity = who.value;
    } else this.notice = `Reading the identity again failed: ${who.error.message}`;
    await this.credentials.refresh();
  }

  #detachAll(): void {
    for (const detach of this.#detach) detach();
    this.#detach = [];
  }

  /** No connect attempt goes on, and no reconnect is watched for. */
  #stopTrying(): void {
    this.#attempt?.abort();
    this.#attempt = null;
    this.reconnect.stop();
  }

  /** Lets go of the board (its listeners, its bytes in the log, the calls in flight) and answers it, port open. */
  #release(): OpenedBoard | null {
    const board = this.#board;
    this.#detachAll();
    this.#stopTap();
    this.#stopTap = () => {};
    this.#board = null;
    this.device = null;
    this.credentials.cancelAll();
    return board;
  }

  async #closeBoard(): Promise<void> {
    await this.#release()?.device.close();
  }
}
