import { z } from 'zod';

/**
 * Shapes of the Kialo JSON API answers we read (reference/kialo.md). Loose objects: the real API
 * carries many more fields, which we keep in the snapshots but do not depend on.
 */
/** A row of the discussion listing: what a vote filter needs, with no page or further request. */
export const ListingRowSchema = z.looseObject({
  id: z.number().int(),
  title: z.string().optional(),
  tags: z.array(z.string()).optional(),
  language: z.string().optional(),
  voteCount: z.number().int().min(0).optional(),
  participantCount: z.number().int().min(0).optional(),
});
export type ListingRow = z.infer<typeof ListingRowSchema>;

export const ListingAnswerSchema = z.looseObject({ discussions: z.array(ListingRowSchema) });

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

/** `voteCount` is the discussion's total, read by public code as `statistics['voteCount']`. */
export const StatisticsAnswerSchema = z.looseObject({
  voteCount: z.number().int().min(0).optional(),
  participantStatistics: z.array(
    z.looseObject({ discussionIdentityId: z.number(), voteCount: z.number().int().min(0) }),
  ),
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

/** The API answers of one discussion, by the name their snapshot file and endpoint carry (surface.ts). */
export const API_ANSWERS = {
  discussion: { schema: DiscussionAnswerSchema },
  statistics: { schema: StatisticsAnswerSchema },
  votes: { schema: VotesAnswerSchema },
  discussiongraph: { schema: GraphAnswerSchema },
} as const;
export type ApiAnswerName = keyof typeof API_ANSWERS;
export const API_ANSWER_NAMES = Object.keys(API_ANSWERS) as ApiAnswerName[];
