// What counts as a JSON media type, for bodies read and answers rendered or checked alike.

/** application/json or a structured +json type (application/problem+json), parameters and case aside. */
export function isJsonMedia(mediaType: string): boolean {
  const type = mediaType.split(';')[0].trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}
