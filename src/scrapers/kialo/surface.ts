import type { z } from 'zod';
import { UserError } from '../../errors.ts';
import type { KialoEndpointsSchema, KialoSelectorsSchema } from '../../schemas/config.ts';

/**
 * Every path and CSS selector the Kialo scraper depends on, in one place, each overridable in the
 * config (`sources.kialo.endpoints`, `sources.kialo.selectors`): Kialo has renamed its endpoints
 * before and its class names change with every redesign (reference/kialo.md).
 * `{id}` is the discussion id; the listing takes `{limit}` and `{skip}`, an export `{slug}`.
 */
export const DEFAULT_ENDPOINTS = {
  discussion: '/api/v1/discussions/{id}',
  statistics: '/api/v1/discussions/{id}/statistics',
  votes: '/api/v1/discussions/{id}/perspectives/1/votes?filter=all',
  discussiongraph: '/api/v1/discussiongraph?discussionId={id}',
  listing: '/api/v1/discussions?filter=latest_activity&sort=latest_activity&limit={limit}&skip={skip}',
  /** A discussion's page by id (`/<id>` answers for any discussion): where an export fetched by id learns the site's slug. */
  page: '/{id}',
  export: '/export/{slug}-{id}.txt',
} as const satisfies Required<z.infer<typeof KialoEndpointsSchema>>;
export type EndpointName = keyof typeof DEFAULT_ENDPOINTS;

/** Selectors of the rendered cross-check. A mismatch is a warning: the API is the source. */
export const DEFAULT_SELECTORS = {
  /** schema.org QAPage block in the server HTML (seen in 2019 pages); `mainEntity.text` is the thesis or question. */
  jsonLd: 'script#metadata-qapage[type="application/ld+json"]',
  title: 'h1.topbar-title__discussion-title',
  /** The claim the page opens on: the thesis, or the question of a multi-thesis discussion. */
  selectedClaimText: '.selected-claim .claim-text__content',
  /** Five impact buckets (0..4) of the selected claim's voters (on the real site only after "Voting Stats"). */
  selectedClaimHistogram: '.selected-claim .voters-histogram__voters-bar-container .icon__counter',
} as const satisfies Required<z.infer<typeof KialoSelectorsSchema>>;
export type Selectors = { [K in keyof typeof DEFAULT_SELECTORS]: string };

/** Placeholders each endpoint must carry, so an override cannot silently drop the discussion id. */
const REQUIRED_PLACEHOLDERS: Record<EndpointName, string[]> = {
  discussion: ['{id}'],
  statistics: ['{id}'],
  votes: ['{id}'],
  discussiongraph: ['{id}'],
  listing: ['{limit}', '{skip}'],
  page: ['{id}'],
  export: ['{id}'],
};

export interface Surface {
  endpoints: Record<EndpointName, string>;
  selectors: Selectors;
  /** The absolute URL of an endpoint with its placeholders filled in (values URI-encoded). */
  url(name: EndpointName, values: Record<string, string | number>): string;
}

export function resolveSurface(
  baseUrl: string,
  endpoints: z.infer<typeof KialoEndpointsSchema> = {},
  selectors: z.infer<typeof KialoSelectorsSchema> = {},
): Surface {
  const merged: Record<EndpointName, string> = { ...DEFAULT_ENDPOINTS, ...endpoints };
  for (const [name, path] of Object.entries(merged) as Array<[EndpointName, string]>) {
    const absent = REQUIRED_PLACEHOLDERS[name].filter((p) => !path.includes(p));
    if (absent.length)
      throw new UserError(`endpoint "${path}" lacks ${absent.join(', ')}`, {
        field: `sources.kialo.endpoints.${name}`,
      });
  }
  return {
    endpoints: merged,
    selectors: { ...DEFAULT_SELECTORS, ...selectors },
    url: (name, values) =>
      new URL(
        merged[name].replace(/\{(\w+)\}/g, (all, key: string) =>
          key in values ? encodeURIComponent(String(values[key])) : all,
        ),
        baseUrl,
      ).toString(),
  };
}
