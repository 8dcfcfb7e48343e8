/**
 * Every CSS selector the scraper depends on, in one place: when Kialo changes its layout, this is
 * the file to fix (then `normforge scrape kialo --reparse` re-extracts the kept snapshots).
 */
export const SELECTORS = {
  /** schema.org QAPage block in the server HTML; `mainEntity.text` is the thesis (or question). */
  jsonLd: 'script#metadata-qapage[type="application/ld+json"]',
  title: 'h1.topbar-title__discussion-title',
  /** The claim the page opens on: the thesis, or the question of a multi-thesis discussion. */
  selectedClaimText: '.selected-claim .claim-text__content',
  /** Five impact buckets (0..4) of the selected claim's voters. */
  selectedClaimHistogram: '.selected-claim .voters-histogram__voters-bar-container .icon__counter',
  cookieNoticeClose: '.toast-template__close-icon',
} as const;

/** What the browser waits for before it takes the rendered HTML. */
export const RENDERED_MARKER = SELECTORS.selectedClaimText;
