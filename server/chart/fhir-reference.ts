/**
 * The id a reference points at, whatever its form: `Encounter/abc`, an absolute URL ending so,
 * `Encounter/abc/_history/2`, or `urn:uuid:abc` (Bundles of transaction type, Synthea's).
 */
export function referencedId(reference: string | undefined): string | undefined {
  if (reference === undefined) return undefined;
  const uuid = /^urn:uuid:(.+)$/.exec(reference);
  if (uuid) return uuid[1];
  const literal = /(?:^|\/)[A-Z][A-Za-z]+\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(reference);
  return literal?.[1];
}

/** True when a reference points at the resource with this id. */
export function refersTo(reference: string | undefined, id: string | undefined): boolean {
  return id !== undefined && referencedId(reference) === id;
}
