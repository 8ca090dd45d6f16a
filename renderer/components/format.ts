/** A date and time as the clock in `timeZone` shows it (a job's own time zone), with the zone named. */
export function zonedDateTime(iso: string, timeZone: string): { text: string; title: string } {
  const d = new Date(iso);
  try {
    return {
      text: `${d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone })} (${timeZone})`,
      title: `${d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`,
    };
  } catch {
    return localDateTime(iso);
  }
}

/** Dates in the user's locale; the exact UTC instant goes in the title for hover. */
export function localDateTime(iso: string): { text: string; title: string } {
  const d = new Date(iso);
  return {
    text: d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
    title: `${d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`,
  };
}
