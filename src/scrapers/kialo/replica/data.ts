import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../../../errors.ts';
import { PACKAGE_ROOT } from '../../../io/package-root.ts';

/** The bundled sample: `examples/kialo/` in the repository. */
export const DEFAULT_REPLICA_ROOT = join(PACKAGE_ROOT, 'examples', 'kialo');

/**
 * One node of the argument tree. A node with `linkTo` is a second location of claim `linkTo`
 * (Kialo shows a claim linked in several places as several locations of one claim).
 */
const NodeSchema = z.strictObject({
  n: z.number().int().min(0),
  parent: z.number().int().nullable(),
  relation: z.union([z.literal(-1), z.literal(0), z.literal(1)]).nullable(),
  text: z.string().optional(),
  linkTo: z.number().int().optional(),
  votes: z.array(z.number().int().min(0)).length(5).describe('impact histogram 0..4 of this location'),
});

/** Ground truth of one replica discussion (`examples/kialo/discussions/<id>.json`). */
export const ReplicaDiscussionSchema = z.strictObject({
  id: z.number().int().positive(),
  title: z.string(),
  language: z.string(),
  tags: z.array(z.string()),
  created: z.string(),
  exportFormat: z.enum(['old', 'new']),
  behaviour: z.enum(['normal', 'changed-layout', 'rate-limit-once', 'gone']),
  isMultipleChoice: z.boolean().default(false),
  participants: z.array(
    z.strictObject({
      id: z.number().int(),
      name: z.string(),
      claimAndThesisCount: z.number().int(),
      contributionCount: z.number().int(),
      voteCount: z.number().int().min(0),
    }),
  ),
  nodes: z.array(NodeSchema),
  sources: z.array(z.strictObject({ url: z.string(), excerpt: z.string().nullable() })).default([]),
  /**
   * How its discussion graph names a parent. `location-parents`: `parentId` is the parent location's
   * id, location ids equal claim ids. `target-parents`: location ids are a namespace of their own
   * and `parentId` names the parent's claim (`targetId`), as public code resolves it (reference/kialo.md).
   */
  graphStyle: z.enum(['location-parents', 'target-parents']).default('location-parents'),
});
export type ReplicaDiscussion = z.infer<typeof ReplicaDiscussionSchema>;
export type ReplicaNode = z.infer<typeof NodeSchema>;

export function loadReplicaDiscussions(root = DEFAULT_REPLICA_ROOT): ReplicaDiscussion[] {
  const dir = join(root, 'discussions');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const file = join(dir, f);
      const parsed = ReplicaDiscussionSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (!parsed.success)
        throw new UserError(parsed.error.issues[0].message, { file, field: parsed.error.issues[0].path.join('.') });
      return parsed.data;
    })
    .sort((a, b) => a.id - b.id);
}

export const claimId = (d: ReplicaDiscussion, n: number) => `${d.id}.${n}`;

export function nodeText(d: ReplicaDiscussion, node: ReplicaNode): string {
  if (node.linkTo === undefined) return node.text ?? '';
  return d.nodes.find((x) => x.n === node.linkTo)?.text ?? '';
}

export function childrenOf(d: ReplicaDiscussion, n: number): ReplicaNode[] {
  return d.nodes.filter((x) => x.parent === n).sort((a, b) => a.n - b.n);
}

/** The root: the node without a parent (its number is not always 0). */
export function rootOf(d: ReplicaDiscussion): ReplicaNode | undefined {
  return d.nodes.find((x) => x.parent === null);
}

/** The theses: relation-0 children of the root, in claim order. */
export function thesesOf(d: ReplicaDiscussion): ReplicaNode[] {
  const root = rootOf(d);
  return root ? childrenOf(d, root.n).filter((x) => x.relation === 0) : [];
}

/** Location ids of a `target-parents` graph start here, so none equals a claim id. */
const LOCATION_ID_OFFSET = 1000;

/** The id of node n's location in the discussion graph (and the key of its votes). */
export function locationId(d: ReplicaDiscussion, n: number): string {
  return d.graphStyle === 'target-parents' ? `${d.id}.${n + LOCATION_ID_OFFSET}` : claimId(d, n);
}

export const histogramTotal = (h: readonly number[]) => h.reduce((a, b) => a + b, 0);
