// revealIfBelow in real Chromium: a result that appears below the visible part of the page is brought to the top in
// one step (no glide that would move its buttons under a tap); one already on screen leaves the page where it is.
import { afterEach, expect, it } from 'vitest';
import { revealIfBelow } from './reveal.ts';

afterEach(() => {
  document.body.innerHTML = '';
  window.scrollTo({ top: 0, behavior: 'instant' });
});

function pageWithResultAt(top: number): HTMLElement {
  document.body.innerHTML = `<div style="height: ${top}px"></div><section>results</section><div style="height: 4000px"></div>`;
  return document.querySelector('section')!;
}

it('brings a result below the fold to the top of the viewport at once', () => {
  const result = pageWithResultAt(3000);
  revealIfBelow(result);
  // Read synchronously: an instant scroll is done when the call returns; a smooth one would have barely begun.
  expect(result.getBoundingClientRect().top).toBe(0);
});

it('leaves the page alone when the result is already on screen', () => {
  const result = pageWithResultAt(100);
  revealIfBelow(result);
  expect(window.scrollY).toBe(0);
});
