/** Dates in the user's locale; the exact UTC instant goes in the title for hover. */
export function localDateTime(iso: string): { text: string; title: string } {
  const d = new Date(iso);
  return {
    text: d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
    title: `${d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`,
  };
}
