import {
  childrenOf,
  claimId,
  histogramTotal,
  nodeText,
  thesesOf,
  type ReplicaDiscussion,
  type ReplicaNode,
} from './data.ts';
import { discussionPath } from '../urls.ts';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** JSON inside a <script> must not contain "</script>". */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

/** The claim a page opens on: the one a claim link names, else the thesis (the question of a multi-thesis discussion). */
function focusOf(d: ReplicaDiscussion, selectedClaim: number | undefined): ReplicaNode | undefined {
  if (selectedClaim !== undefined) return d.nodes.find((x) => x.n === selectedClaim);
  return d.isMultipleChoice ? d.nodes.find((x) => x.parent === null) : thesesOf(d)[0];
}

/** The schema.org QAPage block the real server HTML carries before any script runs, about the claim the page opens on. */
function qaPage(d: ReplicaDiscussion, baseUrl: string, selectedClaim: number | undefined) {
  const focus = focusOf(d, selectedClaim);
  const answers = focus ? childrenOf(d, focus.n).filter((x) => x.relation !== 0) : [];
  return {
    '@context': 'https://schema.org',
    '@type': 'QAPage',
    mainEntity: {
      '@type': 'Question',
      name: d.title,
      text: focus ? nodeText(d, focus) : '',
      answerCount: answers.length,
      suggestedAnswer: answers.map((x) => ({
        '@type': 'Answer',
        text: `${x.relation === 1 ? 'Pro' : 'Con'}: ${nodeText(d, x)}`,
        upvoteCount: histogramTotal(x.votes),
        url: new URL(`/${claimId(d, x.n)}`, baseUrl).toString(),
      })),
    },
  };
}

/** Server HTML: head metadata and an empty app root that `/static/app.js` fills from the API; `selectedClaim` for a claim link. */
export function discussionPageHtml(
  d: ReplicaDiscussion,
  baseUrl: string,
  selectedClaim?: number,
  graphPath = '/api/v1/discussiongraph',
): string {
  const layout = d.behaviour === 'changed-layout' ? 'v2' : 'v1';
  const canonical = new URL(discussionPath(d.title, d.id), baseUrl).toString();
  return `<!DOCTYPE html>
<html lang="${escapeHtml(d.language)}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(d.title)} | Kialo</title>
<link rel="canonical" href="${escapeHtml(canonical)}">
<script id="metadata-qapage" type="application/ld+json">${scriptJson(qaPage(d, baseUrl, selectedClaim))}</script>
</head>
<body>
<div id="root"><div class="loading-spinner"></div></div>
<script>window.__DISCUSSION_ID__ = ${d.id}; window.__LAYOUT__ = "${layout}"; window.__SELECTED_CLAIM__ = ${scriptJson(selectedClaim === undefined ? null : claimId(d, selectedClaim))}; window.__GRAPH_PATH__ = ${scriptJson(graphPath)};</script>
<script src="/static/app.js"></script>
</body>
</html>`;
}
