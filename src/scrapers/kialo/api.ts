import { z } from 'zod';

/**
 * Shapes of the Kialo JSON API answers we read (reference/kialo.md). Loose objects: the real API
 * carries many more fields, which we keep in the snapshots but do not depend on.
 */
export const ListingAnswerSchema = z.looseObject({
  discussions: z.array(z.looseObject({ id: z.number().int(), title: z.string().optional(), tags: z.array(z.string()).optional() })),
});

export const DiscussionAnswerSchema = z.looseObject({
  discussion: z.looseObject({
    id: z.number().int(),
    title: z.string(),
    isMultipleChoice: z.boolean().optional(),
    /** Where the real API shows the language is open (reference: [likely]); read when present. */
    language: z.string().optional(),
    tags: z.array(z.string()).optional(),
  }),
});

export const StatisticsAnswerSchema = z.looseObject({
  participantStatistics: z.array(z.looseObject({ discussionIdentityId: z.number(), voteCount: z.number().int().min(0) })),
});

/** Per location: how many users gave impact 0..4. */
export const VotesAnswerSchema = z.looseObject({
  votes: z.record(z.string(), z.array(z.number().int().min(0)).length(5)),
});

export const GraphAnswerSchema = z.looseObject({
  claims: z.array(z.looseObject({ id: z.string(), text: z.string() })),
  locations: z.array(
    z.looseObject({
      id: z.string(),
      targetId: z.string(),
      parentId: z.string().nullable(),
      relation: z.number().int().nullable(),
      isOrigin: z.boolean().optional(),
      isDeleted: z.boolean().optional(),
    }),
  ),
});

export type DiscussionAnswer = z.infer<typeof DiscussionAnswerSchema>;
export type StatisticsAnswer = z.infer<typeof StatisticsAnswerSchema>;
export type VotesAnswer = z.infer<typeof VotesAnswerSchema>;
export type GraphAnswer = z.infer<typeof GraphAnswerSchema>;

/** The API answers a discussion page fetches, by the name their snapshot file carries. */
export const API_ANSWERS = {
  discussion: { schema: DiscussionAnswerSchema, matches: (path: string) => /^\/api\/v1\/discussions\/\d+$/.test(path) },
  statistics: { schema: StatisticsAnswerSchema, matches: (path: string) => /^\/api\/v1\/discussions\/\d+\/statistics$/.test(path) },
  votes: { schema: VotesAnswerSchema, matches: (path: string) => /^\/api\/v1\/discussions\/\d+\/perspectives\/\d+\/votes$/.test(path) },
  discussiongraph: { schema: GraphAnswerSchema, matches: (path: string) => path === '/api/v1/discussiongraph' },
} as const;
export type ApiAnswerName = keyof typeof API_ANSWERS;
export const API_ANSWER_NAMES = Object.keys(API_ANSWERS) as ApiAnswerName[];
