/** `3,4 MB`, `850 KB`: Vietnamese decimal comma. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',').replace(/,0$/, '')} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
