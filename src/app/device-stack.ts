// Layer: app shell. Whether the device stack (the page's DeviceSession and what it brings: drivers, flows, the
// emulator lab) was started in this page. The first screen shows Provision's light start view until it is needed;
// once a section started the session (Diagnose's health check, an earlier visit), Provision shows the real one at
// once, so a board connected elsewhere is never hidden behind the start view.
let started = false;

export const deviceStackStarted = (): boolean => started;

export function markDeviceStackStarted(): void {
  started = true;
}
