import type { PanelMember } from '../schemas/config.ts';

/** Provider identity of members without `baseURL`: the local simulator, wherever it listens. */
export const SIMULATOR_PROVIDER = 'simulator';

/**
 * Who answers a member's requests, as part of every cache key: the `baseURL` without credentials,
 * query or fragment (two hosts serving a model of the same name are two providers; a key rotation
 * or a token in the query string is not a new provider), or `simulator`.
 */
export function providerIdentity(member: Pick<PanelMember, 'baseURL'>): string {
  if (!member.baseURL) return SIMULATOR_PROVIDER;
  const url = new URL(member.baseURL);
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}
