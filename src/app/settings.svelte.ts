// Reactive settings for the UI: one instance for the page, persisted on every change.
import { loadSettings, saveSettings, type Settings } from './settings.ts';

class AppSettings {
  current = $state.raw<Settings>(loadSettings());

  update(patch: Partial<Settings>): void {
    this.current = { ...this.current, ...patch };
    saveSettings(this.current);
  }
}

export const appSettings = new AppSettings();
