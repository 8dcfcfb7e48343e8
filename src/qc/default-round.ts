/** The QC round folder under `annotation/<dataset>/` when none is named (its own module: the CLI's help names it). */
export const DEFAULT_ROUND = 'round-1';
