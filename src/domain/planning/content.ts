import type { PlanContent } from './changes.js';
import type { Outcome } from './plan.js';

/**
 * The plan's outcomes replaced: a line that pointed at an outcome that is no longer there stops
 * pointing at it, so a removed outcome never lingers on a line.
 */
export function withOutcomes(content: PlanContent, outcomes: Outcome[]): PlanContent {
  const kept = new Set(outcomes.map((o) => o.id));
  return { ...content, outcomes, lines: content.lines.map((line) => ({ ...line, outcomes: line.outcomes.filter((id) => kept.has(id)) })) };
}

/** A list with one item replaced (same id) or, when it is new, added at the end. Undefined when the item to replace has gone. */
export function upsert<T extends { id: string }>(items: readonly T[], item: T, replacing: boolean): T[] | undefined {
  if (!replacing) return [...items, item];
  if (!items.some((i) => i.id === item.id)) return undefined;
  return items.map((i) => (i.id === item.id ? item : i));
}
