// The archive's default site (Settings → Default site) in the dialogs that
// pick a site: Publish and New post preselect it, the Sync menu lists it
// first. A default that is no longer a site counts as none.

type WithId = { id: number };

/** The site to preselect: the default one if it is among `sites`, else the
 * first site, else none. */
export function preselectedSite(sites: readonly WithId[], defaultSite: number | null): number | null {
  return sites.find((s) => s.id === defaultSite)?.id ?? sites[0]?.id ?? null;
}

/** `sites` with the default one first, the others in their order. */
export function defaultFirst<T extends WithId>(sites: readonly T[], defaultSite: number | null): T[] {
  return [...sites.filter((s) => s.id === defaultSite), ...sites.filter((s) => s.id !== defaultSite)];
}
