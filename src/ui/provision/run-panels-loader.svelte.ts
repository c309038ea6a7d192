// Layer: views (provision). Loads the run's panels (run-panels.ts) once, on the first flow of the page; FlowView
// renders them when they are in and says so when they could not be loaded (a later flow tries again).
import type { RunPanels } from './run-panels.ts';

class RunPanelsLoader {
  panels: RunPanels | null = $state(null);
  failed = $state(false);
  #loading = false;

  load(): void {
    if (this.panels || this.#loading) return;
    this.#loading = true;
    import('./run-panels.ts').then(
      (m) => {
        this.panels = m;
        this.failed = false;
      },
      () => {
        this.failed = true;
        this.#loading = false;
      },
    );
  }
}

export const runPanels = new RunPanelsLoader();
