/**
 * Is process `pid` alive on this host? Signal 0 checks without signalling; EPERM means it exists under another user,
 * so it counts as alive. The one check behind stale owner locks and orphaned temporary files.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
