import type { Config, PanelMember } from '../schemas/config.ts';
import { PanelMemberSchema } from '../schemas/config.ts';

/**
 * The default panel mirrors the Sociocultural Statements paper: four models, two from US and two
 * from Chinese developers, each asked in English and Chinese, 5 runs at temperature 1. No
 * `baseURL`: with no provider configured they are answered by the local simulator. Prices are
 * list prices per million tokens (OpenAI for gpt-4.1, DeepSeek for deepseek-r1, Together AI for
 * the open-weight models) so plans show what a real run would cost.
 */
export const DEFAULT_PANEL: PanelMember[] = [
  { id: 'gpt-4.1', model: 'gpt-4.1', group: 'US', price: { inputPerMTok: 2.0, outputPerMTok: 8.0 } },
  {
    id: 'llama-3-70b-instruct',
    model: 'llama-3-70b-instruct',
    group: 'US',
    price: { inputPerMTok: 0.88, outputPerMTok: 0.88 },
  },
  { id: 'deepseek-r1', model: 'deepseek-r1', group: 'CN', price: { inputPerMTok: 0.55, outputPerMTok: 2.19 } },
  { id: 'qwen-2.5-72b', model: 'qwen-2.5-72b', group: 'CN', price: { inputPerMTok: 1.2, outputPerMTok: 1.2 } },
].map((m) => PanelMemberSchema.parse({ ...m, languages: ['en', 'zh'], runs: 5, temperature: 1 }));

export function resolvePanel(config: Config): PanelMember[] {
  return config.panel ?? DEFAULT_PANEL;
}

/** Every language any of the members asks in, sorted. */
export function panelLanguages(members: readonly PanelMember[]): string[] {
  return [...new Set(members.flatMap((m) => m.languages))].sort();
}
