/** Whether dist/ holds the current sources (see dist-fresh.js). */
export function distIsFresh(root: string): boolean;
