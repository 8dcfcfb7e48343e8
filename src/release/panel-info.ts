import { SIMULATOR_PROVIDER } from '../llm/provider.ts';
import type { RecordedMember } from './run-provenance.ts';

/** A panel member as the card reports it. */
export interface PanelInfo {
  id: string;
  model: string;
  languages: string[];
  runs: number | null;
  temperature: number | null;
  simulated: boolean;
}

interface VoteLike {
  model: string;
  language: string;
  answers: unknown[];
}

export interface LabelLike {
  models: string[];
  votes: VoteLike[];
  simulated: boolean;
}

/**
 * Panel members named by the records, described from the members the producing runs recorded
 * (model version, runs, temperature, the model name the provider reported) — never from the live
 * config — and from the votes themselves for languages and runs per vote. A model id the runs did
 * not record is still listed, with what the votes tell.
 */
export function panelInfo(rows: readonly LabelLike[], panel: readonly RecordedMember[]): PanelInfo[] {
  const ids = [...new Set(rows.flatMap((r) => [...r.models, ...r.votes.map((v) => v.model)]))].sort();
  return ids.map((id) => {
    const votes = rows.flatMap((r) => r.votes.filter((v) => v.model === id));
    const member = panel.find((m) => m.id === id);
    const languages = [...new Set(votes.map((v) => v.language))].sort();
    const runs = votes.length ? Math.max(...votes.map((v) => v.answers.length)) : null;
    const simulated = rows.some((r) => r.simulated && r.models.includes(id));
    if (!member) return { id, model: id, languages, runs, temperature: null, simulated };
    const reported = member.reportedModels.filter((m) => m !== member.model);
    const model = reported.length ? `${member.model} (provider reported ${reported.join(', ')})` : member.model;
    return {
      id,
      model,
      languages: languages.length ? languages : member.languages,
      runs: runs ?? member.runs,
      temperature: member.temperature,
      simulated: simulated || member.provider === SIMULATOR_PROVIDER,
    };
  });
}

export function panelTable(panel: readonly PanelInfo[]): string {
  if (panel.length === 0) return 'The records name no panel models.';
  const rows = panel.map(
    (p) =>
      `| \`${p.id}\` | ${p.model}${p.simulated ? ' (offline simulator)' : ''} | ${p.languages.join(', ') || '-'} | ${p.runs ?? '-'} | ${p.temperature ?? '-'} |`,
  );
  return ['| member | model (version) | languages | runs | temperature |', '|---|---|---|---:|---:|', ...rows].join(
    '\n',
  );
}
