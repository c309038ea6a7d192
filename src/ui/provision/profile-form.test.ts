// The Prepare form's cloud choice: turned into the profile's cloud, remembered for the next board, shown again.
import { describe, expect, it } from 'vitest';
import { PROFILE_KEY, ProfileForm } from './profile-form.svelte.ts';

class MemoryStorage {
  #m = new Map<string, string>();
  getItem = (k: string) => this.#m.get(k) ?? null;
  setItem = (k: string, v: string) => void this.#m.set(k, v);
}

describe('cloud profile in the Prepare form', () => {
  it('none by default; each choice becomes the profile’s cloud', () => {
    const f = new ProfileForm(new MemoryStorage() as unknown as Storage);
    expect(f.profile.cloud).toBeUndefined();
    f.cloud = 'aws-iot';
    f.jitpTemplate = '{"Parameters":{}}';
    expect(f.profile.cloud).toEqual({ kind: 'aws-iot', jitpTemplate: '{"Parameters":{}}' });
    f.cloud = 'azure-dps';
    f.azureRegistrationId = ' reg-1 ';
    expect(f.profile.cloud).toEqual({ kind: 'azure-dps', enrollment: 'group', registrationId: 'reg-1' });
    f.cloud = 'nrf-cloud';
    expect(f.profile.cloud).toEqual({ kind: 'nrf-cloud' });
  });

  it('keeps one Azure id: the DPS registration id is the IoT Hub device id and the CN', () => {
    const f = new ProfileForm(new MemoryStorage() as unknown as Storage);
    f.cloud = 'azure-dps';
    f.azureRegistrationId = 'plant-3:board-7';
    expect(f.cnMode).toBe('azure-iot-hub');
    expect(f.profile.commonName).toEqual({ mode: 'azure-iot-hub', deviceId: 'plant-3:board-7' });
    const other = new ProfileForm(new MemoryStorage() as unknown as Storage);
    other.cnMode = 'azure-iot-hub';
    other.azureDeviceId = 'dev-9';
    other.cloud = 'azure-dps';
    expect(other.profile.cloud).toEqual({ kind: 'azure-dps', enrollment: 'group', registrationId: 'dev-9' });
    other.cnMode = 'device-uuid';
    expect(other.profile.cloud).toEqual({ kind: 'azure-dps', enrollment: 'group' });
  });

  it('turns a registration id remembered by an earlier version into the one Azure id', () => {
    const s = new MemoryStorage() as unknown as Storage;
    s.setItem(PROFILE_KEY, JSON.stringify({ cloud: 'azure-dps', cnMode: 'keep', azureRegistrationId: 'old-reg' }));
    const f = new ProfileForm(s);
    expect(f.profile.commonName).toEqual({ mode: 'azure-iot-hub', deviceId: 'old-reg' });
    expect(f.profile.cloud).toEqual({ kind: 'azure-dps', enrollment: 'group', registrationId: 'old-reg' });
  });

  it('is remembered and shown again', () => {
    const s = new MemoryStorage() as unknown as Storage;
    const f = new ProfileForm(s);
    f.cloud = 'azure-dps';
    f.azureEnrollment = 'individual';
    f.remember();
    expect(JSON.parse(s.getItem(PROFILE_KEY)!).cloud).toBe('azure-dps');
    const again = new ProfileForm(s);
    expect(again.profile.cloud).toEqual({ kind: 'azure-dps', enrollment: 'individual' });
    again.show({ ...again.profile, cloud: { kind: 'aws-iot', jitpTemplate: 'T' } });
    expect(again.cloud).toBe('aws-iot');
    expect(again.jitpTemplate).toBe('T');
  });
});
