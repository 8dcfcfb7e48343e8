import { claimId, histogramTotal, locationId, type ReplicaDiscussion } from './data.ts';

/** JSON answers of the replica's `/api/v1/...` endpoints, shaped as in reference/kialo.md. */
/** Every vote cast in a discussion: what the statistics answer's `voteCount` and the listing row say. */
export const voteTotal = (d: ReplicaDiscussion) => d.nodes.reduce((n, x) => n + histogramTotal(x.votes), 0);

/** Listing rows carry what a vote filter needs (votes, participants, language, tags), as seen in public code. */
export function listingAnswer(all: ReplicaDiscussion[], skip: number, limit: number) {
  const listed = all.filter((d) => d.behaviour !== 'gone');
  return {
    discussions: listed.slice(skip, skip + limit).map((d) => ({
      id: d.id,
      title: d.title,
      tags: d.tags,
      language: d.language,
      created: d.created,
      voteCount: voteTotal(d),
      participantCount: d.participants.length,
      contributionCount: d.participants.reduce((n, p) => n + p.contributionCount, 0),
      argumentCount: d.nodes.filter((x) => x.relation === 1 || x.relation === -1).length,
      viewCount: 10 * d.nodes.length,
    })),
  };
}

export function discussionAnswer(d: ReplicaDiscussion) {
  return {
    discussion: {
      id: d.id,
      title: d.title,
      isMultipleChoice: d.isMultipleChoice,
      backgroundInfo: '',
      created: d.created,
      language: d.language,
      tags: d.tags,
    },
  };
}

export function statisticsAnswer(d: ReplicaDiscussion) {
  return {
    voteCount: voteTotal(d),
    participantStatistics: d.participants.map((p) => ({
      discussionIdentityId: p.id,
      claimAndThesisCount: p.claimAndThesisCount,
      contributionCount: p.contributionCount,
      voteCount: p.voteCount,
    })),
    discussionIdentityInfos: d.participants.map((p) => ({ id: p.id, name: p.name })),
  };
}

/** Histograms by location id. */
export function votesAnswer(d: ReplicaDiscussion) {
  return {
    votes: Object.fromEntries(d.nodes.filter((x) => x.parent !== null).map((x) => [locationId(d, x.n), x.votes])),
  };
}

/** A `target-parents` graph names the parent's claim; the default names the parent's location. */
function parentIdOf(d: ReplicaDiscussion, parent: number): string {
  if (d.graphStyle !== 'target-parents') return locationId(d, parent);
  const node = d.nodes.find((x) => x.n === parent);
  return claimId(d, node?.linkTo ?? parent);
}

export function graphAnswer(d: ReplicaDiscussion) {
  return {
    claims: d.nodes
      .filter((x) => x.linkTo === undefined)
      .map((x) => ({
        id: claimId(d, x.n),
        text: x.text ?? '',
        created: d.created,
        version: 1,
        authorIdentityId: d.participants[0]?.id ?? null,
      })),
    locations: d.nodes.map((x) => ({
      id: locationId(d, x.n),
      targetId: claimId(d, x.linkTo ?? x.n),
      parentId: x.parent === null ? null : parentIdOf(d, x.parent),
      relation: x.relation,
      isOrigin: x.parent === null,
    })),
  };
}

export function tagsAnswer(all: ReplicaDiscussion[]) {
  return { tags: [...new Set(all.flatMap((d) => d.tags))].sort().map((tagName) => ({ tagName })) };
}
