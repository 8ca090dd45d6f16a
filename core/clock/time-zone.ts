/** True when the runtime knows `zone` as an IANA time zone ("Europe/Berlin", "Asia/Tokyo", "UTC"). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
