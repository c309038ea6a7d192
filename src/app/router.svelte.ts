// Hash routing between sections (#/provision, #/diagnose ...), so reloads and links keep the section.
import { sectionFromHash, type SectionId } from './sections.ts';

export class Router {
  section = $state.raw<SectionId>(sectionFromHash(location.hash));

  constructor() {
    addEventListener('hashchange', () => (this.section = sectionFromHash(location.hash)));
  }

  go(section: SectionId): void {
    location.hash = `#/${section}`;
  }
}
