import { UserError } from '../errors.ts';
import { resolvePanel } from '../llm/default-panel.ts';
import type { Config, PanelMember } from '../schemas/config.ts';

/** The evaluated models: `eval.models`, else the default panel; `ids` keeps only those named. */
export function evalMembers(config: Config, ids?: readonly string[]): PanelMember[] {
  const all = config.eval.models ?? resolvePanel(config);
  if (!ids?.length) return all;
  const unknown = ids.filter((id) => !all.some((m) => m.id === id));
  if (unknown.length)
    throw new UserError(`unknown model id(s) ${unknown.join(', ')}; configured: ${all.map((m) => m.id).join(', ')}`, {
      field: 'models',
    });
  return all.filter((m) => ids.includes(m.id));
}
