// followStep in real Chromium: a step that changes while the flow's panel is off screen brings the panel into view,
// in one step (never a glide that moves the buttons under a tap), unless the user's last press since the step before
// began was outside the flow (then the page stays where it is, and the flow is out of the scroll anchoring).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { followStep } from './follow-step.ts';

let page: { flow: HTMLElement; panel: HTMLElement; board: HTMLButtonElement; action: ReturnType<typeof followStep> };

beforeEach(() => {
  document.body.innerHTML = `
    <div class="flow"><div class="panel" tabindex="-1" style="height: 200px">step</div>
      <button class="start">Start</button></div>
    <div style="height: 3000px"></div>
    <button class="board">Delete</button>
    <div style="height: 3000px"></div>`;
  const panel = document.querySelector<HTMLElement>('.panel')!;
  page = {
    flow: document.querySelector<HTMLElement>('.flow')!,
    panel,
    board: document.querySelector<HTMLButtonElement>('.board')!,
    action: followStep(panel, 'identify'),
  };
  window.scrollTo({ top: 0, behavior: 'instant' });
});

afterEach(() => {
  page.action.destroy();
  document.body.innerHTML = '';
  window.scrollTo({ top: 0, behavior: 'instant' });
});

const frames = (n: number) =>
  new Promise<void>((resolve) => {
    const next = (left: number) => (left === 0 ? setTimeout(resolve, 0) : requestAnimationFrame(() => next(left - 1)));
    next(n);
  });
const press = (el: Element) => el.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
/** Waits until the page stops scrolling (the same scroll position for a few frames). */
async function settled(): Promise<number> {
  let last = -1;
  for (let same = 0; same < 4;) {
    await frames(1);
    same = window.scrollY === last ? same + 1 : 0;
    last = window.scrollY;
  }
  return last;
}

describe('followStep', () => {
  it('brings the panel into view when the step changes while it is off screen', async () => {
    window.scrollTo({ top: 3000, behavior: 'instant' });
    page.action.update('prepare');
    await settled();
    expect(page.panel.getBoundingClientRect().top).toBeGreaterThanOrEqual(0);
    expect(page.panel.getBoundingClientRect().top).toBeLessThan(innerHeight / 2);
  });

  it('follows after a press in the flow (the tap on Start)', async () => {
    window.scrollTo({ top: 3000, behavior: 'instant' });
    press(page.flow.querySelector('.start')!);
    page.action.update('generate-key');
    await settled();
    expect(page.panel.getBoundingClientRect().top).toBeLessThan(innerHeight / 2);
  });

  it('leaves the page where it is when the last press since the step before began was outside the flow', async () => {
    page.action.update('prepare'); // the step before the next change begins now
    window.scrollTo({ top: 3000, behavior: 'instant' });
    press(page.board);
    page.action.update('generate-key');
    expect(await settled()).toBe(3000);
    expect(page.panel.getBoundingClientRect().top).toBeLessThan(0);
  });

  it('follows again once the user pressed in the flow after working elsewhere', async () => {
    page.action.update('prepare');
    window.scrollTo({ top: 3000, behavior: 'instant' });
    press(page.board);
    press(page.flow.querySelector('.start')!);
    page.action.update('generate-key');
    await settled();
    expect(page.panel.getBoundingClientRect().top).toBeLessThan(innerHeight / 2);
  });

  it('a press made before the step before began does not hold the page', async () => {
    window.scrollTo({ top: 3000, behavior: 'instant' });
    press(page.board); // e.g. the Connect press in the board view, before identify began
    await frames(1);
    page.action.update('prepare');
    await settled();
    page.action.update('open-intents');
    await settled();
    expect(page.panel.getBoundingClientRect().top).toBeLessThan(innerHeight / 2);
  });

  it('goes to the panel in one step: the page moves once and then holds still', async () => {
    window.scrollTo({ top: 6000, behavior: 'instant' });
    page.action.update('prepare');
    const seen: number[] = [];
    for (let i = 0; i < 30; i++) {
      await frames(1);
      if (seen.at(-1) !== window.scrollY) seen.push(window.scrollY);
    }
    expect(seen.filter((y) => y !== 6000)).toHaveLength(1);
    expect(page.panel.getBoundingClientRect().top).toBe(0);
  });

  it('while the user works elsewhere the flow is out of the scroll anchoring; once the page follows it, it is back', async () => {
    window.scrollTo({ top: 3000, behavior: 'instant' });
    press(page.board); // the Connect press in the board view
    expect(page.flow.hasAttribute('data-user-elsewhere')).toBe(true);
    await frames(1);
    page.action.update('prepare');
    page.action.update('open-intents'); // the press came before the step before began: the page follows
    await settled();
    expect(page.flow.hasAttribute('data-user-elsewhere')).toBe(false);
    press(page.board);
    page.action.update('prepare');
    await settled();
    expect(page.flow.hasAttribute('data-user-elsewhere')).toBe(true);
  });
});
