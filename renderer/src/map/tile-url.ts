/** A tile URL the map may load: https with {z}, {x} and {y}, or empty for the offline base map. */
export function validTileUrl(value: string): boolean {
  return value === '' || (/^https:\/\/[^\s]+$/.test(value) && ['{z}', '{x}', '{y}'].every((p) => value.includes(p)));
}
