import type { GraphAnswer } from './api.ts';

type Location = GraphAnswer['locations'][number];

export interface ThesisLocations {
  /** The location without a parent: the question of a multi-thesis discussion, an empty text otherwise. */
  root: Location;
  /** Relation-0 children of the root, in claim order. */
  theses: Location[];
}

/** Claim ids end in ".<n>"; theses are listed in claim order. */
const claimNumber = (id: string) => Number(id.slice(id.lastIndexOf('.') + 1));

/**
 * The root and theses of a discussion graph, as public code reads it (reference/kialo.md): the
 * root is the location without a parent (its number is not assumed: new discussions number theses
 * `<id>.1`, `<id>.2`), and a `parentId` names either a location or a claim (`targetId`), so it is
 * resolved against both. Deleted locations are left out. Undefined when no root or thesis is found.
 */
export function thesisLocations(graph: GraphAnswer): ThesisLocations | undefined {
  const live = graph.locations.filter((l) => !l.isDeleted);
  const roots = live.filter((l) => l.parentId === null);
  const root = roots.find((l) => l.isOrigin) ?? roots[0];
  if (!root) return undefined;
  const byId = new Map(live.map((l) => [l.id, l]));
  const byTarget = new Map<string, Location>();
  for (const l of live) if (!byTarget.has(l.targetId)) byTarget.set(l.targetId, l);
  const parentOf = (l: Location) =>
    l.parentId === null ? undefined : (byId.get(l.parentId) ?? byTarget.get(l.parentId));
  const theses = live
    .filter((l) => l.relation === 0 && parentOf(l) === root)
    .sort((a, b) => claimNumber(a.targetId) - claimNumber(b.targetId));
  return theses.length ? { root, theses } : undefined;
}

/** The text of the claim a location shows (a linked claim's locations all show their target's text). */
export function claimText(graph: GraphAnswer, location: Location): string {
  return graph.claims.find((c) => c.id === location.targetId)?.text.trim() ?? '';
}
