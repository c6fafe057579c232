import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PartialTaskReader } from './partial-tasks';

const plan = {
  tasks: [
    { title: 'Fix "quoted" {braces} in a title', category: 'bug', estimateMinutes: 20, rationale: 'a\\b [x]', sources: ['test:a:b'] },
    { title: 'Second', category: 'feature', estimateMinutes: 15, rationale: '', sources: ['goal'], nested: { deep: [1, { x: 2 }] } },
  ],
  note: { tasks: [{ not: 'a task' }] },
};

describe('PartialTaskReader', () => {
  it('yields each task object the moment its closing brace arrives, however the text is cut', () => {
    const text = JSON.stringify(plan);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 60 }), (sizes) => {
        const reader = new PartialTaskReader();
        const found: string[] = [];
        let at = 0;
        for (const size of [...sizes, text.length]) {
          const chunk = text.slice(at, at + size);
          at += chunk.length;
          found.push(...reader.push(chunk));
          if (at >= text.length) break;
        }
        expect(found.map((t) => JSON.parse(t))).toEqual(plan.tasks);
      }),
    );
  });

  it('finds the first task before the second has arrived', () => {
    const reader = new PartialTaskReader();
    const text = JSON.stringify(plan);
    const cut = text.indexOf('{"title":"Second"');
    expect(reader.push(text.slice(0, cut)).map((t) => JSON.parse(t).title)).toEqual(['Fix "quoted" {braces} in a title']);
    expect(reader.push(text.slice(cut)).map((t) => JSON.parse(t).title)).toEqual(['Second']);
  });
});
