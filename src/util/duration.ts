/**
 * The one formatter of durations for people, in two styles because two readers need different things:
 * - `clock` (progress lines and ETAs, redrawn every tenth of a second, so fixed width): `0:05`, `12:40`, `1:02:05`;
 * - `prose` (reports, read once): `850 ms`, `12.5 s`, `3 min 5 s`.
 * Input in milliseconds.
 */
export function formatDuration(ms: number, style: 'clock' | 'prose'): string {
  return style === 'clock' ? clock(ms / 1000) : prose(ms);
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`;
}

function prose(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 120) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
