import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/preact';
import { FlowSteps, flowStep } from './flow-steps';
import type { Session } from '../../../../shared/domain/session';

const now = Date.UTC(2026, 10, 22, 12);
const session = (status: Session['status'], endedAt?: number) =>
  ({ id: 's', workspaceId: 'w', goal: 'g', budgetMinutes: 60, focus: { bugs: 1, features: 1, refactor: 1 }, status, createdAt: 0, ...(endedAt ? { endedAt } : {}) }) as Session;

describe('flow steps', () => {
  it('follows a session from start to summary', () => {
    expect(flowStep({ planning: false, current: null, lastEnded: null, now })).toBe('start');
    expect(flowStep({ planning: true, current: null, lastEnded: null, now })).toBe('planning');
    expect(flowStep({ planning: false, current: session('selecting'), lastEnded: null, now })).toBe('selection');
    expect(flowStep({ planning: false, current: session('active'), lastEnded: null, now })).toBe('session');
    expect(flowStep({ planning: false, current: session('paused'), lastEnded: null, now })).toBe('session');
    expect(flowStep({ planning: false, current: null, lastEnded: session('completed', now - 3_600_000), now })).toBe('summary');
    expect(flowStep({ planning: false, current: null, lastEnded: session('cancelled', now - 2 * 86_400_000), now })).toBe('start');
  });

  it('marks the current step for assistive tech and the earlier ones as done', () => {
    const { getByRole } = render(<FlowSteps step="selection" />);
    const list = getByRole('list', { name: 'Session steps' });
    const items = [...list.querySelectorAll('li')];
    expect(items.map((li) => li.getAttribute('aria-current'))).toEqual([null, null, 'step', null, null]);
    expect(items.map((li) => li.className)).toEqual(['done', 'done', 'current', '', '']);
  });
});
