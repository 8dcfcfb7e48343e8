import { claimId, type ReplicaDiscussion } from './data.ts';

/** JSON answers of the replica's `/api/v1/...` endpoints, shaped as in reference/kialo.md. */
export function listingAnswer(all: ReplicaDiscussion[], skip: number, limit: number) {
  const listed = all.filter((d) => d.behaviour !== 'gone');
  return { discussions: listed.slice(skip, skip + limit).map((d) => ({ id: d.id, title: d.title, tags: d.tags, created: d.created })) };
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
    participantStatistics: d.participants.map((p) => ({
      discussionIdentityId: p.id,
      claimAndThesisCount: p.claimAndThesisCount,
      contributionCount: p.contributionCount,
      voteCount: p.voteCount,
    })),
    discussionIdentityInfos: d.participants.map((p) => ({ id: p.id, name: p.name })),
  };
}

export function votesAnswer(d: ReplicaDiscussion) {
  return { votes: Object.fromEntries(d.nodes.filter((x) => x.parent !== null).map((x) => [claimId(d, x.n), x.votes])) };
}

export function graphAnswer(d: ReplicaDiscussion) {
  return {
    claims: d.nodes
      .filter((x) => x.linkTo === undefined)
      .map((x) => ({ id: claimId(d, x.n), text: x.text ?? '', created: d.created, version: 1, authorIdentityId: d.participants[0]?.id ?? null })),
    locations: d.nodes.map((x) => ({
      id: claimId(d, x.n),
      targetId: claimId(d, x.linkTo ?? x.n),
      parentId: x.parent === null ? null : claimId(d, x.parent),
      relation: x.relation,
      isOrigin: x.parent === null,
    })),
  };
}

export function tagsAnswer(all: ReplicaDiscussion[]) {
  return { tags: [...new Set(all.flatMap((d) => d.tags))].sort().map((tagName) => ({ tagName })) };
}
