import type { Stage } from '../stages/contract.ts';

/** A dataset's stages, in order: the runner checks that they chain before anything runs. */
export interface Recipe {
  name: string;
  description: string;
  stages: Stage[];
}
