/**
 * Where downloaded exports go; `normforge import kialo-export` reads this folder when given no file.
 * (Its own module: the CLI's help names it without loading the fetcher.)
 */
export const EXPORTS_DIR = 'data/raw/kialo/exports';
