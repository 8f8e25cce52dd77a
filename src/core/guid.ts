// GUIDs (tenant ids, app ids, object ids, correlation ids) in their textual 8-4-4-4-12 form.

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(s: string): boolean {
  return GUID.test(s);
}
