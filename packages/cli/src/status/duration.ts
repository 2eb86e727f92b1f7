/** A short human duration: "42s", "3m07s", "5h02m", "12d04h". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const pad = (n: number): string => String(n).padStart(2, "0");
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m${pad(seconds % 60)}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h${pad(m % 60)}m`;
  return `${Math.floor(h / 24)}d${pad(h % 24)}h`;
}
